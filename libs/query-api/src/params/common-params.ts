import { invalidArgument } from '@waymark/platform';
import { DEFAULT_SEARCH_LIMIT, MAX_TAG_CONDITIONS } from '../query-limits';
import { clip } from './trace-id';

const INTEGER = /^[+-]?\d{1,20}$/;

/** `unable to parse param 'x': why`, Jaeger's wording for a malformed value. */
export const parseError = (param: string, why: string) => invalidArgument(`unable to parse param '${param}': ${why}`);

/** An integer count of time units since the epoch (`start`/`end` µs, `endTs` ms); never negative. */
export function parseEpochParam(text: string, param: string): number {
  if (!INTEGER.test(text)) return badEpoch(text, param);
  const value = Number(text);
  // Beyond 2^53 a double loses units; 2^53 µs is the year 2255.
  if (value < 0 || !Number.isSafeInteger(value)) return badEpoch(text, param);
  return value;
}

function badEpoch(text: string, param: string): never {
  throw parseError(param, `'${clip(text)}' is not a non-negative integer time since the epoch`);
}

/** A search's `limit`: absent or 0 → Jaeger's default 100; negative or not an integer → 400; above `max` → `max`. */
export function parseLimitParam(text: string | undefined, param: string, max: number): number {
  if (text === undefined) return Math.min(DEFAULT_SEARCH_LIMIT, max);
  const value = INTEGER.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 0) throw parseError(param, `'${clip(text)}' is not a non-negative integer`);
  return Math.min(value === 0 ? DEFAULT_SEARCH_LIMIT : value, max);
}

/** Go's `strconv.ParseBool`. */
export function parseBoolParam(text: string | undefined, param: string): boolean {
  if (text === undefined) return false;
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false;
  throw parseError(param, `'${clip(text)}' is not a boolean`);
}

/**
 * Jaeger's tag conditions: every `tag=key:value` (split at the first `:`) and every `tags=<JSON
 * object of strings>`, merged, later ones winning. Values are matched exactly, never as patterns.
 */
export function parseTagParams(tagParams: readonly string[], tagsParams: readonly string[], tagsName = 'tags'): Record<string, string> | undefined {
  const tags: Record<string, string> = {};
  for (const tag of tagParams) {
    const colon = tag.indexOf(':');
    if (colon <= 0) throw invalidArgument(`malformed 'tag' parameter, expecting key:value, received: ${clip(tag)}`);
    tags[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  for (const json of tagsParams) Object.assign(tags, parseTagsJson(json, tagsName));
  const count = Object.keys(tags).length;
  if (count > MAX_TAG_CONDITIONS) throw invalidArgument(`too many tag conditions: ${count} (at most ${MAX_TAG_CONDITIONS})`);
  return count === 0 ? undefined : tags;
}

function parseTagsJson(json: string, param: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw invalidArgument(`malformed '${param}' parameter, cannot unmarshal JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidArgument(`malformed '${param}' parameter, cannot unmarshal JSON: expected an object of string values`);
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw invalidArgument(`malformed '${param}' parameter, cannot unmarshal JSON: the value of '${clip(key)}' is not a string`);
    tags[key] = value;
  }
  return tags;
}

/** A search window in µs, both ends included. */
export interface MicrosWindow {
  readonly minMicros: number;
  readonly maxMicros: number;
}

/**
 * The window a search reads: `end` defaults to now; `start` to `end − lookback`, else
 * `end − defaultLookback`; then no wider than `maxLookback` (the start moves up, silently: a
 * client asking for a year gets the newest `maxLookback`). A start after the end is a 400.
 */
export function searchWindow(
  parts: { startMicros?: number; endMicros?: number; lookbackMicros?: number },
  limits: { nowMs: number; defaultLookbackMs: number; maxLookbackMs: number },
  names: { start: string; end: string },
): MicrosWindow {
  const maxMicros = parts.endMicros ?? limits.nowMs * 1000;
  const wanted = parts.startMicros ?? maxMicros - (parts.lookbackMicros ?? limits.defaultLookbackMs * 1000);
  if (wanted > maxMicros) throw invalidArgument(`parameter '${names.start}' must not be after '${names.end}'`);
  return { minMicros: Math.max(wanted, maxMicros - limits.maxLookbackMs * 1000, 0), maxMicros };
}
