import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';
import { readKafkaConfig, readKafkaProducerConfig } from '@waymark/queue-kafka';
import type { KafkaConfig, KafkaProducerConfig } from '@waymark/queue-kafka';
import { readReceiversConfig } from '@waymark/receivers';
import type { ReceiversConfig } from '@waymark/receivers';

export interface CollectorConfig {
  readonly common: CommonConfig;
  readonly receivers: ReceiversConfig;
  readonly kafka: KafkaConfig;
  readonly producer: KafkaProducerConfig;
}

/** Reads the collector configuration from the environment; see docs/configuration.md. */
export function loadCollectorConfig(env: Env): CollectorConfig {
  const reader = new EnvReader(env);
  const config = {
    common: readCommonConfig(reader, { adminPort: 14269 }),
    receivers: readReceiversConfig(reader),
    kafka: readKafkaConfig(reader, 'waymark-collector'),
    producer: readKafkaProducerConfig(reader),
  };
  reader.done();
  return config;
}
