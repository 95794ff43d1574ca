import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';

export interface SamplingManagerConfig {
  readonly common: CommonConfig;
}

/** Reads the sampling-manager configuration from the environment; see docs/configuration.md. */
export function loadSamplingManagerConfig(env: Env): SamplingManagerConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, { adminPort: 5780 });
  reader.done();
  return { common };
}
