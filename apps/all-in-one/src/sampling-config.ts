import type { EnvReader } from '@waymark/platform';
import { readSamplingApiConfig } from '@waymark/sampling';
import type { SamplingApiConfig } from '@waymark/sampling';

/**
 * The sampling API settings: the sampling manager's variables, names and rules
 * (docs/configuration.md, "Sampling manager"). Adaptive sampling keeps its state in memory
 * (one process, one leader): probabilities start again from the initial one after a restart.
 */
export interface AllInOneSamplingConfig extends SamplingApiConfig {
  /** Adaptive: how often the root spans counted by the receivers are handed to the calculation. */
  readonly throughput: { readonly flushIntervalMs: number; readonly maxOperations: number };
}

export function readSamplingConfig(env: EnvReader): AllInOneSamplingConfig {
  return {
    ...readSamplingApiConfig(env, { leases: false }),
    throughput: {
      flushIntervalMs: env.durationMs('SAMPLING_THROUGHPUT_FLUSH_INTERVAL', 60_000, { min: 100 }),
      maxOperations: env.int('SAMPLING_THROUGHPUT_MAX_OPERATIONS', 10_000, { min: 1 }),
    },
  };
}
