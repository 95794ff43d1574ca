import type { EnvReader } from '@waymark/platform';
import type { QueryLimits } from './query-limits';

/** The query API's settings, read the same way by the query app and the all-in-one (docs/configuration.md, "Query"). */
export interface QueryApiConfig {
  readonly port: number;
  /** `''` or `/path`: put before every route (Jaeger's `query.base-path`). */
  readonly basePath: string;
  /** When set, every API request needs `Authorization: Bearer <token>`. Never logged. */
  readonly bearerToken: string | undefined;
  readonly limits: QueryLimits;
  /** Largest clock-skew correction, µs; 0 only warns. */
  readonly maxClockSkewAdjustMicros: number;
}

const BASE_PATH = /^(\/[A-Za-z0-9._~-]+)*\/?$/;

/** Reads the `QUERY_*` variables of the API itself (not the storage's); problems are recorded in `env`. */
export function readQueryApiConfig(env: EnvReader): QueryApiConfig {
  const basePath = env.string('QUERY_BASE_PATH', '/');
  if (!BASE_PATH.test(basePath)) env.problem(`QUERY_BASE_PATH=${JSON.stringify(basePath)}: expected a path such as / or /jaeger`);
  const bearerToken = env.optionalString('QUERY_BEARER_TOKEN');
  if (bearerToken !== undefined && bearerToken.length < 16) env.problem('QUERY_BEARER_TOKEN: use at least 16 characters');
  const maxLookbackMs = env.durationMs('QUERY_MAX_LOOKBACK', 30 * 86_400_000, { min: 60_000 });
  return {
    port: env.port('QUERY_HTTP_PORT', 16686),
    basePath: basePath.replace(/\/+$/, ''),
    bearerToken,
    limits: {
      maxLimit: env.int('QUERY_MAX_LIMIT', 1500, { min: 1, max: 10_000 }),
      maxLookbackMs,
      defaultLookbackMs: env.durationMs('QUERY_DEFAULT_LOOKBACK', 48 * 3_600_000, { min: 1000, max: maxLookbackMs }),
      maxTraceIds: env.int('QUERY_MAX_TRACE_IDS', 100, { min: 1, max: 1000 }),
    },
    maxClockSkewAdjustMicros: env.durationMs('QUERY_MAX_CLOCK_SKEW_ADJUSTMENT', 0, { min: 0 }) * 1000,
  };
}
