import { keyPartitioner } from '@waymark/queue-kafka';
import type { TopicRecord } from '@waymark/queue-kafka';
import type { Span } from '@waymark/span-model';
import { decodeOtlpProto } from '@waymark/span-translate';

/** A Kafka record with the spans its OTLP ExportTraceServiceRequest value decodes to. */
export interface DecodedRecord {
  readonly record: TopicRecord;
  readonly spans: Span[];
}

/** Decodes every record value as an OTLP ExportTraceServiceRequest; none may reject a span. */
export function decodeRecords(records: readonly TopicRecord[]): DecodedRecord[] {
  return records.map((record) => {
    const decoded = decodeOtlpProto(record.value);
    if (decoded.rejected > 0) throw new Error(`record ${record.partition}/${record.offset} has ${decoded.rejected} undecodable spans`);
    return { record, spans: decoded.spans };
  });
}

/**
 * The topic's contract (ADR 003): every span of a record has a trace id that Kafka's default
 * partitioner puts on the record's partition (so a trace never straddles partitions), and the
 * record's key is its first span's 32-hex trace id. `partitions`: the topic's partition count.
 */
export function expectTraceAffinity(decoded: readonly DecodedRecord[], partitions = 6): void {
  const partitionOf = keyPartitioner(partitions);
  for (const { record, spans } of decoded) {
    expect(spans.length).toBeGreaterThan(0);
    expect(record.key).toMatch(/^[0-9a-f]{32}$/);
    expect(record.key).toBe(spans[0]?.traceId);
    const misplaced = spans.filter((span) => partitionOf(span.traceId) !== record.partition).map((span) => span.traceId);
    expect({ partition: record.partition, misplaced }).toEqual({ partition: record.partition, misplaced: [] });
  }
}

/** Every span on the topic, grouped by trace id. */
export function spansByTrace(decoded: readonly DecodedRecord[]): Map<string, Span[]> {
  const byTrace = new Map<string, Span[]>();
  for (const { spans } of decoded) for (const span of spans) byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span]);
  return byTrace;
}

/** The trace ids on the topic, sorted. */
export function traceIdsOf(decoded: readonly DecodedRecord[]): string[] {
  return [...spansByTrace(decoded).keys()].sort();
}

/** The records holding spans of one trace, and the trace's spans by span id (the last copy wins if duplicated). */
export function traceOf(decoded: readonly DecodedRecord[], traceId: string): { records: DecodedRecord[]; spans: Map<string, Span> } {
  const records = decoded.filter(({ spans }) => spans.some((span) => span.traceId === traceId));
  const spans = records.flatMap((record) => record.spans.filter((span) => span.traceId === traceId));
  return { records, spans: new Map(spans.map((span) => [span.spanId, span] as const)) };
}
