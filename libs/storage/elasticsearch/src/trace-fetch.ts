import type { Client, estypes } from '@elastic/elasticsearch';
import type { TraceId } from '@waymark/span-model';
import { keysetPages } from './keyset-pages';

export interface SpanPageRequest {
  readonly index: readonly string[];
  /** Every stored form of every trace id wanted (see `traceIdForms`). */
  readonly traceIds: readonly string[];
  /** Documents per request; at most `index.max_result_window` (10,000 by default). */
  readonly pageSize: number;
  /** Reading stops after this many documents (the earliest, by start time). */
  readonly maxDocs: number;
}

/** The documents of the traces: one `terms` filter on `traceID` (no pattern, no scoring). */
export const traceDocumentsQuery = (traceIds: readonly string[]): estypes.QueryDslQueryContainer => ({ bool: { filter: [{ terms: { traceID: [...traceIds] } }] } });

/**
 * The span documents (`_source`) of the given traces, however many pages they take (a trace of
 * 10,000 spans is more than one page), up to `maxDocs`: pages in (`startTime`, `spanID`) order,
 * exact at every page boundary (see keyset-pages.ts), so a cut keeps the earliest spans.
 */
export async function fetchSpanDocuments(client: Client, request: SpanPageRequest): Promise<unknown[]> {
  const sources: unknown[] = [];
  const pages = keysetPages(client, {
    index: request.index,
    query: traceDocumentsQuery(request.traceIds),
    keys: [
      { field: 'startTime', unmappedType: 'long' },
      { field: 'spanID', unmappedType: 'keyword' },
    ],
    pageSize: request.pageSize,
    limit: request.maxDocs,
  });
  for await (const hits of pages) for (const hit of hits) sources.push(hit._source);
  return sources;
}

/**
 * How many span documents each stored `traceID` form has: one `terms` aggregation, no hits.
 * Lets the reader plan a read (cap a huge trace, keep a response within its budget) before it
 * holds a single span.
 */
export async function countSpanDocuments(client: Client, request: Pick<SpanPageRequest, 'index' | 'traceIds'>): Promise<Map<string, number>> {
  const response = await client.search({
    index: [...request.index],
    ignore_unavailable: true,
    allow_no_indices: true,
    size: 0,
    track_total_hits: false,
    query: traceDocumentsQuery(request.traceIds),
    aggs: { perTrace: { terms: { field: 'traceID', size: Math.max(1, request.traceIds.length) } } },
  });
  const buckets = (response.aggregations?.['perTrace'] as { buckets?: unknown } | undefined)?.buckets;
  const counts = new Map<string, number>();
  if (Array.isArray(buckets)) {
    for (const bucket of buckets as Array<{ key?: unknown; doc_count?: unknown }>) {
      if (typeof bucket.key === 'string' && typeof bucket.doc_count === 'number') counts.set(bucket.key, bucket.doc_count);
    }
  }
  return counts;
}

/** How `fetchTraces` reads a list of traces within its bounds. */
export interface TraceReadPlan {
  /** The traces read, in the order asked (those with no document and those past the budget left out). */
  readonly order: readonly TraceId[];
  /** Traces within the per-trace cap: read together, every document. */
  readonly whole: readonly TraceId[];
  /** Traces over the cap: each read alone, its earliest `maxSpansPerTrace` documents. */
  readonly capped: ReadonlyArray<{ readonly traceId: TraceId; readonly stored: number }>;
}

/**
 * Plans the read of `ids` from how many documents each has stored: each trace costs its count,
 * at most `maxSpansPerTrace`; traces are taken in order until the next would pass `spanBudget`
 * (the first is always taken, so a budget below the cap still answers one trace).
 */
export function planTraceReads(ids: readonly TraceId[], stored: (id: TraceId) => number, limits: { maxSpansPerTrace: number; spanBudget: number }): TraceReadPlan {
  const order: TraceId[] = [];
  const whole: TraceId[] = [];
  const capped: Array<{ traceId: TraceId; stored: number }> = [];
  let used = 0;
  for (const traceId of ids) {
    const count = stored(traceId);
    if (count === 0) continue;
    const cost = Math.min(count, limits.maxSpansPerTrace);
    if (order.length > 0 && used + cost > limits.spanBudget) break;
    used += cost;
    order.push(traceId);
    if (count > limits.maxSpansPerTrace) capped.push({ traceId, stored: count });
    else whole.push(traceId);
  }
  return { order, whole, capped };
}
