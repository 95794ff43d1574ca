import type { EnvReader } from '@waymark/platform';
import { adaptiveOptionsProblem, DEFAULT_ADAPTIVE_OPTIONS } from './adaptive/adaptive-options';
import type { AdaptiveOptions } from './adaptive/adaptive-options';
import { DEFAULT_MAX_STRATEGIES_FILE_BYTES } from './file/file-strategy-provider';

export type StrategySource = 'file' | 'adaptive';

/** The sampling API's settings, read the same way by the sampling manager and the all-in-one (docs/configuration.md, "Sampling manager"). */
export interface SamplingApiConfig {
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly source: StrategySource;
  readonly file: { readonly path: string | undefined; readonly reloadIntervalMs: number; readonly defaultProbability: number; readonly maxFileBytes: number };
  readonly adaptive: AdaptiveOptions;
}

/**
 * Reads the `SAMPLING_*` variables of the API and its strategies; problems are recorded in `env`.
 * `leases`: whether replicas share the work through a lease (the sampling manager); without
 * (one process, always the leader) the lease and refresh settings keep their defaults.
 */
export function readSamplingApiConfig(env: EnvReader, { leases }: { readonly leases: boolean }): SamplingApiConfig {
  const source = env.oneOf<StrategySource>('SAMPLING_STRATEGY_SOURCE', ['file', 'adaptive'], 'file');
  const path = env.optionalString('SAMPLING_STRATEGIES_FILE');
  if (source === 'adaptive' && path !== undefined) env.problem('SAMPLING_STRATEGIES_FILE: only used with SAMPLING_STRATEGY_SOURCE=file');
  return {
    httpPort: env.port('SAMPLING_HTTP_PORT', 5778),
    grpcPort: env.port('SAMPLING_GRPC_PORT', 5779),
    source,
    file: {
      path,
      reloadIntervalMs: env.durationMs('SAMPLING_STRATEGIES_RELOAD_INTERVAL', 30_000, { min: 0 }),
      defaultProbability: env.number('SAMPLING_DEFAULT_PROBABILITY', 0.001, { min: 0, max: 1 }),
      maxFileBytes: env.sizeBytes('SAMPLING_STRATEGIES_FILE_MAX_SIZE', DEFAULT_MAX_STRATEGIES_FILE_BYTES, { min: 1024 }),
    },
    adaptive: readAdaptiveOptions(env, leases),
  };
}

function readAdaptiveOptions(env: EnvReader, leases: boolean): AdaptiveOptions {
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
    leaseTtlMs: leases ? env.durationMs('SAMPLING_LEASE_TTL', d.leaseTtlMs, { min: 1000 }) : d.leaseTtlMs,
    leaderLeaseRefreshMs: leases ? env.durationMs('SAMPLING_LEADER_LEASE_REFRESH', d.leaderLeaseRefreshMs, { min: 100 }) : d.leaderLeaseRefreshMs,
    followerLeaseRefreshMs: leases ? env.durationMs('SAMPLING_FOLLOWER_LEASE_REFRESH', d.followerLeaseRefreshMs, { min: 100 }) : d.followerLeaseRefreshMs,
    probabilitiesRefreshMs: leases ? env.durationMs('SAMPLING_PROBABILITIES_REFRESH', d.probabilitiesRefreshMs, { min: 100 }) : d.probabilitiesRefreshMs,
  };
  const problem = adaptiveOptionsProblem(options);
  if (problem !== undefined) env.problem(`adaptive sampling settings: ${problem}`);
  return options;
}
