import type { Span, Trace } from '@waymark/span-model';
import { adjustClockSkew } from './clock-skew';
import { dedupeSpans } from './dedupe-spans';
import { repairParents } from './repair-parents';
import { CollectionSorter } from './sort-collections';
import { uniquifySpanIds } from './uniquify-span-ids';

export interface AdjustOptions {
  /**
   * The largest clock-skew correction applied, in µs (Jaeger's `query.max-clock-skew-adjustment`).
   * `0`, Jaeger's default, applies none: spans that look skewed only get a warning.
   */
  readonly maxClockSkewAdjustMicros: number;
}

const byStart = (a: Span, b: Span): number =>
  a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;

/** µs → ns, for any number a config may hold: negative or NaN is 0, beyond 2^53 is clamped. */
function maxDeltaNanos(micros: number): bigint {
  if (!(micros > 0)) return 0n;
  return BigInt(Math.min(Math.floor(micros), Number.MAX_SAFE_INTEGER)) * 1000n;
}

/**
 * The query service's adjusters (Jaeger's standard list, `raw` skips them), as one pure function:
 *
 * 1. collections sorted (attributes by key, events by time);
 * 2. spans equal in every field kept once (Jaeger's span-hash deduper);
 * 3. span ids made unique (Zipkin shared client/server ids, then any other collision);
 * 4. parent references repaired: self-parents and parent cycles cut;
 * 5. clock skew: corrected up to the maximum, or only reported (the default);
 * 6. spans ordered by start time, then span id.
 *
 * Every change is recorded in the span's `warnings`, as Jaeger does, so the UI shows it. Total:
 * never throws, keeps every distinct span, terminates on any parent graph (cycles, depth of any
 * size), and is idempotent: adjusting an adjusted trace changes nothing. The input is not modified.
 */
export function adjustTrace(trace: Trace, options: AdjustOptions): Trace {
  const sorter = new CollectionSorter();
  let spans = trace.spans.map((span) => sorter.sortSpan(span));
  spans = dedupeSpans(spans);
  spans = uniquifySpanIds(spans);
  spans = repairParents(spans);
  spans = adjustClockSkew(spans, maxDeltaNanos(options.maxClockSkewAdjustMicros));
  return { traceId: trace.traceId, spans: spans.sort(byStart) };
}
