import type { Span } from '@waymark/span-model';

/**
 * The span with `warning` added, unless it already carries that exact text: adjusting a trace
 * twice must not repeat a warning (the adjusters are idempotent).
 */
export function warned(span: Span, warning: string): Span {
  return span.warnings.includes(warning) ? span : { ...span, warnings: [...span.warnings, warning] };
}
