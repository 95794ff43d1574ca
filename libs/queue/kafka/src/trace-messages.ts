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
  const headers = tenant === undefined ? undefined : { [TENANT_HEADER]: tenant };
  const messages: TraceMessage[] = [];
  for (const [traceId, traceSpans] of groupByTrace(spans)) encodeWithin(traceId, traceSpans, encode, maxMessageBytes, headers, messages);
  return messages;
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
 * A group too big for one record is split, on trace boundaries where it can be.
 */
export function partitionMessages(spans: readonly Span[], encode: SpanEncoder, maxMessageBytes: number, partitionOf: KeyPartitioner, tenant?: string): TraceMessage[] {
  const byPartition = new Map<number, Span[]>();
  for (const [traceId, traceSpans] of groupByTrace(spans)) {
    const partition = partitionOf(traceId);
    const list = byPartition.get(partition);
    if (list) list.push(...traceSpans);
    else byPartition.set(partition, [...traceSpans]);
  }
  const headers = tenant === undefined ? undefined : { [TENANT_HEADER]: tenant };
  const messages: TraceMessage[] = [];
  for (const [partition, partitionSpans] of byPartition) encodeWithin(undefined, partitionSpans, encode, maxMessageBytes, headers, messages, partition);
  return messages;
}

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
function encodeWithin(key: string | undefined, spans: Span[], encode: SpanEncoder, max: number, headers: Record<string, string> | undefined, out: TraceMessage[], partition?: number): void {
  const bytes = encode(spans);
  if (bytes.length <= max) {
    out.push({
      key: key ?? (spans[0]?.traceId as string),
      ...(partition === undefined ? {} : { partition }),
      value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      ...(headers ? { headers } : {}),
      spanCount: spans.length,
    });
    return;
  }
  if (spans.length === 1) {
    throw new SpanWriteError(`span ${spans[0]?.spanId} encodes to ${bytes.length} bytes, more than the ${max}-byte Kafka record limit`, false);
  }
  const half = splitPoint(spans);
  encodeWithin(key, spans.slice(0, half), encode, max, headers, out, partition);
  encodeWithin(key, spans.slice(half), encode, max, headers, out, partition);
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
