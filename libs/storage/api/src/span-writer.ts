import type { Span } from '@waymark/span-model';

/** Who the spans belong to. `undefined` when tenancy is off. */
export interface WriteContext {
  readonly tenant?: string;
}

/**
 * Stores spans. The one port every write path goes through: the collector writes to Kafka,
 * the ingester and the all-in-one write to Elasticsearch or memory, and none can tell which.
 *
 * Contract:
 * - `write` resolves only when every span passed is durable in this adapter's sense (Kafka:
 *   acknowledged by all in-sync replicas; Elasticsearch: every bulk item stored or already
 *   present; memory: in the store). Never when they are merely queued.
 * - It rejects with a `SpanWriteError` saying whether a retry may succeed. After a rejection,
 *   some spans may have been stored; writing them again is safe.
 * - Writes are idempotent per span: writing the same span twice stores it once.
 * - An empty array resolves at once.
 */
export interface SpanWriter {
  write(spans: readonly Span[], context?: WriteContext): Promise<void>;
}
