import { parseSizeBytes } from '@waymark/platform';
import type { EnvReader } from '@waymark/platform';
import type { KafkaClientConfig } from './kafka-client';
import type { KafkaConsumerConfig } from './kafka-span-consumer';
import type { TopicSpec } from './topic';

export interface KafkaConfig {
  readonly client: KafkaClientConfig;
  readonly topic: TopicSpec;
  /** Create the topic at start when it does not exist. */
  readonly createTopic: boolean;
}

export interface KafkaProducerConfig {
  readonly compression: 'none' | 'gzip';
  readonly maxBatchBytes: number;
  readonly maxMessageBytes: number;
  readonly maxInFlight: number;
  readonly ackTimeoutMs: number;
  /** One record per partition per write (default) or per trace; see KafkaSpanWriterOptions.granularity and ADR 003. */
  readonly granularity: 'trace' | 'partition';
}

const SASL = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** Broker, credentials and topic settings shared by the collector and the ingester. */
export function readKafkaConfig(env: EnvReader, clientId: string): KafkaConfig {
  const brokers = env.list('KAFKA_BROKERS', ['127.0.0.1:9092']);
  if (brokers.length === 0) env.problem('KAFKA_BROKERS: at least one host:port is required');
  const mechanism = env.optionalString('KAFKA_SASL_MECHANISM');
  let sasl: KafkaClientConfig['sasl'];
  if (mechanism !== undefined) {
    const username = env.optionalString('KAFKA_SASL_USERNAME');
    const password = env.optionalString('KAFKA_SASL_PASSWORD');
    if (!(SASL as readonly string[]).includes(mechanism)) env.problem(`KAFKA_SASL_MECHANISM: expected one of ${SASL.join(', ')}`);
    else if (!username || !password) env.problem('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM');
    else sasl = { mechanism: mechanism as (typeof SASL)[number], username, password };
  }
  const replicationFactor = env.int('KAFKA_TOPIC_REPLICATION_FACTOR', 1, { min: 1 });
  return {
    client: {
      brokers,
      clientId: env.string('KAFKA_CLIENT_ID', clientId),
      tls: env.bool('KAFKA_TLS', false),
      ...(sasl ? { sasl } : {}),
      connectionTimeoutMs: env.durationMs('KAFKA_CONNECTION_TIMEOUT', 3000, { min: 100 }),
      requestTimeoutMs: env.durationMs('KAFKA_REQUEST_TIMEOUT', 10_000, { min: 100 }),
    },
    topic: {
      topic: env.string('KAFKA_TOPIC', 'waymark-spans'),
      partitions: env.int('KAFKA_TOPIC_PARTITIONS', 6, { min: 1 }),
      replicationFactor,
      config: { 'min.insync.replicas': String(env.int('KAFKA_TOPIC_MIN_INSYNC_REPLICAS', Math.min(2, replicationFactor), { min: 1 })) },
    },
    createTopic: env.bool('KAFKA_CREATE_TOPIC', true),
  };
}

export function readKafkaProducerConfig(env: EnvReader): KafkaProducerConfig {
  const maxMessageBytes = env.sizeBytes('KAFKA_PRODUCER_MAX_MESSAGE_BYTES', parseSizeBytes('900KiB') as number, { min: 1024 });
  return {
    compression: env.oneOf('KAFKA_PRODUCER_COMPRESSION', ['none', 'gzip'], 'none'),
    maxBatchBytes: env.sizeBytes('KAFKA_PRODUCER_MAX_BATCH_BYTES', parseSizeBytes('900KiB') as number, { min: maxMessageBytes }),
    maxMessageBytes,
    maxInFlight: env.int('KAFKA_PRODUCER_MAX_IN_FLIGHT', 4, { min: 1, max: 64 }),
    ackTimeoutMs: env.durationMs('KAFKA_PRODUCER_ACK_TIMEOUT', 10_000, { min: 100 }),
    granularity: env.oneOf('KAFKA_MESSAGE_GRANULARITY', ['trace', 'partition'], 'partition'),
  };
}

export interface KafkaIngestConfig {
  readonly consumer: KafkaConsumerConfig;
  /** Dead letters: records and spans that can never be stored, with the reason. */
  readonly deadLetterTopic: { readonly topic: string; readonly partitions: number };
  readonly ackTimeoutMs: number;
}

/** The ingester's consumer group and dead-letter topic; `spansTopic` names the default dead-letter topic. */
export function readKafkaIngestConfig(env: EnvReader, spansTopic: string): KafkaIngestConfig {
  const sessionTimeoutMs = env.durationMs('KAFKA_CONSUMER_SESSION_TIMEOUT', 30_000, { min: 6000, max: 300_000 });
  const heartbeatIntervalMs = env.durationMs('KAFKA_CONSUMER_HEARTBEAT_INTERVAL', 3000, { min: 100 });
  if (heartbeatIntervalMs * 3 > sessionTimeoutMs) env.problem('KAFKA_CONSUMER_HEARTBEAT_INTERVAL must be at most a third of KAFKA_CONSUMER_SESSION_TIMEOUT');
  const maxBytesPerPartition = env.sizeBytes('KAFKA_CONSUMER_MAX_PARTITION_FETCH_BYTES', 2 * 1024 * 1024, { min: 64 * 1024 });
  return {
    consumer: {
      groupId: env.string('KAFKA_CONSUMER_GROUP_ID', 'waymark-ingester'),
      sessionTimeoutMs,
      heartbeatIntervalMs,
      rebalanceTimeoutMs: env.durationMs('KAFKA_CONSUMER_REBALANCE_TIMEOUT', 60_000, { min: 1000 }),
      maxBytesPerPartition,
      maxBytes: env.sizeBytes('KAFKA_CONSUMER_MAX_FETCH_BYTES', 16 * 1024 * 1024, { min: maxBytesPerPartition }),
      maxWaitMs: env.durationMs('KAFKA_CONSUMER_MAX_WAIT', 500, { min: 10 }),
      partitionsConcurrently: env.int('KAFKA_CONSUMER_CONCURRENCY', 6, { min: 1, max: 256 }),
      fromBeginning: env.bool('KAFKA_CONSUMER_FROM_BEGINNING', true),
    },
    deadLetterTopic: {
      topic: env.string('KAFKA_DLQ_TOPIC', `${spansTopic}-dlq`),
      partitions: env.int('KAFKA_DLQ_TOPIC_PARTITIONS', 1, { min: 1 }),
    },
    ackTimeoutMs: env.durationMs('KAFKA_PRODUCER_ACK_TIMEOUT', 10_000, { min: 100 }),
  };
}
