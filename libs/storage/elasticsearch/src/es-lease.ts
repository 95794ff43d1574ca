import type { Client } from '@elastic/elasticsearch';
import { errors } from '@elastic/elasticsearch';

interface LeaseDocument {
  readonly holder: string;
  readonly expiresAtMs: number;
}

const isConflict = (error: unknown): boolean => error instanceof errors.ResponseError && error.statusCode === 409;

async function readLease(client: Client, index: string, name: string) {
  // A real-time GET: sees the last write at once, no refresh needed.
  const response = await client.get<LeaseDocument>({ index, id: name }, { ignore: [404] });
  const found = (response as { found?: boolean }).found === true && response._source !== undefined;
  return found ? { source: response._source as LeaseDocument, seqNo: response._seq_no as number, primaryTerm: response._primary_term as number } : undefined;
}

/**
 * Compare-and-set on one lease document with Elasticsearch's optimistic concurrency: `create`
 * when there is none, else a write conditioned on the `_seq_no`/`_primary_term` just read.
 * Any concurrent writer makes the other's write fail with 409, so two holders can never both win.
 */
export async function tryAcquireEsLease(client: Client, index: string, name: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean> {
  const document: LeaseDocument = { holder, expiresAtMs: nowMs + ttlMs };
  const current = await readLease(client, index, name);
  try {
    if (!current) {
      await client.create({ index, id: name, document });
      return true;
    }
    if (current.source.holder !== holder && current.source.expiresAtMs > nowMs) return false;
    await client.index({ index, id: name, document, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm });
    return true;
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}

/** Deletes the lease if `holder` still holds it (conditioned like a write; a lost race is fine). */
export async function releaseEsLease(client: Client, index: string, name: string, holder: string): Promise<void> {
  const current = await readLease(client, index, name);
  if (!current || current.source.holder !== holder) return;
  try {
    await client.delete({ index, id: name, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm }, { ignore: [404] });
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
}
