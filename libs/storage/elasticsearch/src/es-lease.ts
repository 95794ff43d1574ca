import type { Client } from '@elastic/elasticsearch';
import { errors } from '@elastic/elasticsearch';
import type { LeaseGrant } from '@waymark/storage-api';

interface LeaseDocument {
  readonly holder: string;
  readonly expiresAtMs: number;
  /** Grows by one whenever the lease changes holder; absent in documents written before terms (read as 0). */
  readonly term?: number;
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
 * The term is carried in the document and written under the same condition, so it is granted to
 * one holder only and never goes back (release expires the document instead of deleting it).
 */
export async function tryAcquireEsLease(client: Client, index: string, name: string, holder: string, ttlMs: number, nowMs: number): Promise<LeaseGrant | undefined> {
  const current = await readLease(client, index, name);
  try {
    if (!current) {
      const document: LeaseDocument = { holder, expiresAtMs: nowMs + ttlMs, term: 1 };
      await client.create({ index, id: name, document });
      return { term: 1 };
    }
    if (current.source.holder !== holder && current.source.expiresAtMs > nowMs) return undefined;
    const previous = current.source.term ?? 0;
    const term = current.source.holder === holder ? Math.max(previous, 1) : previous + 1;
    const document: LeaseDocument = { holder, expiresAtMs: nowMs + ttlMs, term };
    await client.index({ index, id: name, document, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm });
    return { term };
  } catch (error) {
    if (isConflict(error)) return undefined;
    throw error;
  }
}

/** Expires the lease at once if `holder` still holds it (conditioned like a write; a lost race is fine). */
export async function releaseEsLease(client: Client, index: string, name: string, holder: string): Promise<void> {
  const current = await readLease(client, index, name);
  if (!current || current.source.holder !== holder) return;
  try {
    const document: LeaseDocument = { ...current.source, expiresAtMs: 0 };
    await client.index({ index, id: name, document, if_seq_no: current.seqNo, if_primary_term: current.primaryTerm });
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
}
