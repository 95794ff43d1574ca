import type { Span } from '@waymark/span-model';
import { indexPrefixOf } from '@waymark/span-translate';

/**
 * Index names in Jaeger's layout: `<base>jaeger-span-YYYY-MM-DD` and
 * `<base>jaeger-service-YYYY-MM-DD`, the day in UTC from the span's start time.
 *
 * The *base* is what comes before `jaeger-`: Jaeger's `es.index-prefix` with a `-` added unless
 * it ends with one (`prod` → `prod-`, `''` → `''`), then, under tenancy, the tenant's segment and
 * a `-`: tenant `acme` under prefix `prod` writes `prod-acme-jaeger-span-2025-01-08`.
 *
 * A tenant segment never contains `-` (plain tenants are `[a-z0-9][a-z0-9_]*`; any other name is
 * written `x.<hex of its UTF-8>`, and a plain segment never holds a `.`). So the segment ends at
 * the first `-` after the prefix: two tenants' bases can never be prefixes of one another, and
 * neither a tenant's daily names nor its wildcard `<base>jaeger-span-*` can match another
 * tenant's indices or the tenant-less ones. That is what keeps tenants apart on reads, and what
 * lets each base have its own index templates without overlapping patterns.
 */

export type IndexKind = 'span' | 'service' | 'dependencies';

const PLAIN_TENANT = /^[a-z0-9][a-z0-9_]*$/;
/** Keeps index names well under Elasticsearch's 255-byte limit. */
const MAX_SEGMENT_LENGTH = 64;
const MAX_PREFIX_LENGTH = 100;
// Elasticsearch refuses these anywhere in an index name (MetadataCreateIndexService).
const FORBIDDEN = /[\\/*?"<>|,#: A-Z]/;

/** Why the configured prefix cannot start index names, or undefined when it can. */
export function indexPrefixProblem(prefix: string): string | undefined {
  if (prefix.length > MAX_PREFIX_LENGTH) return `index prefix longer than ${MAX_PREFIX_LENGTH} characters`;
  if (FORBIDDEN.test(prefix)) return `index prefix '${prefix}' has an upper-case letter or one of \\ / * ? " < > | , # : or a space`;
  if (/^[-_+.]/.test(prefix)) return `index prefix '${prefix}' starts with - _ + or .`;
  return undefined;
}

/** The tenant's segment of index names (see the file comment); throws a RangeError when too long. */
export function tenantSegment(tenant: string): string {
  const segment = PLAIN_TENANT.test(tenant) ? tenant : `x.${Buffer.from(tenant, 'utf8').toString('hex')}`;
  if (segment.length > MAX_SEGMENT_LENGTH) throw new RangeError(`tenant name too long for an index name (${tenant.length} characters)`);
  return segment;
}

/**
 * `<prefix->[<tenant segment>-]`. No tenant (undefined or `''`, tenancy off) gives Jaeger's
 * names exactly. Throws a RangeError for a tenant name that cannot be part of an index name.
 */
export function indexBaseOf(prefix: string, tenant?: string): string {
  const base = indexPrefixOf(prefix);
  return tenant === undefined || tenant === '' ? base : `${base}${tenantSegment(tenant)}-`;
}

const MAX_YEAR = 9999;

/**
 * `YYYY-MM-DD` (UTC) of a time in epoch milliseconds; undefined when it has no four-digit year
 * (before 1970 cannot come from OTLP's unsigned nanoseconds; after 9999 `Date` has no such name;
 * OTLP's own limit, 2^64 − 1 ns, is in 2554, so only a model span built otherwise gets here).
 */
export function indexDayOf(epochMs: number): string | undefined {
  if (!Number.isFinite(epochMs) || epochMs < 0) return undefined;
  const date = new Date(epochMs);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > MAX_YEAR) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The span's start time in epoch milliseconds (floored). */
export const spanStartMs = (span: Pick<Span, 'startTimeUnixNano'>): number => Number(span.startTimeUnixNano / 1_000_000n);

/**
 * The day whose indices receive this span (`YYYY-MM-DD`, UTC, by start time), or undefined when
 * its start time names no day (the writer rejects such spans). Exposed so that the ingester can
 * check, before writing, which daily index a span would create: a far-future start time makes
 * an index like `jaeger-span-8154-09-01` (jaeger#841); span-translate's `outsideWindow` is the
 * check for plausibility, this is the name it would get.
 */
export const spanIndexDay = (span: Pick<Span, 'startTimeUnixNano'>): string | undefined => indexDayOf(spanStartMs(span));

/** `<base>jaeger-<kind>-<day>`. */
export const dailyIndexName = (base: string, kind: IndexKind, day: string): string => `${base}jaeger-${kind}-${day}`;

/** Every daily index of a base and kind: `<base>jaeger-<kind>-*`. */
export const indexWildcard = (base: string, kind: IndexKind): string => `${base}jaeger-${kind}-*`;
