import type { EnvReader } from './config';
import { WaymarkError } from './errors';

export interface TenancyConfig {
  readonly enabled: boolean;
  /** Header (HTTP) or metadata key (gRPC) carrying the tenant; lowercase. */
  readonly header: string;
  /** Tenants allowed. Empty means no tenant is allowed: an allow-list is required when enabled. */
  readonly tenants: readonly string[];
}

const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Resolves the tenant of a request from its header values. Off: always undefined. On: exactly
 * one value, on the allow-list, else `unauthenticated` (missing) or `permission-denied` (extra,
 * malformed or unknown) — Jaeger's messages, with our status codes. Tenant names are also index
 * prefixes, so they are restricted to lowercase letters, digits, `-` and `_`.
 */
export class Tenancy {
  private readonly allowed: ReadonlySet<string>;

  constructor(readonly config: TenancyConfig) {
    this.allowed = new Set(config.tenants);
    const bad = config.tenants.filter((tenant) => !TENANT_PATTERN.test(tenant));
    if (bad.length > 0) throw new RangeError(`invalid tenant names: ${bad.join(', ')} (lowercase letters, digits, - and _; at most 63)`);
  }

  resolve(values: readonly string[] | undefined): string | undefined {
    if (!this.config.enabled) return undefined;
    if (!values || values.length === 0) throw new WaymarkError('unauthenticated', 'missing tenant header');
    if (values.length > 1) throw new WaymarkError('permission-denied', 'extra tenant header');
    const tenant = values[0] as string;
    if (!this.allowed.has(tenant)) throw new WaymarkError('permission-denied', 'unknown tenant');
    return tenant;
  }
}

/**
 * The tenancy variables every app reads alike (the collector's receivers, the query, the
 * all-in-one), so ingest and reads agree on tenants: `TENANCY_ENABLED` (default false),
 * `TENANCY_HEADER` (default `x-tenant`, case-insensitive) and `TENANCY_TENANTS` (the allow-list;
 * required when enabled, names usable as index prefixes). Problems are recorded in `env`.
 */
export function readTenancyConfig(env: EnvReader): TenancyConfig {
  const enabled = env.bool('TENANCY_ENABLED', false);
  const tenants = env.list('TENANCY_TENANTS', []);
  if (enabled && tenants.length === 0) env.problem('TENANCY_TENANTS: required when TENANCY_ENABLED=true (an empty allow-list would admit nobody)');
  const config = { enabled, header: env.string('TENANCY_HEADER', 'x-tenant').toLowerCase(), tenants };
  try {
    new Tenancy(config);
  } catch (error) {
    env.problem(`TENANCY_TENANTS: ${(error as Error).message}`);
  }
  return config;
}
