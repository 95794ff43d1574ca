import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';

export interface CollectorConfig {
  readonly common: CommonConfig;
}

/** Reads the collector configuration from the environment; see docs/configuration.md. */
export function loadCollectorConfig(env: Env): CollectorConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, { adminPort: 14269 });
  reader.done();
  return { common };
}
