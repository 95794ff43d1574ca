import type { estypes } from '@elastic/elasticsearch';
import type { TraceId } from '@waymark/span-model';
import { traceIdFromHex, traceIdToJaegerHex } from '@waymark/span-model';
import type { TraceQuery } from '@waymark/storage-api';
import { tagMatch } from './tag-query';

type Query = estypes.QueryDslQueryContainer;

/** The query's time bounds, in µs, after the read window was clamped. */
export interface MicrosRange {
  readonly minMicros: number;
  readonly maxMicros: number;
}

/**
 * The filter one span document must pass for `findTraceIds`: service, operation, start time,
 * duration and every tag all on the same span, as Jaeger evaluates a search. Only `term`,
 * `range`, `nested` and `bool`: nothing in the query is parsed as a pattern.
 */
export function spanSearchFilter(query: TraceQuery, range: MicrosRange, dotReplacement: string): Query {
  const filter: Query[] = [
    // startTimeMillis (a date: lets Elasticsearch skip shards by their time bounds), rounded
    // outwards; startTime (µs) makes the bounds exact.
    { range: { startTimeMillis: { gte: Math.floor(range.minMicros / 1000), lte: Math.ceil(range.maxMicros / 1000), format: 'epoch_millis' } } },
    { range: { startTime: { gte: range.minMicros, lte: range.maxMicros } } },
  ];
  if (query.serviceName !== undefined) filter.push({ term: { 'process.serviceName': query.serviceName } });
  if (query.operationName !== undefined) filter.push({ term: { operationName: query.operationName } });
  if (query.durationMinMicros !== undefined || query.durationMaxMicros !== undefined) {
    filter.push({ range: { duration: { ...(query.durationMinMicros === undefined ? {} : { gte: query.durationMinMicros }), ...(query.durationMaxMicros === undefined ? {} : { lte: query.durationMaxMicros }) } } });
  }
  for (const [key, value] of Object.entries(query.tags ?? {})) filter.push(tagMatch(key, value, dotReplacement));
  return { bool: { filter } };
}

export const TRACE_IDS_AGGREGATION = 'traceIDs';

/**
 * The `findTraceIds` request body: no hits (`size: 0`), one `terms` bucket per trace id, the
 * traces whose newest matching span started last first, then by id for a stable order.
 */
export function traceIdsSearchBody(filter: Query, limit: number): Pick<estypes.SearchRequest, 'size' | 'query' | 'aggs' | 'track_total_hits'> {
  return {
    size: 0,
    track_total_hits: false,
    query: filter,
    aggs: {
      [TRACE_IDS_AGGREGATION]: {
        terms: { field: 'traceID', size: limit, order: [{ lastStart: 'desc' }, { _key: 'asc' }] },
        aggs: { lastStart: { max: { field: 'startTime' } } },
      },
    },
  };
}

/**
 * Every `traceID` form a document of this trace may hold: Jaeger's (16 characters when the high
 * half is zero), the full 32 characters (other writers), and Jaeger's legacy form without
 * leading zeros.
 */
export function traceIdForms(traceId: TraceId): string[] {
  const jaeger = traceIdToJaegerHex(traceId);
  return [...new Set([jaeger, traceId, jaeger.replace(/^0+/, '')])];
}

/** A stored `traceID` (any form) as the model's id; undefined when it is not a trace id. */
export function traceIdOfStored(stored: unknown): TraceId | undefined {
  if (typeof stored !== 'string' || stored.length > 32 || !/^[0-9a-fA-F]+$/.test(stored)) return undefined;
  return traceIdFromHex(stored.padStart(32, '0'));
}

/** `key`s of a `terms` aggregation in the response, in bucket order. */
export function bucketKeys(aggregations: Record<string, unknown> | undefined, name: string): unknown[] {
  const buckets = (aggregations?.[name] as { buckets?: unknown } | undefined)?.buckets;
  return Array.isArray(buckets) ? buckets.map((bucket: { key?: unknown }) => bucket.key) : [];
}
