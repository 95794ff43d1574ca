import type { Client, estypes } from '@elastic/elasticsearch';

type Query = estypes.QueryDslQueryContainer;

export interface SpanPageRequest {
  readonly index: readonly string[];
  /** Every stored form of every trace id wanted (see `traceIdForms`). */
  readonly traceIds: readonly string[];
  /** Documents per request; at most `index.max_result_window` (10,000 by default). */
  readonly pageSize: number;
}

/** Where the previous page ended: its last start time, and the `_id`s already read with that start time. */
interface PageEnd {
  readonly startTime: number;
  readonly ids: readonly string[];
}

/** The query of one page: the traces' documents not yet read, in start time order. */
export function spanPageQuery(traceIds: readonly string[], after: PageEnd | undefined): Query {
  const filter: Query[] = [{ terms: { traceID: [...traceIds] } }];
  if (after === undefined) return { bool: { filter } };
  filter.push({ range: { startTime: { gte: after.startTime } } });
  return { bool: { filter, must_not: [{ ids: { values: [...after.ids] } }] } };
}

/**
 * Every span document (`_source`) of the given traces, however many: pages of `pageSize`
 * sorted by `startTime`, each starting at the previous page's last start time and excluding the
 * documents already read at that time. This is `search_after` on `startTime` made exact: plain
 * `search_after` needs a unique sort key to lose nothing at a page boundary, and span documents
 * have none that Elasticsearch 8 can sort on (`_id` sorting is disabled; `_shard_doc` needs a
 * point in time), while spans of one trace often share a start time.
 */
export async function fetchSpanDocuments(client: Client, request: SpanPageRequest): Promise<unknown[]> {
  const sources: unknown[] = [];
  let after: PageEnd | undefined;
  for (;;) {
    const response = await client.search<unknown>({
      index: [...request.index],
      ignore_unavailable: true,
      allow_no_indices: true,
      size: request.pageSize,
      track_total_hits: false,
      sort: [{ startTime: { order: 'asc', unmapped_type: 'long' } }, { spanID: { order: 'asc', unmapped_type: 'keyword' } }],
      query: spanPageQuery(request.traceIds, after),
    });
    const hits = response.hits.hits;
    for (const hit of hits) sources.push(hit._source);
    const last = hits[hits.length - 1];
    if (hits.length < request.pageSize || last === undefined) return sources;
    const lastStart = Number(last.sort?.[0]);
    if (!Number.isFinite(lastStart)) throw new Error('span documents without a numeric startTime cannot be paged');
    const sameStart = hits.filter((hit) => Number(hit.sort?.[0]) === lastStart).map((hit) => hit._id ?? '');
    after = { startTime: lastStart, ids: after?.startTime === lastStart ? [...after.ids, ...sameStart] : sameStart };
  }
}
