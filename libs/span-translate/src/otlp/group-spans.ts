import type { InstrumentationScope, Resource, Span } from '@waymark/span-model';

/**
 * Spans grouped by resource object, then by scope object, as OTLP's ResourceSpans and ScopeSpans
 * nest them. Groups keep the order in which they were first seen, spans their relative order.
 * Identity, not equality, decides: decoders share one object per group, so this is exact for
 * decoded spans and linear in the number of spans.
 */
export function groupByResourceAndScope(spans: readonly Span[]): Map<Resource, Map<InstrumentationScope, Span[]>> {
  const groups = new Map<Resource, Map<InstrumentationScope, Span[]>>();
  let lastResource: Resource | undefined;
  let lastScope: InstrumentationScope | undefined;
  let lastList: Span[] = [];
  for (const span of spans) {
    // Consecutive spans nearly always share both; skip the map lookups for them.
    if (span.resource === lastResource && span.scope === lastScope) {
      lastList.push(span);
      continue;
    }
    let scopes = groups.get(span.resource);
    if (scopes === undefined) groups.set(span.resource, (scopes = new Map()));
    let list = scopes.get(span.scope);
    if (list === undefined) scopes.set(span.scope, (list = []));
    list.push(span);
    lastResource = span.resource;
    lastScope = span.scope;
    lastList = list;
  }
  return groups;
}
