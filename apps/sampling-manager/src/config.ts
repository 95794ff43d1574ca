import { hostname } from 'node:os';
import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';
import { adaptiveOptionsProblem, DEFAULT_ADAPTIVE_OPTIONS, DEFAULT_MAX_STRATEGIES_FILE_BYTES } from '@waymark/sampling';
import type { AdaptiveOptions } from '@waymark/sampling';
import { readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import type { ElasticsearchConfig } from '@waymark/storage-elasticsearch';

export type StrategySource = 'file' | 'adaptive';

export interface SamplingManagerConfig {
  readonly common: CommonConfig;
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly source: StrategySource;
  readonly file: { readonly path: string | undefined; readonly reloadIntervalMs: number; readonly defaultProbability: number; readonly maxFileBytes: number };
  readonly adaptive: AdaptiveOptions;
  /** This replica's name in the leader lease and the snapshots it signs (a random suffix per process is added). */
  readonly replicaId: string;
  /** The sampling store (adaptive only). */
  readonly elasticsearch: ElasticsearchConfig | undefined;
}

function readAdaptive(env: EnvReader): AdaptiveOptions {
  const d = DEFAULT_ADAPTIVE_OPTIONS;
  const probability = { min: 0, max: 1 };
  const options: AdaptiveOptions = {
    targetSamplesPerSecond: env.number('SAMPLING_TARGET_SAMPLES_PER_SECOND', d.targetSamplesPerSecond, { min: 1e-6 }),
    deltaTolerance: env.number('SAMPLING_DELTA_TOLERANCE', d.deltaTolerance, { min: 0, max: 1 }),
    calculationIntervalMs: env.durationMs('SAMPLING_CALCULATION_INTERVAL', d.calculationIntervalMs, { min: 1000 }),
    calculationDelayMs: env.durationMs('SAMPLING_CALCULATION_DELAY', d.calculationDelayMs, { min: 0 }),
    aggregationBuckets: env.int('SAMPLING_AGGREGATION_BUCKETS', d.aggregationBuckets, { min: 1, max: 1000 }),
    calculationBuckets: env.int('SAMPLING_CALCULATION_BUCKETS', d.calculationBuckets, { min: 1, max: 1000 }),
    initialSamplingProbability: env.number('SAMPLING_INITIAL_PROBABILITY', d.initialSamplingProbability, probability),
    minSamplingProbability: env.number('SAMPLING_MIN_PROBABILITY', d.minSamplingProbability, probability),
    maxSamplingProbability: env.number('SAMPLING_MAX_PROBABILITY', d.maxSamplingProbability, probability),
    minSamplesPerSecond: env.number('SAMPLING_MIN_SAMPLES_PER_SECOND', d.minSamplesPerSecond, { min: 0 }),
    maxIncreasePerCalculation: env.number('SAMPLING_MAX_INCREASE', d.maxIncreasePerCalculation, { min: 0.01, max: 100 }),
    leaseTtlMs: env.durationMs('SAMPLING_LEASE_TTL', d.leaseTtlMs, { min: 1000 }),
    leaderLeaseRefreshMs: env.durationMs('SAMPLING_LEADER_LEASE_REFRESH', d.leaderLeaseRefreshMs, { min: 100 }),
    followerLeaseRefreshMs: env.durationMs('SAMPLING_FOLLOWER_LEASE_REFRESH', d.followerLeaseRefreshMs, { min: 100 }),
    probabilitiesRefreshMs: env.durationMs('SAMPLING_PROBABILITIES_REFRESH', d.probabilitiesRefreshMs, { min: 100 }),
  };
  const problem = adaptiveOptionsProblem(options);
  if (problem !== undefined) env.problem(`adaptive sampling settings: ${problem}`);
  return options;
}

/** Reads the sampling-manager configuration from the environment; see docs/configuration.md. */
export function loadSamplingManagerConfig(env: Env): SamplingManagerConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, { adminPort: 5780 });
  const source = reader.oneOf<StrategySource>('SAMPLING_STRATEGY_SOURCE', ['file', 'adaptive'], 'file');
  const config: SamplingManagerConfig = {
    common,
    httpPort: reader.port('SAMPLING_HTTP_PORT', 5778),
    grpcPort: reader.port('SAMPLING_GRPC_PORT', 5779),
    source,
    file: {
      path: reader.optionalString('SAMPLING_STRATEGIES_FILE'),
      reloadIntervalMs: reader.durationMs('SAMPLING_STRATEGIES_RELOAD_INTERVAL', 30_000, { min: 0 }),
      defaultProbability: reader.number('SAMPLING_DEFAULT_PROBABILITY', 0.001, { min: 0, max: 1 }),
      maxFileBytes: reader.sizeBytes('SAMPLING_STRATEGIES_FILE_MAX_SIZE', DEFAULT_MAX_STRATEGIES_FILE_BYTES, { min: 1024 }),
    },
    adaptive: readAdaptive(reader),
    replicaId: reader.string('SAMPLING_REPLICA_ID', `${hostname()}-${process.pid}`),
    elasticsearch: source === 'adaptive' ? readElasticsearchConfig(reader) : undefined,
  };
  if (source === 'adaptive' && config.file.path !== undefined) reader.problem('SAMPLING_STRATEGIES_FILE: only used with SAMPLING_STRATEGY_SOURCE=file');
  reader.done();
  return config;
}
