import { invalidArgument } from '@waymark/platform';
import type { SpanKind, TraceId } from '@waymark/span-model';
import type { TimeHint, TraceQuery } from '@waymark/storage-api';
import type { QueryLimits } from '../query-limits';
import { parseBoolParam, parseLimitParam, parseTagParams, searchWindow } from './common-params';
import { parseGoDurationMicros } from './go-duration';
import { firstOf } from './query-values';
import type { QueryValue } from './query-values';
import { rfc3339ToMicros } from './rfc3339';
import { parseTraceIdParam, clip } from './trace-id';

type Query = Readonly<Record<string, QueryValue>>;

/** API v3's error for a bad parameter (Jaeger's `tryParamError`). */
const malformed = (param: string, why: string) => invalidArgument(`malformed parameter ${param}: ${why}`);

function time(query: Query, names: readonly string[]): number | undefined {
  const found = firstOf(query, names);
  if (found === undefined) return undefined;
  const micros = rfc3339ToMicros(found.value);
  if (micros === undefined) throw malformed(found.name, `'${clip(found.value)}' is not an RFC 3339 time such as 2025-01-02T15:04:05.999Z`);
  return micros;
}

function duration(query: Query, names: readonly string[]): number | undefined {
  const found = firstOf(query, names);
  if (found === undefined) return undefined;
  try {
    return parseGoDurationMicros(found.value);
  } catch (error) {
    throw malformed(found.name, (error as Error).message);
  }
}

function bool(query: Query, names: readonly string[]): boolean {
  const found = firstOf(query, names);
  if (found === undefined) return false;
  try {
    return parseBoolParam(found.value, found.name);
  } catch {
    throw malformed(found.name, `'${clip(found.value)}' is not a boolean`);
  }
}

export interface V3GetTrace {
  readonly traceId: TraceId;
  readonly hint: TimeHint;
  readonly raw: boolean;
}

/** `GET /api/v3/traces/{trace_id}?start_time&end_time&raw_traces` (camelCase spellings too). */
export function parseV3GetTrace(traceIdText: string, query: Query): V3GetTrace {
  const traceId = parseTraceIdParam(traceIdText, 'trace_id');
  return {
    traceId,
    hint: { startTimeMinMicros: time(query, ['start_time', 'startTime']), startTimeMaxMicros: time(query, ['end_time', 'endTime']) },
    raw: bool(query, ['raw_traces', 'rawTraces']),
  };
}

export interface V3FindTraces {
  readonly query: TraceQuery;
  readonly raw: boolean;
}

const MIN_NAMES = ['query.start_time_min', 'query.startTimeMin'];
const MAX_NAMES = ['query.start_time_max', 'query.startTimeMax'];

/**
 * `GET /api/v3/traces?query.*`, both Jaeger v1.65's snake_case and later camelCase names:
 * service and operation name, `attributes` (a JSON object of strings, matched exactly), the
 * start-time bounds (RFC 3339, both required, as in Jaeger), duration bounds (Go durations),
 * `num_traces`/`search_depth` (clamped) and `raw_traces`.
 */
export function parseV3FindTraces(query: Query, limits: QueryLimits, nowMs: number): V3FindTraces {
  const min = time(query, MIN_NAMES);
  const max = time(query, MAX_NAMES);
  if (min === undefined || max === undefined) throw invalidArgument(`${MIN_NAMES[0]} and ${MAX_NAMES[0]} are required`);
  const window = searchWindow({ startMicros: min, endMicros: max }, { nowMs, ...limits }, { start: MIN_NAMES[0] as string, end: MAX_NAMES[0] as string });
  const durationMinMicros = duration(query, ['query.duration_min', 'query.durationMin']);
  const durationMaxMicros = duration(query, ['query.duration_max', 'query.durationMax']);
  if (durationMinMicros !== undefined && durationMaxMicros !== undefined && durationMaxMicros < durationMinMicros) {
    throw invalidArgument('query.duration_max should be greater than query.duration_min');
  }
  // Jaeger: `query.searchDepth`, else `query.search_depth`, else the deprecated `query.num_traces`.
  const depth = firstOf(query, ['query.searchDepth', 'query.search_depth', 'query.num_traces']);
  let limit: number;
  try {
    limit = parseLimitParam(depth?.value, depth?.name ?? 'query.search_depth', limits.maxLimit);
  } catch {
    throw malformed(depth?.name ?? 'query.search_depth', `'${clip(depth?.value ?? '')}' is not a non-negative integer`);
  }
  const attributesParam = firstOf(query, ['query.attributes']);
  const tags = attributesParam === undefined ? undefined : parseTagParams([], [attributesParam.value], 'query.attributes');
  const serviceName = firstOf(query, ['query.service_name', 'query.serviceName'])?.value;
  const operationName = firstOf(query, ['query.operation_name', 'query.operationName'])?.value;
  return {
    raw: bool(query, ['query.raw_traces', 'query.rawTraces']),
    query: {
      ...(serviceName === undefined ? {} : { serviceName }),
      ...(operationName === undefined ? {} : { operationName }),
      ...(tags === undefined ? {} : { tags }),
      startTimeMinMicros: window.minMicros,
      startTimeMaxMicros: window.maxMicros,
      ...(durationMinMicros === undefined ? {} : { durationMinMicros }),
      ...(durationMaxMicros === undefined ? {} : { durationMaxMicros }),
      limit,
    },
  };
}

const KINDS: readonly SpanKind[] = ['server', 'client', 'producer', 'consumer', 'internal', 'unspecified'];

/**
 * A span kind filter, `undefined` for all. Takes Jaeger's lowercase names and OTLP's
 * `SPAN_KIND_SERVER` spellings (API v3 clients send either).
 */
export function parseSpanKindParam(text: string | undefined, param: string): SpanKind | undefined {
  if (text === undefined) return undefined;
  const name = text.toLowerCase().replace(/^span_kind_/, '');
  const kind = KINDS.find((candidate) => candidate === name);
  if (kind === undefined) throw invalidArgument(`unable to parse param '${param}': '${clip(text)}' is not one of ${KINDS.join(', ')}`);
  return kind;
}
