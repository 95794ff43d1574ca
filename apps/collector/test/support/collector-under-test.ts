import { readTopicRecords } from '@waymark/queue-kafka';
import type { TopicRecord } from '@waymark/queue-kafka';
import type { ReceiverName } from '@waymark/receivers';
import { kafkaBrokers, uniqueName } from '@waymark/test-infra';
import { createCollector } from '../../src/collector';
import type { CollectorApp } from '../../src/collector';
import { loadCollectorConfig } from '../../src/config';

export interface CollectorUnderTest {
  readonly app: CollectorApp;
  readonly topic: string;
  /** `http://127.0.0.1:<bound port><path>` of an HTTP receiver. */
  url(receiver: ReceiverName, path: string): string;
  /** `127.0.0.1:<bound port>` of a receiver (for gRPC clients). */
  address(receiver: ReceiverName): string;
  /** `http://127.0.0.1:<admin port><path>`. */
  adminUrl(path: string): string;
  /** Every record on the topic, up to its end offsets now. */
  records(): Promise<TopicRecord[]>;
  stop(): Promise<void>;
}

/**
 * A collector started in-process the way main.ts starts it, on its own topic, every listener on
 * an ephemeral port, logs off. `env` adds to or overrides the defaults below.
 */
export async function startCollector(prefix: string, env: Record<string, string> = {}): Promise<CollectorUnderTest> {
  const topic = uniqueName(prefix);
  const app = createCollector(
    loadCollectorConfig({
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC: topic,
      KAFKA_TOPIC_PARTITIONS: '6',
      LISTEN_HOST: '127.0.0.1',
      ADMIN_PORT: '0',
      OTLP_GRPC_PORT: '0',
      OTLP_HTTP_PORT: '0',
      JAEGER_GRPC_PORT: '0',
      JAEGER_THRIFT_HTTP_PORT: '0',
      ZIPKIN_HTTP_PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  await app.lifecycle.start();
  const port = (receiver: ReceiverName) => {
    const bound = app.receivers.port(receiver);
    if (!bound) throw new Error(`receiver ${receiver} is not enabled`);
    return bound;
  };
  return {
    app,
    topic,
    url: (receiver, path) => `http://127.0.0.1:${port(receiver)}${path}`,
    address: (receiver) => `127.0.0.1:${port(receiver)}`,
    adminUrl: (path) => `http://127.0.0.1:${app.admin.port}${path}`,
    records: () => readTopicRecords({ brokers: kafkaBrokers(), topic, timeoutMs: 30_000 }),
    stop: () => app.lifecycle.stop(),
  };
}
