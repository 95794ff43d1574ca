import { EnvReader, parseSizeBytes, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';
import { readQueryApiConfig } from '@waymark/query-api';
import type { QueryApiConfig } from '@waymark/query-api';
import type { BoundedQueueLimits } from '@waymark/queue-bounded';
import { readReceiversConfig } from '@waymark/receivers';
import type { ReceiversConfig } from '@waymark/receivers';
import { readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import type { ElasticsearchConfig } from '@waymark/storage-elasticsearch';
import { readSamplingConfig } from './sampling-config';
import type { AllInOneSamplingConfig } from './sampling-config';

/** Memory (the default), or Elasticsearch when ELASTICSEARCH_URL is set. */
export type AllInOneStorage = { readonly kind: 'memory'; readonly maxTraces: number } | { readonly kind: 'elasticsearch'; readonly elasticsearch: ElasticsearchConfig };

export interface AllInOneConfig {
  readonly common: CommonConfig;
  readonly receivers: ReceiversConfig;
  readonly queue: BoundedQueueLimits;
  readonly storage: AllInOneStorage;
  readonly query: QueryApiConfig;
  readonly sampling: AllInOneSamplingConfig;
}

/** Reads the all-in-one configuration from the environment; see docs/configuration.md ("All-in-one"). */
export function loadAllInOneConfig(env: Env): AllInOneConfig {
  const reader = new EnvReader(env);
  const receivers = readReceiversConfig(reader);
  const maxTraces = reader.int('MEMORY_MAX_TRACES', 100_000, { min: 1 });
  const config: AllInOneConfig = {
    common: readCommonConfig(reader, { adminPort: 14269 }),
    receivers,
    queue: {
      maxSpans: reader.int('QUEUE_MAX_SPANS', 100_000, { min: 1 }),
      maxBytes: reader.sizeBytes('QUEUE_MAX_BYTES', parseSizeBytes('128MiB') as number, { min: 1024 }),
      maxBatchSpans: reader.int('QUEUE_BATCH_MAX_SPANS', 5000, { min: 1 }),
      maxBatchBytes: reader.sizeBytes('QUEUE_BATCH_MAX_BYTES', parseSizeBytes('16MiB') as number, { min: 1024 }),
      concurrency: reader.int('QUEUE_CONCURRENCY', 2, { min: 1, max: 64 }),
      retryAfterMs: receivers.inFlight.retryAfterMs,
    },
    storage: reader.optionalString('ELASTICSEARCH_URL') === undefined ? { kind: 'memory', maxTraces } : { kind: 'elasticsearch', elasticsearch: readElasticsearchConfig(reader) },
    query: readQueryApiConfig(reader),
    sampling: readSamplingConfig(reader),
  };
  // As in the collector: tenants' root spans are never counted (ADR 007), so adaptive sampling
  // under tenancy would look enabled and stay at its initial probability.
  if (config.sampling.source === 'adaptive' && receivers.tenancy.enabled) {
    reader.problem('SAMPLING_STRATEGY_SOURCE=adaptive cannot be combined with TENANCY_ENABLED=true: adaptive sampling is per service, not per tenant, so tenants\' spans are not counted (docs/adr/007-adaptive-sampling.md)');
  }
  reader.done();
  return config;
}
