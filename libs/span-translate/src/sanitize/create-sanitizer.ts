import type { Span } from '@waymark/span-model';
import { sanitizeNegativeDuration } from './duration-sanitizer';
import { chainSanitizers, sanitizeBatch } from './sanitizer';
import type { SpanSanitizer } from './sanitizer';
import { createServiceNameSanitizer } from './service-name-sanitizer';
import { sanitizeEmptySpanName } from './span-name-sanitizer';
import { createTimeWindowSanitizer } from './time-window-sanitizer';
import type { TimeWindowOptions } from './time-window-sanitizer';
import { createTruncateSanitizer } from './truncate-sanitizer';
import type { TruncateLimits } from './truncate-sanitizer';
import { createUtf8Sanitizer } from './utf8-sanitizer';

export interface SanitizerOptions {
  /** Flag spans with implausible times; omitted → times are not checked. */
  readonly timeWindow?: TimeWindowOptions;
  /** Enforce span limits; omitted → nothing is truncated. */
  readonly limits?: TruncateLimits;
}

/**
 * The collector's sanitizer chain, applied to every decoded batch in this order:
 * UTF-8 → service name → empty span name → negative duration → time window (if configured) →
 * truncate (if configured). The UTF-8 repair runs first so the later steps see valid text, and the
 * duration fix before the window check so a repaired end is what gets checked.
 *
 * The returned function is total (never throws, never drops a span) and returns the input array
 * itself when no span needed a change. It keeps per-resource memos in WeakMaps, so one instance
 * serves the whole process.
 */
export function createSanitizer(options: SanitizerOptions = {}): (spans: Span[]) => Span[] {
  const chain: SpanSanitizer[] = [createUtf8Sanitizer(), createServiceNameSanitizer(), sanitizeEmptySpanName, sanitizeNegativeDuration];
  if (options.timeWindow) chain.push(createTimeWindowSanitizer(options.timeWindow));
  if (options.limits) chain.push(createTruncateSanitizer(options.limits));
  const sanitize = chainSanitizers(chain);
  return (spans) => sanitizeBatch(spans, sanitize);
}
