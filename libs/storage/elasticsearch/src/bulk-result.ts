import { describeEsError, isTransientFailure } from './es-errors';

/**
 * What became of one `create` action of a bulk request:
 * - `created` (201): stored now;
 * - `duplicate` (409 `version_conflict_engine_exception`): a document with this `_id` exists, so
 *   this very span is already stored (the `_id` covers its whole content): success;
 * - `retry`: may succeed later (429, 5xx, and the cluster-state answers of `isTransientFailure`);
 * - `rejected`: can never succeed as it is (400 mapping or parsing errors, …).
 */
export type ItemOutcome = { readonly result: 'created' | 'duplicate' } | ItemFailure;

export interface ItemFailure {
  readonly result: 'retry' | 'rejected';
  /** Elasticsearch's status for the item or the request; undefined when no answer came. */
  readonly status: number | undefined;
  /** Elasticsearch's `error.type` or the client error's name: a bounded set, safe for logs. */
  readonly type: string;
  /** The whole reason, which may quote a field's value: for the dead letter, not the log. */
  readonly reason: string;
}

export const CREATED: ItemOutcome = Object.freeze({ result: 'created' });
export const DUPLICATE: ItemOutcome = Object.freeze({ result: 'duplicate' });

interface BulkItemResult {
  readonly status?: unknown;
  readonly error?: unknown;
}

function outcomeOf(entry: unknown): ItemOutcome {
  // Each item is `{ "<action>": { status, error?, … } }`, whatever the action.
  const result = (typeof entry === 'object' && entry !== null ? Object.values(entry)[0] : undefined) as BulkItemResult | undefined;
  const status = typeof result?.status === 'number' ? result.status : undefined;
  if (status !== undefined && status >= 200 && status < 300 && result?.error === undefined) return CREATED;
  if (status === 409) return DUPLICATE;
  const { type, reason } = describeEsError(result?.error ?? `item answered without an error (status ${String(status)})`);
  return { result: status !== undefined && !isTransientFailure({ status }) ? 'rejected' : 'retry', status, type, reason: `HTTP ${status ?? '?'}: ${reason}` };
}

/**
 * The outcome of each of `count` actions, in the order they were sent, from a `_bulk` response
 * body. A body that does not list exactly `count` items (a proxy's answer, a truncated
 * response) gives `retry` for all: nothing is known to be stored, and sending the same
 * documents again is safe (create with deterministic ids).
 */
export function classifyBulkResponse(body: unknown, count: number): ItemOutcome[] {
  const items = typeof body === 'object' && body !== null ? (body as { items?: unknown }).items : undefined;
  if (!Array.isArray(items) || items.length !== count) {
    const outcome: ItemOutcome = { result: 'retry', status: undefined, type: 'malformed_bulk_response', reason: `bulk response lists ${Array.isArray(items) ? items.length : 'no'} items for ${count} actions` };
    return Array.from({ length: count }, () => outcome);
  }
  return items.map(outcomeOf);
}
