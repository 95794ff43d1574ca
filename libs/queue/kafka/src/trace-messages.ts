import type { Span, TraceId } from '@waymark/span-model';
import { SpanWriteError } from '@waymark/storage-api';

/** Model spans → the bytes of one Kafka record value (OTLP ExportTraceServiceRequest). */
export type SpanEncoder = (spans: readonly Span[]) => Uint8Array;

export interface TraceMessage {
  readonly key: string;
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
  const byTrace = new Map<TraceId, Span[]>();
  for (const span of spans) {
    const list = byTrace.get(span.traceId);
    if (list) list.push(span);
    else byTrace.set(span.traceId, [span]);
  }
  const headers = tenant === undefined ? undefined : { [TENANT_HEADER]: tenant };
  const messages: TraceMessage[] = [];
  for (const [traceId, traceSpans] of byTrace) encodeWithin(traceId, traceSpans, encode, maxMessageBytes, headers, messages);
  return messages;
}

function encodeWithin(key: string, spans: Span[], encode: SpanEncoder, max: number, headers: Record<string, string> | undefined, out: TraceMessage[]): void {
  const bytes = encode(spans);
  if (bytes.length <= max) {
    out.push({ key, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), ...(headers ? { headers } : {}), spanCount: spans.length });
    return;
  }
  if (spans.length === 1) {
    throw new SpanWriteError(`span ${spans[0]?.spanId} encodes to ${bytes.length} bytes, more than the ${max}-byte Kafka record limit`, false);
  }
  const half = Math.ceil(spans.length / 2);
  encodeWithin(key, spans.slice(0, half), encode, max, headers, out);
  encodeWithin(key, spans.slice(half), encode, max, headers, out);
}
