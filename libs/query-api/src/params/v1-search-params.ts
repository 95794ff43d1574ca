import { invalidArgument } from '@waymark/platform';
import type { TraceId } from '@waymark/span-model';
import type { TimeHint, TraceQuery } from '@waymark/storage-api';
import type { QueryLimits } from '../query-limits';
import { parseBoolParam, parseEpochParam, parseLimitParam, parseTagParams, parseError, searchWindow } from './common-params';
import { parseGoDurationMicros } from './go-duration';
import { every, single } from './query-values';
import type { QueryValue } from './query-values';
import { parseTraceIdParam } from './trace-id';

/** The query string of `GET /api/traces` as fastify parsed it. */
export type V1SearchQuery = Readonly<Record<string, QueryValue>>;

/** Either a search, or (with `traceID` parameters) a lookup of those ids. */
export type V1Search =
  | { readonly kind: 'search'; readonly query: TraceQuery; readonly raw: boolean }
  | { readonly kind: 'ids'; readonly ids: readonly TraceId[]; readonly hint: TimeHint; readonly raw: boolean };

function durationParam(text: string | undefined, param: string): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseGoDurationMicros(text);
  } catch (error) {
    throw parseError(param, (error as Error).message);
  }
}

/**
 * `lookback` as the Jaeger UI sends it: `1h` … `2d`, `7d`, `2w`, `3w`, `4w`, or `custom`. The UI
 * always sends `start` and `end` with it, so it only matters when `start` is absent (Grafana,
 * hand-written URLs). Jaeger's server never reads it at all, so a value we cannot read is
 * treated as absent (the default window applies), never as a 400.
 */
function lookbackParam(text: string | undefined): number | undefined {
  if (text === undefined || text === 'custom') return undefined;
  try {
    return parseGoDurationMicros(text, { allowDays: true, allowWeeks: true });
  } catch {
    return undefined;
  }
}

/**
 * Parses `GET /api/traces` as Jaeger's `parseTraceQueryParams` does (same names, units and
 * messages): `service` (required unless `traceID` is given), `operation`, `tag`/`tags`,
 * `start`/`end` (µs), `lookback`, `minDuration`/`maxDuration` (Go durations), `limit`,
 * `traceID` (repeatable), `raw`. Unlike Jaeger, `lookback` is honoured when `start` is absent
 * (ignored when `start` is given, and when unreadable),
 * the window and `limit` are clamped to `limits`, and negative values are refused.
 */
export function parseV1Search(query: V1SearchQuery, limits: QueryLimits, nowMs: number): V1Search {
  const startText = single(query['start']);
  const endText = single(query['end']);
  const startMicros = startText === undefined ? undefined : parseEpochParam(startText, 'start');
  const endMicros = endText === undefined ? undefined : parseEpochParam(endText, 'end');
  const raw = parseBoolParam(single(query['raw']), 'raw');

  const idTexts = every(query['traceID']);
  if (idTexts.length > 0) {
    if (idTexts.length > limits.maxTraceIds) throw invalidArgument(`too many 'traceID' parameters: ${idTexts.length} (at most ${limits.maxTraceIds})`);
    const ids = [...new Set(idTexts.map((text) => parseTraceIdParam(text, 'traceID')))];
    return { kind: 'ids', ids, hint: { startTimeMinMicros: startMicros, startTimeMaxMicros: endMicros }, raw };
  }

  const serviceName = single(query['service']);
  if (serviceName === undefined) throw invalidArgument("parameter 'service' is required");
  const tags = parseTagParams(every(query['tag']), every(query['tags']));
  const durationMinMicros = durationParam(single(query['minDuration']), 'minDuration');
  const durationMaxMicros = durationParam(single(query['maxDuration']), 'maxDuration');
  if (durationMinMicros !== undefined && durationMaxMicros !== undefined && durationMaxMicros < durationMinMicros) {
    throw invalidArgument("'maxDuration' should be greater than 'minDuration'");
  }
  const lookbackMicros = startMicros === undefined ? lookbackParam(single(query['lookback'])) : undefined;
  const window = searchWindow({ startMicros, endMicros, lookbackMicros }, { nowMs, ...limits }, { start: 'start', end: 'end' });
  const operationName = single(query['operation']);
  return {
    kind: 'search',
    raw,
    query: {
      serviceName,
      ...(operationName === undefined ? {} : { operationName }),
      ...(tags === undefined ? {} : { tags }),
      startTimeMinMicros: window.minMicros,
      startTimeMaxMicros: window.maxMicros,
      ...(durationMinMicros === undefined ? {} : { durationMinMicros }),
      ...(durationMaxMicros === undefined ? {} : { durationMaxMicros }),
      limit: parseLimitParam(single(query['limit']), 'limit', limits.maxLimit),
    },
  };
}
