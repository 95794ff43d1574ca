import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';
import { readReceiversConfig } from '@waymark/receivers';
import type { ReceiversConfig } from '@waymark/receivers';

export interface AllInOneConfig {
  readonly common: CommonConfig;
  readonly receivers: ReceiversConfig;
  /** Traces kept in memory; the oldest are evicted first (counted). */
  readonly maxTraces: number;
}

/** Reads the all-in-one configuration from the environment; see docs/configuration.md. */
export function loadAllInOneConfig(env: Env): AllInOneConfig {
  const reader = new EnvReader(env);
  const config = {
    common: readCommonConfig(reader, { adminPort: 14269 }),
    receivers: readReceiversConfig(reader),
    maxTraces: reader.int('MEMORY_MAX_TRACES', 100_000, { min: 1 }),
  };
  reader.done();
  return config;
}
