/**
 * Errors classified once, where they arise, and mapped to HTTP and gRPC status codes in one
 * place. The kinds follow OTLP's retry rules: a client retries `unavailable` and `rate-limited`
 * (HTTP 503/429, gRPC UNAVAILABLE with RetryInfo) and never retries the others.
 */
export type ErrorKind =
  | 'invalid-argument'
  | 'unauthenticated'
  | 'permission-denied'
  | 'not-found'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'unavailable'
  | 'not-implemented'
  | 'internal';

export interface WaymarkErrorOptions {
  readonly cause?: unknown;
  /** For retryable kinds: how long the client should wait before retrying. */
  readonly retryAfterMs?: number;
}

export class WaymarkError extends Error {
  override readonly name = 'WaymarkError';
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    options: WaymarkErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether the same request may succeed if sent again later. */
  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'rate-limited';
  }
}

export const invalidArgument = (message: string, cause?: unknown) => new WaymarkError('invalid-argument', message, { cause });
export const unavailable = (message: string, retryAfterMs: number, cause?: unknown) =>
  new WaymarkError('unavailable', message, { cause, retryAfterMs });

/**
 * Any error as a WaymarkError. An unclassified error is treated as `unavailable`: the OTel
 * Collector does the same, because telling a client to retry loses nothing, while a permanent
 * error for a transient fault loses its data.
 */
export function asWaymarkError(error: unknown, retryAfterMs = 1000): WaymarkError {
  if (error instanceof WaymarkError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WaymarkError('unavailable', message, { cause: error, retryAfterMs });
}

const HTTP_STATUS: Record<ErrorKind, number> = {
  'invalid-argument': 400,
  unauthenticated: 401,
  'permission-denied': 403,
  'not-found': 404,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  'not-implemented': 501,
  unavailable: 503,
  internal: 500,
};

/** gRPC status codes (numbers from grpc/status.proto), kept here so callers need no gRPC import. */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

const GRPC_CODE: Record<ErrorKind, number> = {
  'invalid-argument': GrpcCode.INVALID_ARGUMENT,
  unauthenticated: GrpcCode.UNAUTHENTICATED,
  'permission-denied': GrpcCode.PERMISSION_DENIED,
  'not-found': GrpcCode.NOT_FOUND,
  // Without RetryInfo, RESOURCE_EXHAUSTED is final for OTLP clients: right for "too large".
  'too-large': GrpcCode.RESOURCE_EXHAUSTED,
  'unsupported-media-type': GrpcCode.INVALID_ARGUMENT,
  // OTLP clients retry UNAVAILABLE; RESOURCE_EXHAUSTED is retried only with RetryInfo and some
  // SDKs ignore that, so rate limiting is answered with UNAVAILABLE + RetryInfo.
  'rate-limited': GrpcCode.UNAVAILABLE,
  unavailable: GrpcCode.UNAVAILABLE,
  'not-implemented': GrpcCode.UNIMPLEMENTED,
  internal: GrpcCode.INTERNAL,
};

export function httpStatusOf(error: WaymarkError): number {
  return HTTP_STATUS[error.kind];
}

export function grpcCodeOf(error: WaymarkError): number {
  return GRPC_CODE[error.kind];
}

/** `Retry-After` header value in whole seconds (at least 1), or undefined for final errors. */
export function retryAfterSeconds(error: WaymarkError): number | undefined {
  if (!error.retryable) return undefined;
  return Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
}
