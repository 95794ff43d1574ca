import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';

export interface AllInOneConfig {
  readonly common: CommonConfig;
}

/** Reads the all-in-one configuration from the environment; see docs/configuration.md. */
export function loadAllInOneConfig(env: Env): AllInOneConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, { adminPort: 14269 });
  reader.done();
  return { common };
}
