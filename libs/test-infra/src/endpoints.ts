import { randomBytes } from 'node:crypto';

/**
 * Where the integration tests' Kafka and Elasticsearch are. Global setup fills these in from
 * the environment, testcontainers or the local infrastructure before any test runs.
 */
export function kafkaBrokers(): string[] {
  const value = process.env['KAFKA_BROKERS'];
  if (!value) throw new Error('KAFKA_BROKERS is not set: run integration tests with jest.int.config.js (its global setup starts Kafka)');
  return value.split(',').map((broker) => broker.trim());
}

export function elasticsearchUrl(): string {
  const value = process.env['ELASTICSEARCH_URL'];
  if (!value) throw new Error('ELASTICSEARCH_URL is not set: run integration tests with jest.int.config.js (its global setup starts Elasticsearch)');
  return value;
}

/**
 * A name no other test uses, for a topic, consumer group or index prefix: lowercase, so it is
 * valid for both Kafka and Elasticsearch.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`.toLowerCase();
}
