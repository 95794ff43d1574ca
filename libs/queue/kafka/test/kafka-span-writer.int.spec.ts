import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import type { Span } from '@waymark/span-model';
import { decodeOtlpProto, encodeOtlpProto, scanOtlpProto } from '@waymark/span-translate';
import { makeSpan, randomTraceId } from '@waymark/storage-testing';
import { kafkaBrokers, uniqueName } from '@waymark/test-infra';
import { keyPartitioner } from '../src/key-partitioner';
import { KafkaSpanWriter } from '../src/kafka-span-writer';
import { readTopicRecords } from '../src/testing/read-records';

const PARTITIONS = 6;

/** A batch the collector's fast path would hand the writer: the spans' OTLP bytes, scanned. */
function encodedBatch(spans: readonly Span[]) {
  const batch = scanOtlpProto(encodeOtlpProto(spans), { maxAnyValueDepth: 64 });
  if (!batch) throw new Error('test spans should pass the scan');
  return batch;
}

describe('KafkaSpanWriter.writeEncoded (real broker)', () => {
  const kafka = new Kafka({ clientId: 'waymark-writer-test', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });
  const partitionOf = keyPartitioner(PARTITIONS);
  const spans = Array.from({ length: 30 }, () => randomTraceId()).flatMap((traceId, i) => [
    makeSpan({ traceId, service: `svc-${i % 3}`, name: 'GET /ping', attributes: { 'http.route': '/ping', n: i } }),
    makeSpan({ traceId, service: `svc-${i % 3}`, name: 'redis ping', attributes: { 'db.system': 'redis' } }),
  ]);

  async function writeAndRead(maxMessageBytes: number) {
    const topic = uniqueName('writer-encoded');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const writer = new KafkaSpanWriter({ kafka, topic, encode: encodeOtlpProto, compression: 'none', maxBatchBytes: 1 << 20, maxMessageBytes, maxInFlight: 2, ackTimeoutMs: 10_000, retryAfterMs: 1000, granularity: 'partition', registry: new Registry() });
    await writer.start();
    try {
      await writer.writeEncoded(encodedBatch(spans), { tenant: 'acme' });
    } finally {
      await writer.stop();
    }
    const records = await readTopicRecords({ brokers: kafkaBrokers(), topic, timeoutMs: 30_000 });
    await deleteTopic(topic);
    return records.map((record) => ({ record, spans: decodeOtlpProto(record.value).spans }));
  }

  async function deleteTopic(topic: string) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).finally(() => admin.disconnect());
  }

  it('produces one record per partition, each span on the partition its trace id hashes to, keyed by its first trace id, with the tenant', async () => {
    const records = await writeAndRead(1 << 20);
    expect(records.length).toBeLessThanOrEqual(PARTITIONS);
    for (const { record, spans: recordSpans } of records) {
      expect(recordSpans.every((span) => partitionOf(span.traceId) === record.partition)).toBe(true);
      expect(record.key).toBe(recordSpans[0]?.traceId);
      expect(record.headers).toEqual({ 'x-tenant': 'acme' });
    }
    // Exactly the written spans, field for field (decoded the same way the ingester decodes them).
    const key = (span: Span) => `${span.traceId}/${span.spanId}`;
    expect(records.flatMap((r) => r.spans).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(decodeOtlpProto(encodeOtlpProto(spans)).spans.sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('splits a partition too big for one record, as write does, keeping every span on its partition', async () => {
    const records = await writeAndRead(600);
    expect(records.length).toBeGreaterThan(PARTITIONS);
    for (const { record, spans: recordSpans } of records) {
      expect(record.value.length).toBeLessThanOrEqual(600);
      expect(recordSpans.every((span) => partitionOf(span.traceId) === record.partition)).toBe(true);
    }
    expect(records.reduce((n, r) => n + r.spans.length, 0)).toBe(spans.length);
  });
});
