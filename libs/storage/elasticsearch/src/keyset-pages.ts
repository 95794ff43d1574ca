import type { Client, estypes } from '@elastic/elasticsearch';

type Query = estypes.QueryDslQueryContainer;
type SortValue = string | number;

/** A field documents are ordered by, with the type Elasticsearch sorts an index without it as. */
export interface KeyField {
  readonly field: string;
  readonly unmappedType: 'long' | 'keyword';
}

export interface KeysetRequest {
  readonly index: readonly string[];
  /** Which documents to read. */
  readonly query: Query;
  /** The order: the first key, then the second. */
  readonly keys: readonly [KeyField, KeyField];
  /** Documents per request; at most `index.max_result_window` (10,000 by default). */
  readonly pageSize: number;
  /** `_source` filtering: the fields the caller reads. */
  readonly source?: estypes.SearchSourceConfig;
  /** At most this many documents in all (the first ones in key order); default: every one. */
  readonly limit?: number;
}

/** Where the previous page ended: its last key values, and the `_id`s already read with exactly those values. */
export interface PageEnd {
  readonly values: readonly [SortValue, SortValue];
  readonly ids: readonly string[];
}

/**
 * The documents after `after` in (key1, key2) order: a greater first key; or the same first key
 * and a greater second; or both the same and not read yet. Only `range`, `term`, `ids` and `bool`.
 */
export function afterQuery(keys: readonly [KeyField, KeyField], after: PageEnd): Query {
  const [k1, k2] = keys;
  const [v1, v2] = after.values;
  return {
    bool: {
      should: [
        { range: { [k1.field]: { gt: v1 } } },
        { bool: { filter: [{ term: { [k1.field]: v1 } }, { range: { [k2.field]: { gt: v2 } } }] } },
        { bool: { filter: [{ term: { [k1.field]: v1 } }, { term: { [k2.field]: v2 } }], must_not: [{ ids: { values: [...after.ids] } }] } },
      ],
      minimum_should_match: 1,
    },
  };
}

const sortValueOf = (value: unknown): SortValue | undefined => (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined);

/**
 * Every document matching the query, a page at a time, in (key1, key2) order: keyset pagination
 * made exact. Each page starts after the previous page's last key pair and leaves out the
 * documents already read with that same pair, so nothing is skipped or read twice at a page
 * boundary even when many documents share the first key (a trace's spans sharing a start time)
 * or both keys (duplicates of a span id). Plain `search_after` needs a unique sort key for that,
 * which span documents lack (`_id` sorting is off in Elasticsearch 8; `_shard_doc` needs a point
 * in time, that is, server-side state to open, keep alive and close). Stateless: a page is one
 * ordinary search. A document without both keys ends the reading with an error, never silently.
 */
export async function* keysetPages(client: Client, request: KeysetRequest): AsyncGenerator<estypes.SearchHit<unknown>[]> {
  const [k1, k2] = request.keys;
  const limit = request.limit ?? Number.POSITIVE_INFINITY;
  let after: PageEnd | undefined;
  let read = 0;
  for (;;) {
    const size = Math.min(request.pageSize, limit - read);
    if (!(size >= 1)) return;
    const response = await client.search<unknown>({
      index: [...request.index],
      ignore_unavailable: true,
      allow_no_indices: true,
      size,
      track_total_hits: false,
      ...(request.source === undefined ? {} : { _source: request.source }),
      sort: [{ [k1.field]: { order: 'asc', unmapped_type: k1.unmappedType } }, { [k2.field]: { order: 'asc', unmapped_type: k2.unmappedType } }],
      query: after === undefined ? request.query : { bool: { filter: [request.query, afterQuery(request.keys, after)] } },
    });
    const hits = response.hits.hits;
    read += hits.length;
    if (hits.length > 0) yield hits;
    const last = hits[hits.length - 1];
    if (hits.length < size || last === undefined || read >= limit) return;
    const v1 = sortValueOf(last.sort?.[0]);
    const v2 = sortValueOf(last.sort?.[1]);
    if (v1 === undefined || v2 === undefined) throw new Error(`documents without ${k1.field} and ${k2.field} cannot be paged`);
    const tied = hits.filter((hit) => hit.sort?.[0] === v1 && hit.sort?.[1] === v2).map((hit) => hit._id ?? '');
    const sameEnd = after !== undefined && after.values[0] === v1 && after.values[1] === v2;
    after = { values: [v1, v2], ids: sameEnd ? [...(after?.ids ?? []), ...tied] : tied };
  }
}
