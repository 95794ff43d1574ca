import type { Span } from '@waymark/span-model';
import { SpanWriteError } from './write-error';

/** A span a store will never accept as it is, and why. */
export interface FailedSpan {
  readonly span: Span;
  /** Its position in the array given to `write` (a span written twice in one call may be listed twice). */
  readonly position: number;
  /** The store's answer (e.g. Elasticsearch's `HTTP 400: mapper_parsing_exception: …`) or the writer's reason; for the dead letter. */
  readonly reason: string;
}

/**
 * A writer's rejection of some spans for good (the Elasticsearch writer's only non-retryable
 * rejection). Its contract:
 * - every span of the `write` call that is NOT in `failedSpans` is durably stored (created now
 *   or already present): the caller may acknowledge them;
 * - every span in `failedSpans` was refused for what it is (a mapping conflict, a malformed
 *   field, a document too large, a start time beyond year 9999): writing it again gets the same
 *   answer, so the caller dead-letters it with `reason` and moves on (never drops it silently);
 * - it is raised only once no transiently failing item is left: while any item still fails with
 *   429/5xx/unavailable after the retries, `write` rejects with a retryable `SpanWriteError`
 *   instead, and a later attempt of the same spans reports the refusals again.
 *
 * `name` stays `SpanWriteError` (the port's type fixes it); tell it apart with `instanceof` or
 * {@link isSpanRejectedError}. The ingester dead-letters exactly `failedSpans` and acknowledges the rest.
 */
export class SpanRejectedError extends SpanWriteError {
  constructor(
    readonly failedSpans: readonly FailedSpan[],
    /** Spans of the call that are stored. */
    readonly storedCount: number,
  ) {
    super(`refused ${failedSpans.length} span(s) for good, ${storedCount} stored; first reason: ${failedSpans[0]?.reason ?? 'none'}`, false);
  }
}

/** True for a {@link SpanRejectedError}, also across duplicated module instances. */
export function isSpanRejectedError(error: unknown): error is SpanRejectedError {
  return error instanceof SpanRejectedError || (error instanceof SpanWriteError && !error.retryable && Array.isArray((error as Partial<SpanRejectedError>).failedSpans));
}
