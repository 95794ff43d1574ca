import type { EnvReader } from '@waymark/platform';

/** The collector's remote-sampling settings (docs/configuration.md, "Sampling manager"). */
export interface CollectorSamplingConfig {
  /** Answer Jaeger v1's sampling locations (:14268 `/api/sampling`, :14250 SamplingManager) by asking the sampling manager. */
  readonly delegation: { readonly enabled: boolean; readonly url: string; readonly timeoutMs: number; readonly fallbackProbability?: number };
  /** Count root spans of accepted requests and publish them to the sampling store (adaptive sampling). */
  readonly throughput: { readonly enabled: boolean; readonly flushIntervalMs: number; readonly maxOperations: number; readonly maxPendingReports: number };
}

export function readCollectorSamplingConfig(env: EnvReader): CollectorSamplingConfig {
  const url = env.string('SAMPLING_MANAGER_URL', 'http://127.0.0.1:5778');
  if (!/^https?:\/\/[^/\s]+/.test(url)) env.problem(`SAMPLING_MANAGER_URL: '${url}' is not an http(s) URL`);
  const fallback = env.optionalString('SAMPLING_FALLBACK_PROBABILITY') === undefined ? undefined : env.number('SAMPLING_FALLBACK_PROBABILITY', 0, { min: 0, max: 1 });
  const throughputEnabled = env.bool('SAMPLING_THROUGHPUT_ENABLED', false);
  // Under tenancy every request has a tenant and tenants' spans are not counted (ADR 007): the
  // feed would stay empty while looking enabled.
  if (throughputEnabled && env.bool('TENANCY_ENABLED', false)) {
    env.problem('SAMPLING_THROUGHPUT_ENABLED=true cannot be combined with TENANCY_ENABLED=true: adaptive sampling is per service, not per tenant, so tenants\' spans are not counted (docs/adr/007-adaptive-sampling.md)');
  }
  return {
    delegation: {
      enabled: env.bool('SAMPLING_DELEGATION_ENABLED', true),
      url,
      timeoutMs: env.durationMs('SAMPLING_MANAGER_TIMEOUT', 2000, { min: 10 }),
      ...(fallback !== undefined ? { fallbackProbability: fallback } : {}),
    },
    throughput: {
      enabled: throughputEnabled,
      flushIntervalMs: env.durationMs('SAMPLING_THROUGHPUT_FLUSH_INTERVAL', 60_000, { min: 100 }),
      maxOperations: env.int('SAMPLING_THROUGHPUT_MAX_OPERATIONS', 10_000, { min: 1 }),
      maxPendingReports: env.int('SAMPLING_THROUGHPUT_MAX_PENDING_REPORTS', 10, { min: 1, max: 1000 }),
    },
  };
}
