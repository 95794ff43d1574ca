import { hostname } from 'node:os';
import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';
import { readSamplingApiConfig } from '@waymark/sampling';
import type { SamplingApiConfig } from '@waymark/sampling';
import { readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import type { ElasticsearchConfig } from '@waymark/storage-elasticsearch';

/** The sampling API's settings (shared with the all-in-one), plus what only the distributed manager has. */
export interface SamplingManagerConfig extends SamplingApiConfig {
  readonly common: CommonConfig;
  /** This replica's name in the leader lease and the snapshots it signs (a random suffix per process is added). */
  readonly replicaId: string;
  /** The sampling store (adaptive only). */
  readonly elasticsearch: ElasticsearchConfig | undefined;
}

/** Reads the sampling-manager configuration from the environment; see docs/configuration.md. */
export function loadSamplingManagerConfig(env: Env): SamplingManagerConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, { adminPort: 5780 });
  const api = readSamplingApiConfig(reader, { leases: true });
  const config: SamplingManagerConfig = {
    common,
    ...api,
    replicaId: reader.string('SAMPLING_REPLICA_ID', `${hostname()}-${process.pid}`),
    elasticsearch: api.source === 'adaptive' ? readElasticsearchConfig(reader) : undefined,
  };
  reader.done();
  return config;
}
