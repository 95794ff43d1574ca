import type { Attribute, InstrumentationScope, Resource, Span, SpanEvent } from '@waymark/span-model';

const byKey = (a: Attribute, b: Attribute): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const byTime = (a: SpanEvent, b: SpanEvent): number => (a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : 0);

function isSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1] as T, items[i] as T) > 0) return false;
  return true;
}

/** The same array when already in order (no copy, identity kept), else a stably sorted copy. */
function sortedList<T>(items: readonly T[], compare: (a: T, b: T) => number): readonly T[] {
  return isSorted(items, compare) ? items : [...items].sort(compare);
}

const sortedAttributes = (attributes: readonly Attribute[]): readonly Attribute[] => sortedList(attributes, byKey);

/**
 * Jaeger's `SortCollections` (v2; v1's `SortTagsAndLogFields`): attributes of spans, events,
 * links, resources and scopes by key, so that equal spans compare equal whatever order their
 * writer used. One difference: events are ordered by time (stable), not by name, which is the
 * order a timeline shows them in. Resources and scopes are shared objects (the model groups
 * spans by their identity): each distinct object is sorted once and stays shared.
 */
export class CollectionSorter {
  private readonly resources = new Map<Resource, Resource>();
  private readonly scopes = new Map<InstrumentationScope, InstrumentationScope>();

  sortSpan(span: Span): Span {
    const attributes = sortedAttributes(span.attributes);
    const events = sortedList(span.events, byTime).map((event) => this.sortEvent(event));
    const links = span.links.map((link) => {
      const sorted = sortedAttributes(link.attributes);
      return sorted === link.attributes ? link : { ...link, attributes: sorted };
    });
    const resource = this.resource(span.resource);
    const scope = this.scope(span.scope);
    const unchanged =
      attributes === span.attributes &&
      resource === span.resource &&
      scope === span.scope &&
      events.every((event, i) => event === span.events[i]) &&
      links.every((link, i) => link === span.links[i]);
    return unchanged ? span : { ...span, attributes, events, links, resource, scope };
  }

  private sortEvent(event: SpanEvent): SpanEvent {
    const attributes = sortedAttributes(event.attributes);
    return attributes === event.attributes ? event : { ...event, attributes };
  }

  private resource(resource: Resource): Resource {
    let sorted = this.resources.get(resource);
    if (!sorted) {
      const attributes = sortedAttributes(resource.attributes);
      sorted = attributes === resource.attributes ? resource : { ...resource, attributes };
      this.resources.set(resource, sorted);
    }
    return sorted;
  }

  private scope(scope: InstrumentationScope): InstrumentationScope {
    let sorted = this.scopes.get(scope);
    if (!sorted) {
      const attributes = sortedAttributes(scope.attributes);
      sorted = attributes === scope.attributes ? scope : { ...scope, attributes };
      this.scopes.set(scope, sorted);
    }
    return sorted;
  }
}
