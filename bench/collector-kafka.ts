/**
 * Kafka-side verification of a collector run: what the topic holds against what the collector
 * acknowledged. Uses the kafkajs client built by @waymark/queue-kafka (kafkajs itself may only
 * be imported in that library).
 */
import { createLogger } from '@waymark/platform';
import { createKafka } from '@waymark/queue-kafka';
import { decodeOtlpProto } from '@waymark/span-translate';

type KafkaClient = ReturnType<typeof createKafka>;

const verifyGroup = (topic: string) => `${topic}-verify`;

export function benchKafka(brokers: readonly string[]): KafkaClient {
  const logger = createLogger({ service: 'bench-collector', level: 'error' });
  return createKafka({ brokers, clientId: 'waymark-bench', tls: false, connectionTimeoutMs: 3000, requestTimeoutMs: 30_000 }, logger);
}

/** Records per partition (high watermark − low watermark). */
export async function topicRecordCounts(kafka: KafkaClient, topic: string): Promise<Map<number, { low: number; high: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
  } finally {
    await admin.disconnect();
  }
}

/** Deletes the bench topic and the consumer group `readTopic` used, so runs do not fill the disk. */
export async function deleteTopic(kafka: KafkaClient, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic], timeout: 30_000 });
    await admin.deleteGroups([verifyGroup(topic)]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

export interface TopicContents {
  readonly records: number;
  readonly spans: number;
  readonly valueBytes: number;
  readonly traces: number;
  /** Traces whose spans were found on more than one partition (must be 0). */
  readonly tracesOnSeveralPartitions: number;
  /** Records that did not decode as an OTLP ExportTraceServiceRequest (must be 0). */
  readonly undecodable: number;
}

/** Reads every record up to the given high watermarks and decodes it. */
export async function readTopic(kafka: KafkaClient, topic: string, ends: Map<number, { low: number; high: number }>, timeoutMs: number): Promise<TopicContents> {
  const remaining = new Set([...ends].filter(([, { low, high }]) => high > low).map(([partition]) => partition));
  const partitionOfTrace = new Map<string, number>();
  const split = new Set<string>();
  let records = 0;
  let spans = 0;
  let valueBytes = 0;
  let undecodable = 0;
  const consumer = kafka.consumer({ groupId: verifyGroup(topic), maxBytesPerPartition: 16 * 1024 * 1024, maxBytes: 64 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    if (remaining.size === 0) finish();
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          records++;
          const value = message.value ?? Buffer.alloc(0);
          valueBytes += value.length;
          try {
            for (const span of decodeOtlpProto(value).spans) {
              spans++;
              const seen = partitionOfTrace.get(span.traceId);
              if (seen === undefined) partitionOfTrace.set(span.traceId, batch.partition);
              else if (seen !== batch.partition) split.add(span.traceId);
            }
          } catch {
            undecodable++;
          }
          if (Number(message.offset) + 1 >= (ends.get(batch.partition)?.high ?? 0)) remaining.delete(batch.partition);
        }
        if (remaining.size === 0) finish();
      },
    });
    const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref())]);
    if (timedOut) throw new Error(`reading ${topic} back did not finish within ${timeoutMs} ms (${records} records read)`);
  } finally {
    await consumer.disconnect();
  }
  return { records, spans, valueBytes, traces: partitionOfTrace.size, tracesOnSeveralPartitions: split.size, undecodable };
}
