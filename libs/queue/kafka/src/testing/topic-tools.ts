import { Kafka, logLevel } from 'kafkajs';

const testKafka = (brokers: readonly string[]) => new Kafka({ clientId: 'waymark-test-tools', brokers: [...brokers], logLevel: logLevel.NOTHING });

/**
 * Test support: the offsets a consumer group has committed on `topic`, by partition (partitions
 * without a commit are left out): every record below its offset is what the group calls done.
 */
export async function readCommittedOffsets(brokers: readonly string[], groupId: string, topic: string): Promise<Map<number, number>> {
  const admin = testKafka(brokers).admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return new Map((offsets?.partitions ?? []).filter((p) => Number(p.offset) >= 0).map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

export interface RawRecord {
  readonly partition: number;
  readonly key?: string;
  readonly value: Buffer;
  readonly headers?: Record<string, string>;
}

/** Test support: produces records as they are (acks=all) and returns each one's offset, in order. */
export async function produceRawRecords(brokers: readonly string[], topic: string, records: readonly RawRecord[]): Promise<number[]> {
  const producer = testKafka(brokers).producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    const offsets: number[] = [];
    // One send per record, so each answer names that record's offset.
    for (const record of records) {
      const [ack] = await producer.send({ topic, acks: -1, messages: [{ partition: record.partition, key: record.key ?? null, value: record.value, ...(record.headers ? { headers: record.headers } : {}) }] });
      offsets.push(Number(ack?.baseOffset));
    }
    return offsets;
  } finally {
    await producer.disconnect();
  }
}
