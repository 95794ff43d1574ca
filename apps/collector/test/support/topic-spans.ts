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

/** The topic's contract: one trace per record, keyed by its 32-hex trace id, and a trace on one partition only. */
export function expectTraceAffinity(decoded: readonly DecodedRecord[]): void {
  const partitions = new Map<string, Set<number>>();
  for (const { record, spans } of decoded) {
    expect(record.key).toMatch(/^[0-9a-f]{32}$/);
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([record.key]));
    partitions.set(record.key, (partitions.get(record.key) ?? new Set()).add(record.partition));
  }
  for (const [traceId, seen] of partitions) expect({ traceId, partitions: [...seen] }).toEqual({ traceId, partitions: [[...seen][0]] });
}

/** The records of one trace, and all their spans by span id (the last copy wins if duplicated). */
export function traceOf(decoded: readonly DecodedRecord[], traceId: string): { records: DecodedRecord[]; spans: Map<string, Span> } {
  const records = decoded.filter(({ record }) => record.key === traceId);
  return { records, spans: new Map(records.flatMap(({ spans }) => spans.map((span) => [span.spanId, span] as const))) };
}
