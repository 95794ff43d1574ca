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
  /**
   * Optional, for writers that store OTLP protobuf (the Kafka writer): stores a batch still in its
   * received encoding without decoding it. Same contract as `write`. Callers use it when present
   * and otherwise `write(batch.decode())`.
   */
  writeEncoded?(batch: EncodedSpanBatch, context?: WriteContext): Promise<void>;
}

/** One OTLP request of a regrouped batch. */
export interface EncodedSpanGroup {
  readonly bytes: Uint8Array;
  readonly spanCount: number;
  /** Hex trace id of the group's first span. */
  readonly firstTraceId: string;
}

/**
 * Spans still in the OTLP protobuf encoding a client sent, already checked to need nothing the
 * collector would otherwise repair, reject or sanitize (the receivers' fast path: the collector
 * copies bytes instead of decoding and re-encoding them).
 */
export interface EncodedSpanBatch {
  readonly spanCount: number;
  /**
   * The spans as one OTLP ExportTraceServiceRequest per group, grouped by `groupOf` of each span's
   * 16-byte trace id (at `offset` in `bytes`); decoding a group gives exactly its spans.
   */
  regroup(groupOf: (bytes: Uint8Array, offset: number) => number): ReadonlyMap<number, EncodedSpanGroup>;
  /** The spans, decoded. */
  decode(): Span[];
}
