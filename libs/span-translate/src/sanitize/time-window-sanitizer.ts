import { withWarning } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { SanitizerWarning } from './sanitizer';
import type { SpanSanitizer } from './sanitizer';

/** How far from "now" span times may plausibly be. */
export interface TimeWindow {
  /** A span may start or end at most this far in the future (clock skew allowance). */
  readonly maxFutureMs: number;
  /** A span may start at most this far in the past. */
  readonly maxPastMs: number;
}

export interface TimeWindowOptions extends TimeWindow {
  /** The current time in epoch milliseconds; injected so tests and replays are deterministic. */
  readonly now: () => number;
}

const NANOS_PER_MS = 1_000_000n;
const msToNanos = (ms: number): bigint => BigInt(Math.trunc(ms)) * NANOS_PER_MS;

/**
 * Where a span's times fall outside the window around `nowMs`: `'future'` when it starts or ends
 * more than `maxFutureMs` ahead, `'past'` when it starts more than `maxPastMs` ago, else undefined.
 * Pure; the ingester uses it to decide on dead-lettering or clamping (index names follow the start
 * time, and far-off times create absurd daily indices, jaeger#841).
 */
export function outsideWindow(span: Pick<Span, 'startTimeUnixNano' | 'endTimeUnixNano'>, window: TimeWindow, nowMs: number): 'future' | 'past' | undefined {
  const now = msToNanos(nowMs);
  const latest = now + msToNanos(window.maxFutureMs);
  if (span.startTimeUnixNano > latest || span.endTimeUnixNano > latest) return 'future';
  if (span.startTimeUnixNano < now - msToNanos(window.maxPastMs)) return 'past';
  return undefined;
}

/** True when `outsideWindow` finds the span's times implausible. */
export const isOutsideWindow = (span: Pick<Span, 'startTimeUnixNano' | 'endTimeUnixNano'>, window: TimeWindow, nowMs: number): boolean => outsideWindow(span, window, nowMs) !== undefined;

/**
 * Flags (never changes) spans whose times are outside the window, with a
 * `timestamp-out-of-window: …` warning naming the time and the bound.
 */
export function createTimeWindowSanitizer(options: TimeWindowOptions): SpanSanitizer {
  if (!(options.maxFutureMs >= 0) || !(options.maxPastMs >= 0)) throw new RangeError('time window bounds must be non-negative numbers of milliseconds');
  return (span) => {
    const where = outsideWindow(span, options, options.now());
    if (where === undefined) return span;
    const detail =
      where === 'future'
        ? `span times ${formatNanos(span.startTimeUnixNano)} – ${formatNanos(span.endTimeUnixNano)} reach more than ${options.maxFutureMs} ms into the future`
        : `span start ${formatNanos(span.startTimeUnixNano)} is more than ${options.maxPastMs} ms in the past`;
    return withWarning(span, `${SanitizerWarning.OUT_OF_WINDOW}: ${detail}`);
  };
}

/** ISO 8601 when Date can represent it, else the raw nanoseconds. */
function formatNanos(nanos: bigint): string {
  const ms = Number(nanos / NANOS_PER_MS);
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : `${nanos} ns`;
}
