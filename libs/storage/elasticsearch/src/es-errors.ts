import { errors } from '@elastic/elasticsearch';

/** A failure as Elasticsearch or the client reported it, reduced to what callers classify on. */
export interface EsFailure {
  /** The HTTP status Elasticsearch answered with; undefined when no answer came (connection, timeout). */
  readonly status: number | undefined;
  /** Elasticsearch's `error.type` (e.g. `mapper_parsing_exception`), or the client error's name. */
  readonly type: string;
  /** One line for logs and dead letters; at most {@link MAX_REASON_LENGTH} characters. */
  readonly reason: string;
}

export const MAX_REASON_LENGTH = 500;

const clip = (text: string): string => (text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text);

interface EsErrorBody {
  readonly type?: unknown;
  readonly reason?: unknown;
  readonly caused_by?: EsErrorBody;
}

/**
 * `type: reason (caused by: type: reason)` of an Elasticsearch error object, as found in a bulk
 * item's `error` or a failed request's `error`. Tolerates any shape.
 */
export function describeEsError(error: unknown): { type: string; reason: string } {
  if (typeof error === 'string') return { type: 'error', reason: clip(error) };
  const body = (typeof error === 'object' && error !== null ? error : {}) as EsErrorBody;
  const type = typeof body.type === 'string' ? body.type : 'unknown_error';
  const reason = typeof body.reason === 'string' ? body.reason : '';
  const cause = body.caused_by && typeof body.caused_by.reason === 'string' ? ` (caused by: ${String(body.caused_by.type)}: ${body.caused_by.reason})` : '';
  return { type, reason: clip(`${type}: ${reason}${cause}`) };
}

/** What went wrong with a request to Elasticsearch, from the client's error. */
export function esFailureOf(error: unknown): EsFailure {
  if (error instanceof errors.ResponseError) {
    const body = error.body as { error?: unknown } | string | undefined;
    const described = describeEsError(typeof body === 'object' && body !== null && 'error' in body ? body.error : body ?? error.message);
    return { status: error.statusCode, type: described.type, reason: `HTTP ${error.statusCode ?? '?'}: ${described.reason}` };
  }
  if (error instanceof Error) return { status: undefined, type: error.name, reason: clip(`${error.name}: ${error.message}`) };
  return { status: undefined, type: 'unknown', reason: clip(String(error)) };
}

/**
 * Whether the same request may succeed later. No answer at all (connection refused or reset,
 * timeout, no living node, a garbled response) and 408, 429 and 5xx are transient. So are
 * 401/403/404: a wrong credential, a write block (`cluster_block_exception`, read-only index)
 * or a missing index when auto-creation is off are the cluster's state, not the data's: waiting
 * and alerting beats dead-lettering everything. Every other 4xx is about the request itself.
 *
 * `status` undefined means "no answer" here, which suits bulk items and the writer (a bulk
 * request that failed for any reason may be sent again: it is idempotent, and retrying beats
 * dead-lettering good spans for a bug). To classify a thrown error on a read path, where a bug
 * must not pass for an outage, use {@link isTransientError}.
 */
export function isTransientFailure(failure: Pick<EsFailure, 'status'>): boolean {
  const { status } = failure;
  return status === undefined || status === 401 || status === 403 || status === 404 || status === 408 || status === 429 || status >= 500;
}

/**
 * Whether a thrown error means Elasticsearch may answer the same request later: an answer with a
 * transient status ({@link isTransientFailure}), or the client's own "no answer" errors
 * (`ConnectionError`, `TimeoutError`, `NoLivingConnectionsError`, and `RequestAbortedError` when
 * the client is closed mid-request). Anything else (a `TypeError`, a document the code cannot
 * page, an unreadable response) is a fault a retry will not fix.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof errors.ResponseError) return isTransientFailure({ status: error.statusCode });
  return (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError ||
    error instanceof errors.RequestAbortedError
  );
}
