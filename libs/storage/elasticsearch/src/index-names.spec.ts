import { makeSpan } from '@waymark/storage-testing';
import { dailyIndexName, indexBaseOf, indexDayOf, indexPrefixProblem, indexWildcard, spanIndexDay, tenantSegment } from './index-names';

describe('index names', () => {
  it("follows Jaeger: a '-' after the prefix unless it has one, none without a prefix", () => {
    expect(indexBaseOf('')).toBe('');
    expect(indexBaseOf('prod')).toBe('prod-');
    expect(indexBaseOf('prod-')).toBe('prod-');
    expect(dailyIndexName(indexBaseOf('prod'), 'span', '2025-01-08')).toBe('prod-jaeger-span-2025-01-08');
    expect(dailyIndexName(indexBaseOf(''), 'service', '2025-01-08')).toBe('jaeger-service-2025-01-08');
    expect(indexWildcard('prod-', 'span')).toBe('prod-jaeger-span-*');
  });

  it("puts each tenant under its own segment after the prefix; no tenant or '' is tenancy off", () => {
    expect(indexBaseOf('prod', 'acme')).toBe('prod-acme-');
    expect(indexBaseOf('', 'acme')).toBe('acme-');
    expect(indexBaseOf('prod', '')).toBe('prod-');
    expect(indexBaseOf('prod', undefined)).toBe('prod-');
  });

  it('encodes tenant names that are not plain lower-case words, so a segment never holds a dash', () => {
    expect(tenantSegment('team_7')).toBe('team_7');
    expect(tenantSegment('Acme')).toBe('x.41636d65');
    expect(tenantSegment('a-b')).toBe('x.612d62');
    expect(tenantSegment('*')).toBe('x.2a');
    expect(tenantSegment('x.2a')).toBe('x.782e3261');
    expect(() => tenantSegment('t'.repeat(65))).toThrow(RangeError);
  });

  it("never lets one tenant's wildcard or names match another tenant's or the tenant-less indices", () => {
    const tenants = ['a', 'a_b', 'jaeger', 'jaeger-span', 'a-jaeger-span-2025-01-01-b', 'A', 'x', 'x.61', ''];
    const matches = (pattern: string, name: string) => new RegExp(`^${pattern.replaceAll('.', '\\.').replaceAll('*', '.*')}$`).test(name);
    for (const reader of tenants) {
      for (const writer of tenants) {
        if (reader === writer) continue;
        const written = dailyIndexName(indexBaseOf('p', writer), 'span', '2025-01-01');
        expect(matches(indexWildcard(indexBaseOf('p', reader), 'span'), written)).toBe(false);
      }
    }
  });

  it('names days in UTC and refuses times that have no four-digit year', () => {
    expect(indexDayOf(Date.UTC(2025, 0, 8, 23, 59, 59, 999))).toBe('2025-01-08');
    expect(indexDayOf(Date.UTC(2025, 0, 9))).toBe('2025-01-09');
    expect(indexDayOf(0)).toBe('1970-01-01');
    expect(indexDayOf(Date.UTC(9999, 11, 31, 23))).toBe('9999-12-31');
    expect(indexDayOf(Date.UTC(10000, 0, 1))).toBeUndefined();
    expect(indexDayOf(8.64e15 + 1)).toBeUndefined();
    expect(indexDayOf(Number.NaN)).toBeUndefined();
    expect(indexDayOf(-1)).toBeUndefined();
  });

  it('gives the day of a span by its start time, for the ingester to check', () => {
    const span = makeSpan({ startMs: Date.UTC(2024, 1, 29, 12) });
    expect(spanIndexDay(span)).toBe('2024-02-29');
    // OTLP's largest time (2^64 - 1 ns) is in 2554; only a bigint beyond it names no day.
    expect(spanIndexDay({ startTimeUnixNano: 2n ** 64n - 1n })).toBe('2554-07-21');
    expect(spanIndexDay({ startTimeUnixNano: 2n ** 70n })).toBeUndefined();
  });

  it('validates the configured prefix', () => {
    expect(indexPrefixProblem('prod')).toBeUndefined();
    expect(indexPrefixProblem('prod-eu_1.x-')).toBeUndefined();
    expect(indexPrefixProblem('Prod')).toMatch(/upper-case/);
    expect(indexPrefixProblem('a*b')).toBeDefined();
    expect(indexPrefixProblem('a,b')).toBeDefined();
    expect(indexPrefixProblem('-a')).toBeDefined();
    expect(indexPrefixProblem('_a')).toBeDefined();
  });
});
