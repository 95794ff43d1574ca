import { Kafka, logLevel } from 'kafkajs';
import { kafkaBrokers, uniqueName } from '@waymark/test-infra';

// Walking skeleton: the real broker started by the test harness takes a keyed record through
// kafkajs and gives it back to a consumer group.
describe('Kafka (real broker)', () => {
  const kafka = new Kafka({ clientId: 'waymark-skeleton', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING });

  it('returns a produced record to a consumer group', async () => {
    const topic = uniqueName('skeleton');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const [ack] = await producer.send({ topic, acks: -1, messages: [{ key: 'trace-1', value: 'span-bytes', headers: { 'x-tenant': 'acme' } }] });
    await producer.disconnect();
    expect(ack?.errorCode).toBe(0);

    const consumer = kafka.consumer({ groupId: uniqueName('skeleton-group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string; tenant: string; partition: number }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }) =>
          resolve({ key: String(message.key), value: String(message.value), tenant: String(message.headers?.['x-tenant']), partition }),
      });
    });
    await consumer.disconnect();

    expect(received).toEqual({ key: 'trace-1', value: 'span-bytes', tenant: 'acme', partition: ack?.partition });
  });
});
