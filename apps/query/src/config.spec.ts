import { ConfigError } from '@waymark/platform';
import { loadQueryConfig } from './config';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadQueryConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('query configuration', () => {
  it("defaults to Jaeger's ports and limits, tenancy off, no token", () => {
    const config = loadQueryConfig({});
    expect([config.api.port, config.api.basePath, config.api.bearerToken]).toEqual([16686, '', undefined]);
    expect(config.common.adminPort).toBe(16687);
    expect(config.api.limits).toEqual({ maxLimit: 1500, maxLookbackMs: 30 * 86_400_000, defaultLookbackMs: 48 * 3_600_000, maxTraceIds: 100 });
    expect(config.api.maxClockSkewAdjustMicros).toBe(0);
    expect(config.tenancy).toEqual({ enabled: false, header: 'x-tenant', tenants: [] });
  });

  it('reads every QUERY_* variable and the shared tenancy variables', () => {
    const config = loadQueryConfig({
      QUERY_HTTP_PORT: '8080',
      QUERY_BASE_PATH: '/jaeger/',
      QUERY_BEARER_TOKEN: '0123456789abcdef',
      QUERY_MAX_LIMIT: '200',
      QUERY_MAX_LOOKBACK: '7d',
      QUERY_DEFAULT_LOOKBACK: '1h',
      QUERY_MAX_TRACE_IDS: '10',
      QUERY_MAX_CLOCK_SKEW_ADJUSTMENT: '500ms',
      TENANCY_ENABLED: 'true',
      TENANCY_HEADER: 'X-Org',
      TENANCY_TENANTS: 'red,blue',
    });
    expect([config.api.port, config.api.basePath, config.api.bearerToken]).toEqual([8080, '/jaeger', '0123456789abcdef']);
    expect(config.api.limits).toEqual({ maxLimit: 200, maxLookbackMs: 7 * 86_400_000, defaultLookbackMs: 3_600_000, maxTraceIds: 10 });
    expect(config.api.maxClockSkewAdjustMicros).toBe(500_000);
    expect(config.tenancy).toEqual({ enabled: true, header: 'x-org', tenants: ['red', 'blue'] });
  });

  it('names every bad variable at once', () => {
    expect(
      problems({
        QUERY_HTTP_PORT: 'http',
        QUERY_BASE_PATH: 'jaeger',
        QUERY_BEARER_TOKEN: 'short',
        QUERY_MAX_LIMIT: '0',
        QUERY_DEFAULT_LOOKBACK: '90d',
        TENANCY_ENABLED: 'true',
      }),
    ).toEqual([
      'QUERY_BASE_PATH="jaeger": expected a path such as / or /jaeger',
      'QUERY_BEARER_TOKEN: use at least 16 characters',
      'QUERY_HTTP_PORT="http": expected an integer',
      'QUERY_MAX_LIMIT="0": expected >= 1',
      `QUERY_DEFAULT_LOOKBACK="90d": expected <= ${30 * 86_400_000}`,
      'TENANCY_TENANTS: required when TENANCY_ENABLED=true (an empty allow-list would admit nobody)',
    ]);
    expect(problems({ TENANCY_ENABLED: 'true', TENANCY_TENANTS: 'Red Team' })[0]).toMatch(/^TENANCY_TENANTS: invalid tenant names: Red Team/);
  });
});
