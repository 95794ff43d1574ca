import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';

export interface IngesterConfig {
  readonly common: CommonConfig;
}

/** Reads the ingester configuration from the environment; see docs/configuration.md. */
export function loadIngesterConfig(env: Env): IngesterConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, { adminPort: 14270 });
  reader.done();
  return { common };
}
