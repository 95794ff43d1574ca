import type { estypes } from '@elastic/elasticsearch';
import type { SpanKind } from '@waymark/span-model';
import { spanTagExists, spanTagMatch } from './tag-query';

type Body = Pick<estypes.SearchRequest, 'size' | 'query' | 'aggs' | 'track_total_hits'>;

const namesOf = (field: string, size: number): Body['aggs'] => ({ names: { terms: { field, size, order: { _key: 'asc' } } } });

/** Service names from the service indices (`terms` on `serviceName`, sorted). */
export function servicesQuery(maxNames: number): Body {
  return { size: 0, track_total_hits: false, aggs: namesOf('serviceName', maxNames) };
}

/**
 * Operation names of a service. Without a kind: from the service indices (`serviceName` /
 * `operationName`, which hold no kind). With a kind: from the span indices, spans of the service
 * whose `span.kind` tag is that kind (either layout); `unspecified` means spans without one.
 */
export function operationsQuery(serviceName: string, spanKind: SpanKind | undefined, dotReplacement: string, maxNames: number): Body {
  if (spanKind === undefined) {
    return { size: 0, track_total_hits: false, query: { bool: { filter: [{ term: { serviceName } }] } }, aggs: namesOf('operationName', maxNames) };
  }
  const filter: estypes.QueryDslQueryContainer[] = [{ term: { 'process.serviceName': serviceName } }];
  const kind = spanKind === 'unspecified' ? { must_not: [spanTagExists('span.kind', dotReplacement)] } : {};
  if (spanKind !== 'unspecified') filter.push(spanTagMatch('span.kind', spanKind, dotReplacement));
  return { size: 0, track_total_hits: false, query: { bool: { filter, ...kind } }, aggs: namesOf('operationName', maxNames) };
}
