import { withWarning } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { SanitizerWarning } from './sanitizer';

/** The name given to a span that arrives without one (Jaeger v2's placeholder). */
export const EMPTY_SPAN_NAME = 'empty-span-name';

/** An empty span name becomes `empty-span-name`, so the operation can still be listed and searched. */
export function sanitizeEmptySpanName(span: Span): Span {
  if (span.name !== '') return span;
  return withWarning({ ...span, name: EMPTY_SPAN_NAME }, `${SanitizerWarning.EMPTY_SPAN_NAME}: span had no name; named "${EMPTY_SPAN_NAME}"`);
}
