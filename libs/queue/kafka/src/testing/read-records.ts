import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** One record as a test sees it: the key and headers as text, the value as bytes. */
export interface TopicRecord {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  readonly partition: number;
  readonly offset: string;
}

export interface ReadTopicOptions {
  readonly brokers: readonly string[];
  readonly topic: string;
  /** Gives up (rejects, saying how far it got) after this long. */
  readonly timeoutMs: number;
}

/**
 * Test support (integration tests outside this adapter may not import kafkajs): every record of
 * `topic` from the beginning up to its end offsets at the time of the call, in partition and
 * offset order. A producer that was acknowledged with acks=all before the call is guaranteed to
 * find its records here, so no idle-time guess is needed. Each call uses a fresh consumer group
 * that commits nothing.
 */
export async function readTopicRecords(options: ReadTopicOptions): Promise<TopicRecord[]> {
  const kafka = new Kafka({ clientId: 'waymark-test-reader', brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const offsets = await admin.fetchTopicOffsets(options.topic);
    ends = new Map(offsets.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
  } finally {
    await admin.disconnect();
  }
  if (ends.size === 0) return [];

  const records: TopicRecord[] = [];
  const remaining = new Set(ends.keys());
  const consumer = kafka.consumer({ groupId: `waymark-test-reader-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`readTopicRecords(${options.topic}): ${records.length} records read, partitions ${[...remaining].join(', ')} not read to their end within ${options.timeoutMs} ms`)), options.timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = ends.get(partition);
            if (end === undefined || BigInt(message.offset) >= end) return;
            records.push({ key: message.key?.toString('utf8') ?? '', value: message.value ?? Buffer.alloc(0), headers: textHeaders(message.headers), partition, offset: message.offset });
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((error: unknown) => {
          clearTimeout(timer);
          reject(error);
        });
    });
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

function textHeaders(headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value : [value]).map(String).join(',');
  }
  return out;
}
