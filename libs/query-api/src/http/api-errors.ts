import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, retryAfterSeconds, WaymarkError } from '@waymark/platform';
import { SpanReadError } from '@waymark/storage-api';
import { errorEnvelope, v3Error } from './responses';

/** How long clients are told to wait when the storage is unavailable. */
export const STORAGE_RETRY_AFTER_MS = 1000;

interface FastifyLikeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly validation?: ReadonlyArray<{ readonly instancePath?: string; readonly message?: string; readonly params?: Record<string, unknown> }>;
  readonly validationContext?: string;
  readonly message?: string;
}

function validationMessage(error: FastifyLikeError): string {
  const first = error.validation?.[0];
  const param = first?.instancePath ? first.instancePath.replace(/^\//, '') : String(first?.params?.['missingProperty'] ?? error.validationContext ?? 'request');
  return `unable to parse param '${param}': ${first?.message ?? 'invalid value'}`;
}

/**
 * Any failure of a query request as a WaymarkError, classified once: the storage being
 * unavailable is `unavailable` (503 + Retry-After: the client may retry), a request for more
 * than the storage will read is `invalid-argument` (400, the storage's message saying what to
 * narrow), a storage failure that a retry will not fix, or any other error, is `internal`; fastify's own request errors (schema validation, bad URL
 * encoding) are `invalid-argument`. Messages never carry a stack, and storage messages (which
 * name hosts and indices) stay in the logs: the `cause` keeps them.
 */
export function classifyError(error: unknown): WaymarkError {
  if (error instanceof WaymarkError) return error;
  if (error instanceof SpanReadError) {
    // The storage's own message says what to narrow (and holds no internals): pass it on.
    if (error.code === 'too-large') return new WaymarkError('invalid-argument', error.message, { cause: error });
    return error.retryable
      ? new WaymarkError('unavailable', 'the trace storage is unavailable; retry later', { cause: error, retryAfterMs: STORAGE_RETRY_AFTER_MS })
      : new WaymarkError('internal', 'the trace storage failed to answer the query', { cause: error });
  }
  const fastifyError = (typeof error === 'object' && error !== null ? error : {}) as FastifyLikeError;
  if (fastifyError.validation) return new WaymarkError('invalid-argument', validationMessage(fastifyError), { cause: error });
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const kind = status === 413 ? 'too-large' : status === 404 ? 'not-found' : status === 415 ? 'unsupported-media-type' : 'invalid-argument';
    return new WaymarkError(kind, fastifyError.message ?? 'bad request', { cause: error });
  }
  return new WaymarkError('internal', 'internal error', { cause: error });
}

/** Whether the request is one of API v3's, answered in v3's error shape. */
export const isV3Request = (request: FastifyRequest, prefix: string): boolean => (request.url.split('?', 1)[0] ?? '').startsWith(`${prefix}/api/v3/`);

/**
 * Answers a failed request in its API's error shape: Jaeger's envelope for v1, `{error:{…}}`
 * for v3, with the kind's status code, `Retry-After` when retryable and `WWW-Authenticate` when
 * a bearer token was missing or wrong.
 */
export function sendError(request: FastifyRequest, reply: FastifyReply, error: WaymarkError, prefix: string): FastifyReply {
  const status = httpStatusOf(error);
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  if (error.kind === 'unauthenticated' && error.message.startsWith('bearer')) void reply.header('www-authenticate', 'Bearer realm="waymark-query"');
  return reply.code(status).send(isV3Request(request, prefix) ? v3Error(status, error.message) : errorEnvelope(status, error.message));
}
