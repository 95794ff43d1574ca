import { EnvReader, readCommonConfig, readTenancyConfig } from '@waymark/platform';
import type { CommonConfig, Env, TenancyConfig } from '@waymark/platform';
import { readQueryApiConfig } from '@waymark/query-api';
import type { QueryApiConfig } from '@waymark/query-api';
import { readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import type { ElasticsearchConfig } from '@waymark/storage-elasticsearch';

export interface QueryConfig {
  readonly common: CommonConfig;
  readonly api: QueryApiConfig;
  /** The same variables and rules as the collector's, so both ends agree on tenants. */
  readonly tenancy: TenancyConfig;
  readonly elasticsearch: ElasticsearchConfig;
}

/** Reads the query configuration from the environment; see docs/configuration.md. */
export function loadQueryConfig(env: Env): QueryConfig {
  const reader = new EnvReader(env);
  const config = {
    common: readCommonConfig(reader, { adminPort: 16687 }),
    api: readQueryApiConfig(reader),
    tenancy: readTenancyConfig(reader),
    elasticsearch: readElasticsearchConfig(reader),
  };
  reader.done();
  return config;
}
