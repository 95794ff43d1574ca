import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';
import { readKafkaConfig, readKafkaIngestConfig } from '@waymark/queue-kafka';
import type { KafkaConfig, KafkaIngestConfig } from '@waymark/queue-kafka';
import { readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import type { ElasticsearchConfig } from '@waymark/storage-elasticsearch';

export interface IngesterConfig {
  readonly common: CommonConfig;
  readonly kafka: KafkaConfig;
  readonly ingest: KafkaIngestConfig;
  readonly elasticsearch: ElasticsearchConfig;
  /** Spans starting further from now than this are dead-lettered instead of creating stray daily indices. */
  readonly window: { readonly maxPastMs: number; readonly maxFutureMs: number };
  /** Waits between attempts while Elasticsearch or the dead-letter topic is unavailable. */
  readonly backoff: { readonly minMs: number; readonly maxMs: number };
}

/** Reads the ingester configuration from the environment; see docs/configuration.md. */
export function loadIngesterConfig(env: Env): IngesterConfig {
  const reader = new EnvReader(env);
  const kafka = readKafkaConfig(reader, 'waymark-ingester');
  const backoff = {
    minMs: reader.durationMs('INGESTER_RETRY_MIN_DELAY', 500, { min: 10 }),
    maxMs: reader.durationMs('INGESTER_RETRY_MAX_DELAY', 30_000, { min: 10 }),
  };
  if (backoff.maxMs < backoff.minMs) reader.problem('INGESTER_RETRY_MAX_DELAY must not be below INGESTER_RETRY_MIN_DELAY');
  const config = {
    common: readCommonConfig(reader, { adminPort: 14270 }),
    kafka,
    ingest: readKafkaIngestConfig(reader, kafka.topic.topic),
    elasticsearch: readElasticsearchConfig(reader),
    window: {
      maxPastMs: reader.durationMs('INGESTER_SPAN_MAX_PAST', 7 * 86_400_000, { min: 60_000 }),
      maxFutureMs: reader.durationMs('INGESTER_SPAN_MAX_FUTURE', 86_400_000, { min: 0 }),
    },
    backoff,
  };
  reader.done();
  return config;
}
