import type { Span } from '@waymark/span-model';

/**
 * Why a request could not be decoded at all: the whole request is refused (HTTP 400, gRPC
 * INVALID_ARGUMENT) and nothing in it is accepted. `message` is safe to return to the client;
 * it never contains payload bytes beyond a short excerpt of a field name or value.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Spans from a request that decoded. Spans that cannot be represented (a trace or span id that
 * is all zeroes or of the wrong length) are not in `spans`; they are counted in `rejected`,
 * with a reason for each kind of rejection, so the receiver can answer with OTLP partial
 * success instead of dropping them silently.
 */
export interface DecodeResult {
  readonly spans: Span[];
  readonly rejected: number;
  /** Distinct reasons, each with how many spans it rejected. */
  readonly rejections: ReadonlyMap<string, number>;
}

/** Collects decoded spans and rejections while a decoder walks a request. */
export class DecodeResultBuilder {
  readonly spans: Span[] = [];
  private rejectedCount = 0;
  private readonly reasons = new Map<string, number>();

  accept(span: Span): void {
    this.spans.push(span);
  }

  reject(reason: string, count = 1): void {
    this.rejectedCount += count;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + count);
  }

  build(): DecodeResult {
    return { spans: this.spans, rejected: this.rejectedCount, rejections: this.reasons };
  }
}

/** One human-readable line for OTLP's `partial_success.error_message`. */
export function describeRejections(result: DecodeResult): string {
  return [...result.rejections].map(([reason, count]) => `${count} span(s): ${reason}`).join('; ');
}
