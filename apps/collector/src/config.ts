import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';
import { readKafkaConfig, readKafkaProducerConfig } from '@waymark/queue-kafka';
import type { KafkaConfig, KafkaProducerConfig } from '@waymark/queue-kafka';
import { readCollectorSamplingConfig, readReceiversConfig } from '@waymark/receivers';
import type { CollectorSamplingConfig, ReceiversConfig } from '@waymark/receivers';
import { readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import type { ElasticsearchConfig } from '@waymark/storage-elasticsearch';

export interface CollectorConfig {
  readonly common: CommonConfig;
  readonly receivers: ReceiversConfig;
  readonly kafka: KafkaConfig;
  readonly producer: KafkaProducerConfig;
  readonly sampling: CollectorSamplingConfig;
  /** The sampling store, when SAMPLING_THROUGHPUT_ENABLED (adaptive sampling's throughput feed). */
  readonly elasticsearch: ElasticsearchConfig | undefined;
}

/** Reads the collector configuration from the environment; see docs/configuration.md. */
export function loadCollectorConfig(env: Env): CollectorConfig {
  const reader = new EnvReader(env);
  const sampling = readCollectorSamplingConfig(reader);
  const config = {
    common: readCommonConfig(reader, { adminPort: 14269 }),
    receivers: readReceiversConfig(reader),
    kafka: readKafkaConfig(reader, 'waymark-collector'),
    producer: readKafkaProducerConfig(reader),
    sampling,
    elasticsearch: sampling.throughput.enabled ? readElasticsearchConfig(reader) : undefined,
  };
  reader.done();
  return config;
}
