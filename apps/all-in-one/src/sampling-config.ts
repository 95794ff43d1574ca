import type { EnvReader } from '@waymark/platform';
import { adaptiveOptionsProblem, DEFAULT_ADAPTIVE_OPTIONS, DEFAULT_MAX_STRATEGIES_FILE_BYTES } from '@waymark/sampling';
import type { AdaptiveOptions } from '@waymark/sampling';

/**
 * The sampling API settings: the sampling manager's variables, names and rules
 * (docs/configuration.md, "Sampling manager"). Adaptive sampling keeps its state in memory
 * (one process, one leader): probabilities start again from the initial one after a restart.
 */
export interface AllInOneSamplingConfig {
  readonly httpPort: number;
  readonly grpcPort: number;
  readonly source: 'file' | 'adaptive';
  readonly file: { readonly path: string | undefined; readonly reloadIntervalMs: number; readonly defaultProbability: number; readonly maxFileBytes: number };
  readonly adaptive: AdaptiveOptions;
  /** Adaptive: how often the root spans counted by the receivers are handed to the calculation. */
  readonly throughput: { readonly flushIntervalMs: number; readonly maxOperations: number };
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
    // One process is always the leader and serves what it calculates at once: no lease or refresh to tune.
    leaseTtlMs: d.leaseTtlMs,
    leaderLeaseRefreshMs: d.leaderLeaseRefreshMs,
    followerLeaseRefreshMs: d.followerLeaseRefreshMs,
    probabilitiesRefreshMs: d.probabilitiesRefreshMs,
  };
  const problem = adaptiveOptionsProblem(options);
  if (problem !== undefined) env.problem(`adaptive sampling settings: ${problem}`);
  return options;
}

export function readSamplingConfig(env: EnvReader): AllInOneSamplingConfig {
  const source = env.oneOf<'file' | 'adaptive'>('SAMPLING_STRATEGY_SOURCE', ['file', 'adaptive'], 'file');
  const config: AllInOneSamplingConfig = {
    httpPort: env.port('SAMPLING_HTTP_PORT', 5778),
    grpcPort: env.port('SAMPLING_GRPC_PORT', 5779),
    source,
    file: {
      path: env.optionalString('SAMPLING_STRATEGIES_FILE'),
      reloadIntervalMs: env.durationMs('SAMPLING_STRATEGIES_RELOAD_INTERVAL', 30_000, { min: 0 }),
      defaultProbability: env.number('SAMPLING_DEFAULT_PROBABILITY', 0.001, { min: 0, max: 1 }),
      maxFileBytes: env.sizeBytes('SAMPLING_STRATEGIES_FILE_MAX_SIZE', DEFAULT_MAX_STRATEGIES_FILE_BYTES, { min: 1024 }),
    },
    adaptive: readAdaptive(env),
    throughput: {
      flushIntervalMs: env.durationMs('SAMPLING_THROUGHPUT_FLUSH_INTERVAL', 60_000, { min: 100 }),
      maxOperations: env.int('SAMPLING_THROUGHPUT_MAX_OPERATIONS', 10_000, { min: 1 }),
    },
  };
  if (source === 'adaptive' && config.file.path !== undefined) env.problem('SAMPLING_STRATEGIES_FILE: only used with SAMPLING_STRATEGY_SOURCE=file');
  return config;
}
