/**
 * Why a write failed, classified where it happened. `retryable` tells the caller whether the
 * same write may succeed later (broker or cluster unavailable, overloaded, timed out); a
 * non-retryable error means these spans can never be stored as they are (mapping conflict,
 * too large) and must be dead-lettered with the reason, never dropped.
 */
export class SpanWriteError extends Error {
  override readonly name = 'SpanWriteError';

  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** A hint for how long to wait before retrying, when the failing side gave one. */
  readonly retryAfterMs: number | undefined;
}
