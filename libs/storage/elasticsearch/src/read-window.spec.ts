import { clampWindow, indicesForWindow } from './read-window';
import type { ReadWindow } from './read-window';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 15, 12);
const limits = { nowMs: NOW, maxFutureMs: DAY, maxLookbackMs: 30 * DAY };

describe('read window', () => {
  it('lists every daily index from the first to the last day, in UTC', () => {
    const names = indicesForWindow('p-', 'span', { minMs: Date.UTC(2025, 5, 13, 23), maxMs: Date.UTC(2025, 5, 15, 0, 30) }, 2500);
    expect(names).toEqual(['p-jaeger-span-2025-06-13', 'p-jaeger-span-2025-06-14', 'p-jaeger-span-2025-06-15']);
    expect(indicesForWindow('', 'service', { minMs: NOW, maxMs: NOW }, 2500)).toEqual(['jaeger-service-2025-06-15']);
  });

  it('clamps a 100-year lookback to the configured lookback (jaeger#3299)', () => {
    const window = clampWindow({ minMs: NOW - 36_500 * DAY, maxMs: NOW }, limits);
    expect(window).toEqual({ minMs: NOW - 30 * DAY, maxMs: NOW });
    expect(indicesForWindow('p-', 'span', window as ReadWindow, 2500)).toHaveLength(31);
  });

  it('counts the lookback from the end of the window, so an old window stays reachable', () => {
    const old = Date.UTC(2020, 0, 1);
    expect(clampWindow({ minMs: old - DAY, maxMs: old }, limits)).toEqual({ minMs: old - DAY, maxMs: old });
  });

  it('ends no later than now plus the allowed future, and not before 1970', () => {
    expect(clampWindow({ minMs: -5 * DAY, maxMs: Date.UTC(8154, 8, 1) }, { ...limits, maxLookbackMs: 1e15 })).toEqual({ minMs: 0, maxMs: NOW + DAY });
    expect(clampWindow({ minMs: NOW + 2 * DAY, maxMs: NOW + 3 * DAY }, limits)).toBeUndefined();
    expect(clampWindow({ minMs: NOW, maxMs: NOW - 1 }, limits)).toBeUndefined();
    expect(clampWindow({ minMs: Number.NaN, maxMs: NOW }, limits)).toBeUndefined();
  });

  it('falls back to one wildcard when the names would not fit the URL budget, without building them', () => {
    const wide = { minMs: 0, maxMs: Date.UTC(9999, 11, 31) };
    expect(indicesForWindow('p-acme-', 'span', wide, 2500)).toEqual(['p-acme-jaeger-span-*']);
    // 29-character names joined by `%2C`: a budget of exactly 10 of them.
    expect('p-acme-jaeger-span-2025-01-01').toHaveLength(29);
    const days = (n: number) => ({ minMs: NOW - (n - 1) * DAY, maxMs: NOW });
    const budget = 10 * (29 + 3) - 3;
    expect(indicesForWindow('p-acme-', 'span', days(10), budget)).toHaveLength(10);
    expect(indicesForWindow('p-acme-', 'span', days(11), budget)).toEqual(['p-acme-jaeger-span-*']);
  });
});
