import type { Span, TraceId } from '@waymark/span-model';
import { SpanWriteError } from '@waymark/storage-api';

/** Model spans → the bytes of one Kafka record value (OTLP ExportTraceServiceRequest). */
export type SpanEncoder = (spans: readonly Span[]) => Uint8Array;

export interface TraceMessage {
  readonly key: string;
  /** Set when the records were grouped by partition; otherwise Kafka's partitioner hashes the key. */
  readonly partition?: number;
  readonly value: Buffer;
  readonly headers?: Record<string, string>;
  readonly spanCount: number;
}

/** Record header that carries the tenant, when tenancy is on. */
export const TENANT_HEADER = 'x-tenant';

/**
 * One record per trace (key = trace id, so Kafka's partitioner puts every span of a trace on
 * the same partition), each under `maxMessageBytes`: a trace too big for one record is split
 * into several records with the same key. A single span bigger than a record can never be
 * written and fails permanently.
 */
export function traceMessages(spans: readonly Span[], encode: SpanEncoder, maxMessageBytes: number, tenant?: string): TraceMessage[] {
  const out: Output = { encode, max: maxMessageBytes, headers: tenantHeaders(tenant), messages: [] };
  for (const [traceId, traceSpans] of groupByTrace(spans)) encodeWithin(out, traceSpans, traceId);
  return out.messages;
}

/** The partition Kafka's default (murmur2) partitioner gives a key. */
export type KeyPartitioner = (key: string) => number;

/**
 * One record per partition instead of per trace: the traces that Kafka's default partitioner
 * would put on the same partition are encoded together (one resource and scope header instead
 * of one per trace, one Kafka record instead of dozens) and sent to that partition explicitly.
 * Every span of a trace still lands on the partition its trace id hashes to, so consumers that
 * rely on per-trace partitioning (the ingester, `partition_traces_by_id`) see no difference;
 * the key is the first trace id in the record (informative only: the partition is explicit).
 * Spans keep their request order within a record. A group too big for one record is split, on
 * trace boundaries where it can be (its spans are then regrouped so each trace's are adjacent).
 */
export function partitionMessages(spans: readonly Span[], encode: SpanEncoder, maxMessageBytes: number, partitionOf: KeyPartitioner, tenant?: string): TraceMessage[] {
  const byPartition = new Map<number, Span[]>();
  // Spans of a trace usually come in runs: hash each run's trace id once.
  let lastTrace: TraceId | undefined;
  let list: Span[] | undefined;
  for (const span of spans) {
    if (span.traceId !== lastTrace || list === undefined) {
      lastTrace = span.traceId;
      const partition = partitionOf(span.traceId);
      list = byPartition.get(partition);
      if (list === undefined) byPartition.set(partition, (list = []));
    }
    list.push(span);
  }
  const out: Output = { encode, max: maxMessageBytes, headers: tenantHeaders(tenant), messages: [] };
  for (const [partition, partitionSpans] of byPartition) encodeWithin(out, partitionSpans, undefined, partition);
  return out.messages;
}

/** Where `encodeWithin` puts its records, and how it encodes them. */
interface Output {
  readonly encode: SpanEncoder;
  readonly max: number;
  readonly headers: Record<string, string> | undefined;
  readonly messages: TraceMessage[];
}

/** The record headers of a tenant's spans (none without tenancy). */
export const tenantHeaders = (tenant: string | undefined) => (tenant === undefined ? undefined : { [TENANT_HEADER]: tenant });

function groupByTrace(spans: readonly Span[]): Map<TraceId, Span[]> {
  const byTrace = new Map<TraceId, Span[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  return byTrace;
}

/** `key` undefined: each record is keyed by its first span's trace id. */
function encodeWithin(out: Output, spans: Span[], key: string | undefined, partition?: number): void {
  const bytes = out.encode(spans);
  if (bytes.length <= out.max) {
    out.messages.push({
      key: key ?? (spans[0]?.traceId as string),
      ...(partition === undefined ? {} : { partition }),
      value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      ...(out.headers ? { headers: out.headers } : {}),
      spanCount: spans.length,
    });
    return;
  }
  if (spans.length === 1) {
    throw new SpanWriteError(`span ${spans[0]?.spanId} encodes to ${bytes.length} bytes, more than the ${out.max}-byte Kafka record limit`, false);
  }
  const grouped = key === undefined ? [...groupByTrace(spans).values()].flat() : spans;
  const half = splitPoint(grouped);
  encodeWithin(out, grouped.slice(0, half), key, partition);
  encodeWithin(out, grouped.slice(half), key, partition);
}

/** The middle, moved to the nearest trace boundary when there is one (spans of a trace are adjacent). */
function splitPoint(spans: readonly Span[]): number {
  const middle = Math.ceil(spans.length / 2);
  for (let offset = 0; offset < middle; offset++) {
    for (const at of [middle - offset, middle + offset]) {
      if (at > 0 && at < spans.length && spans[at - 1]?.traceId !== spans[at]?.traceId) return at;
    }
  }
  return middle;
}
