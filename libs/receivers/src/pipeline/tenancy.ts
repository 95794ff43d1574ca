import { WaymarkError } from '@waymark/platform';

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
