import type { Span } from '@waymark/span-model';

/**
 * One ingest sanitizer: a total function that returns the *same* span object when it has nothing
 * to change (so the common case allocates nothing), and otherwise a copy with a warning appended
 * (`withWarning`) that says what changed and what the original was. Sanitizers never throw and
 * never drop a span.
 */
export type SpanSanitizer = (span: Span) => Span;

/**
 * The code that starts every warning a sanitizer writes (`<code>: <detail>`), so that later hops
 * (the ingester, metrics) can match on it. The service and span name codes are Jaeger v2's
 * placeholders; the UTF-8 ones name the attributes that keep the original bytes (Jaeger v2 keys).
 */
export const SanitizerWarning = {
  INVALID_UTF8: 'invalid-utf8',
  MISSING_SERVICE_NAME: 'missing-service-name',
  EMPTY_SERVICE_NAME: 'empty-service-name',
  SERVICE_NAME_WRONG_TYPE: 'service-name-wrong-type',
  EMPTY_SPAN_NAME: 'empty-span-name',
  NEGATIVE_DURATION: 'negative-duration',
  OUT_OF_WINDOW: 'timestamp-out-of-window',
  TRUNCATED: 'truncated',
} as const;

/** Applies sanitizers in order; the result is the input span itself when none of them changed it. */
export function chainSanitizers(sanitizers: readonly SpanSanitizer[]): SpanSanitizer {
  return (span) => {
    let current = span;
    for (const sanitize of sanitizers) current = sanitize(current);
    return current;
  };
}

/** Runs a span sanitizer over a batch; returns the input array itself when no span changed. */
export function sanitizeBatch(spans: Span[], sanitize: SpanSanitizer): Span[] {
  let out: Span[] | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i] as Span;
    const sanitized = sanitize(span);
    if (sanitized !== span && !out) out = spans.slice(0, i);
    out?.push(sanitized);
  }
  return out ?? spans;
}
