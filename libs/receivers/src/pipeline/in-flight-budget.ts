import { WaymarkError } from '@waymark/platform';

export interface InFlightLimits {
  /** Most span bytes (decoded request size) being handed to the writer at once. */
  readonly maxBytes: number;
  /** Most spans being handed to the writer at once. */
  readonly maxSpans: number;
  /** What clients are told to wait before retrying when the budget is exhausted. */
  readonly retryAfterMs: number;
}

/** A claim on part of the budget; give it back exactly once with `release`. */
export interface Reservation {
  release(): void;
}

/**
 * Bounds the spans the collector holds in memory while Kafka acknowledges them. A request that
 * does not fit is refused at once with a retryable error (HTTP 503 + Retry-After, gRPC
 * UNAVAILABLE + RetryInfo) rather than queued: the client keeps the data and retries, so
 * overload costs latency, never spans. A single request larger than the whole budget is still
 * admitted when nothing else is in flight, so no valid request is refused forever.
 */
export class InFlightBudget {
  private bytes = 0;
  private spans = 0;

  constructor(private readonly limits: InFlightLimits) {}

  get inFlightBytes(): number {
    return this.bytes;
  }

  get inFlightSpans(): number {
    return this.spans;
  }

  reserve(spans: number, bytes: number): Reservation {
    const idle = this.spans === 0 && this.bytes === 0;
    if (!idle && (this.spans + spans > this.limits.maxSpans || this.bytes + bytes > this.limits.maxBytes)) {
      throw new WaymarkError('unavailable', `collector at capacity (${this.spans} spans, ${this.bytes} bytes in flight); retry later`, {
        retryAfterMs: this.limits.retryAfterMs,
      });
    }
    this.spans += spans;
    this.bytes += bytes;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.spans -= spans;
        this.bytes -= bytes;
      },
    };
  }
}
