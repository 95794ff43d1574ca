import { EnvReader, readCommonConfig } from '@waymark/platform';
import type { CommonConfig, Env } from '@waymark/platform';

export interface QueryConfig {
  readonly common: CommonConfig;
}

/** Reads the query configuration from the environment; see docs/configuration.md. */
export function loadQueryConfig(env: Env): QueryConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, { adminPort: 16687 });
  reader.done();
  return { common };
}
