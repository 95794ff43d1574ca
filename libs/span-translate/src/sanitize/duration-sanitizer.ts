import { withWarning } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { SanitizerWarning } from './sanitizer';

/**
 * A span that ends before it starts gets end = start (zero duration), with a warning that keeps
 * the original end. Jaeger v2 sets end = start + 1 ns, and does so for zero durations too; here a
 * zero duration is left alone, because OTLP allows it (instant operations, coarse clocks) and
 * Jaeger's own Thrift and Zipkin clients send `duration: 0` routinely.
 */
export function sanitizeNegativeDuration(span: Span): Span {
  if (span.endTimeUnixNano >= span.startTimeUnixNano) return span;
  const by = span.startTimeUnixNano - span.endTimeUnixNano;
  return withWarning(
    { ...span, endTimeUnixNano: span.startTimeUnixNano },
    `${SanitizerWarning.NEGATIVE_DURATION}: end ${span.endTimeUnixNano} ns was ${by} ns before start ${span.startTimeUnixNano} ns; end set to start`,
  );
}
