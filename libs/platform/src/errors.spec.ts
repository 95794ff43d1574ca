import { asWaymarkError, GrpcCode, grpcCodeOf, httpStatusOf, retryAfterSeconds, WaymarkError } from './errors';

describe('error classification', () => {
  it.each([
    ['invalid-argument', 400, GrpcCode.INVALID_ARGUMENT, false],
    ['unauthenticated', 401, GrpcCode.UNAUTHENTICATED, false],
    ['permission-denied', 403, GrpcCode.PERMISSION_DENIED, false],
    ['too-large', 413, GrpcCode.RESOURCE_EXHAUSTED, false],
    ['unsupported-media-type', 415, GrpcCode.INVALID_ARGUMENT, false],
    ['rate-limited', 429, GrpcCode.UNAVAILABLE, true],
    ['unavailable', 503, GrpcCode.UNAVAILABLE, true],
  ] as const)('%s maps to HTTP %d and gRPC %d (retryable: %s)', (kind, http, grpc, retryable) => {
    const error = new WaymarkError(kind, 'x');
    expect([httpStatusOf(error), grpcCodeOf(error), error.retryable]).toEqual([http, grpc, retryable]);
  });

  it('gives Retry-After in whole seconds only for retryable errors', () => {
    expect(retryAfterSeconds(new WaymarkError('unavailable', 'kafka down', { retryAfterMs: 1500 }))).toBe(2);
    expect(retryAfterSeconds(new WaymarkError('rate-limited', 'slow down', { retryAfterMs: 10 }))).toBe(1);
    expect(retryAfterSeconds(new WaymarkError('invalid-argument', 'bad'))).toBeUndefined();
  });

  it('treats an unclassified error as retryable and keeps it as the cause', () => {
    const cause = new Error('socket hang up');
    const error = asWaymarkError(cause);
    expect(error.kind).toBe('unavailable');
    expect(error.cause).toBe(cause);
  });
});
