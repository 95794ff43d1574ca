import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { WaymarkError } from '@waymark/platform';
import type { ReadContext } from '@waymark/storage-api';

/**
 * Who may read whose data. Structurally `Tenancy` of @waymark/platform, which the collector
 * uses too, so both ends accept and refuse tenants alike.
 */
export interface TenancyPolicy {
  readonly config: { readonly enabled: boolean; readonly header: string };
  /** The tenant of a request from its header values; throws `unauthenticated` / `permission-denied`. */
  resolve(values: readonly string[] | undefined): string | undefined;
}

export interface AccessOptions {
  /** When set, every data request must carry `Authorization: Bearer <token>`. */
  readonly bearerToken?: string;
  readonly tenancy?: TenancyPolicy;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Checks a request's credentials and resolves its tenant, once, before any storage is touched.
 * Returns the read context every storage call of the request must use: with tenancy on, a
 * request can only ever name its own tenant's data.
 */
export class AccessControl {
  private readonly expected: Buffer | undefined;

  constructor(private readonly options: AccessOptions) {
    this.expected = options.bearerToken === undefined ? undefined : digest(options.bearerToken);
  }

  check(request: FastifyRequest): ReadContext {
    if (this.expected !== undefined) this.checkBearer(request.headers.authorization);
    const tenancy = this.options.tenancy;
    if (!tenancy?.config.enabled) return {};
    const header = request.headers[tenancy.config.header];
    const tenant = tenancy.resolve(header === undefined ? undefined : Array.isArray(header) ? header : [header]);
    return tenant === undefined ? {} : { tenant };
  }

  private checkBearer(header: string | undefined): void {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
    if (!match?.[1]) throw new WaymarkError('unauthenticated', 'bearer token required');
    // Digests have equal lengths, so the comparison takes the same time whatever was sent.
    if (!timingSafeEqual(digest(match[1]), this.expected as Buffer)) throw new WaymarkError('unauthenticated', 'bearer token invalid');
  }
}
