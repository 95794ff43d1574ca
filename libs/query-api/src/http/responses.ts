/**
 * Jaeger's response envelope (`structuredResponse` of its query API v1): `errors` is `null` when
 * empty, `total` is set only for lists of names, `limit` and `offset` are never used.
 */
export interface JaegerEnvelope<T> {
  readonly data: T | null;
  readonly total: number;
  readonly limit: 0;
  readonly offset: 0;
  readonly errors: readonly JaegerError[] | null;
}

export interface JaegerError {
  /** Omitted for a trace missing from a multi-id lookup, as in Jaeger. */
  readonly code?: number;
  readonly msg: string;
  readonly traceID?: string;
}

export function envelope<T>(data: T, options: { total?: number; errors?: readonly JaegerError[] } = {}): JaegerEnvelope<T> {
  return { data, total: options.total ?? 0, limit: 0, offset: 0, errors: options.errors && options.errors.length > 0 ? options.errors : null };
}

/** The whole body of a failed v1 request: `{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":…,"msg":…}]}`. */
export function errorEnvelope(code: number, msg: string): JaegerEnvelope<never> {
  return { data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] };
}

/** API v3's error body (grpc-gateway style): `{"error":{"httpCode":404,"message":"No traces found"}}`. */
export interface V3ErrorBody {
  readonly error: { readonly httpCode: number; readonly message: string };
}

export const v3Error = (httpCode: number, message: string): V3ErrorBody => ({ error: { httpCode, message } });
