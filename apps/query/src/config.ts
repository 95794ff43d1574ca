import { EnvReader, readCommonConfig, readTenancyConfig } from '@waymark/platform';
import type { CommonConfig, Env, TenancyConfig } from '@waymark/platform';
import type { QueryLimits } from '@waymark/query-api';
import { readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import type { ElasticsearchConfig } from '@waymark/storage-elasticsearch';

export interface QueryConfig {
  readonly common: CommonConfig;
  readonly http: {
    readonly port: number;
    /** `''` or `/path`: put before every route (Jaeger's `query.base-path`). */
    readonly basePath: string;
    /** When set, every API request needs `Authorization: Bearer <token>`. Never logged. */
    readonly bearerToken: string | undefined;
  };
  readonly limits: QueryLimits;
  /** Largest clock-skew correction, µs; 0 (the default, as Jaeger's) only warns. */
  readonly maxClockSkewAdjustMicros: number;
  /** The same variables and rules as the collector's, so both ends agree on tenants. */
  readonly tenancy: TenancyConfig;
  readonly elasticsearch: ElasticsearchConfig;
}

const BASE_PATH = /^(\/[A-Za-z0-9._~-]+)*\/?$/;

function readBasePath(env: EnvReader): string {
  const raw = env.string('QUERY_BASE_PATH', '/');
  if (!BASE_PATH.test(raw)) env.problem(`QUERY_BASE_PATH=${JSON.stringify(raw)}: expected a path such as / or /jaeger`);
  return raw.replace(/\/+$/, '');
}

/** Reads the query configuration from the environment; see docs/configuration.md. */
export function loadQueryConfig(env: Env): QueryConfig {
  const reader = new EnvReader(env);
  const bearerToken = reader.optionalString('QUERY_BEARER_TOKEN');
  if (bearerToken !== undefined && bearerToken.length < 16) reader.problem('QUERY_BEARER_TOKEN: use at least 16 characters');
  const maxLookbackMs = reader.durationMs('QUERY_MAX_LOOKBACK', 30 * 86_400_000, { min: 60_000 });
  const config = {
    common: readCommonConfig(reader, { adminPort: 16687 }),
    http: { port: reader.port('QUERY_HTTP_PORT', 16686), basePath: readBasePath(reader), bearerToken },
    limits: {
      maxLimit: reader.int('QUERY_MAX_LIMIT', 1500, { min: 1, max: 10_000 }),
      maxLookbackMs,
      defaultLookbackMs: reader.durationMs('QUERY_DEFAULT_LOOKBACK', 48 * 3_600_000, { min: 1000, max: maxLookbackMs }),
      maxTraceIds: reader.int('QUERY_MAX_TRACE_IDS', 100, { min: 1, max: 1000 }),
    },
    maxClockSkewAdjustMicros: reader.durationMs('QUERY_MAX_CLOCK_SKEW_ADJUSTMENT', 0, { min: 0 }) * 1000,
    tenancy: readTenancyConfig(reader),
    elasticsearch: readElasticsearchConfig(reader),
  };
  reader.done();
  return config;
}
