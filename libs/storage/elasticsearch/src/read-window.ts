import { dailyIndexName, indexDayOf, indexWildcard } from './index-names';
import type { IndexKind } from './index-names';

const DAY_MS = 86_400_000;
/** The last millisecond of 9999-12-31: no daily index is named after it. */
const LAST_NAMEABLE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A time window of a read, in epoch milliseconds, both ends included. */
export interface ReadWindow {
  readonly minMs: number;
  readonly maxMs: number;
}

export interface ReadWindowLimits {
  /** The current time, epoch ms. */
  readonly nowMs: number;
  /** A read ends at most this far after now (clock skew of stored spans). */
  readonly maxFutureMs: number;
  /** A read reaches back at most this far from its (clamped) end (jaeger#3299). */
  readonly maxLookbackMs: number;
}

/**
 * The window a read actually covers: the end no later than `now + maxFutureMs`, the start no
 * earlier than `maxLookbackMs` before that end, nor before 1970. Undefined when nothing is left
 * (start after end): the read finds nothing, without asking Elasticsearch. The lookback counts
 * from the window's end, not from now, so a lookup with an old time hint still reaches old data.
 */
export function clampWindow(window: ReadWindow, limits: ReadWindowLimits): ReadWindow | undefined {
  if (Number.isNaN(window.minMs) || Number.isNaN(window.maxMs)) return undefined;
  const maxMs = Math.min(window.maxMs, limits.nowMs + limits.maxFutureMs, LAST_NAMEABLE_MS);
  const minMs = Math.max(window.minMs, maxMs - limits.maxLookbackMs, 0);
  return minMs > maxMs ? undefined : { minMs, maxMs };
}

/**
 * The indices a read of `window` searches: every daily name from the start's day to the end's
 * day, or, when their list would take more than `maxNamesLength` characters of the URL, the one
 * wildcard `<base>jaeger-<kind>-*` (still correct: every query also filters on time, and the
 * wildcard of a base matches only that base's indices; see index-names.ts). The list is never
 * built beyond the budget, however wide the window. Reads pass `ignore_unavailable` so that
 * days without an index are fine. `window` should come from {@link clampWindow}.
 */
export function indicesForWindow(base: string, kind: IndexKind, window: ReadWindow, maxNamesLength: number): string[] {
  const firstDay = Math.floor(window.minMs / DAY_MS);
  const lastDay = Math.floor(window.maxMs / DAY_MS);
  const count = lastDay - firstDay + 1;
  // Every name has the same length; the separating comma travels URL-encoded (`%2C`) in the
  // request line, which Elasticsearch caps at 4 KiB (`http.max_initial_line_length`).
  const nameLength = dailyIndexName(base, kind, '0000-00-00').length;
  if (!(count >= 1) || count * (nameLength + 3) - 3 > maxNamesLength) return [indexWildcard(base, kind)];
  const names: string[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const name = indexDayOf(day * DAY_MS);
    if (name !== undefined) names.push(dailyIndexName(base, kind, name));
  }
  return names.length > 0 ? names : [indexWildcard(base, kind)];
}
