import { parseGoDurationMicros, parseGoDurationNanos } from './go-duration';

describe('Go duration strings', () => {
  it.each([
    ['0', 0],
    ['100ms', 100_000_000],
    ['1.5s', 1_500_000_000],
    ['1h30m', 5_400_000_000_000],
    ['2us', 2_000],
    ['2µs', 2_000],
    ['7ns', 7],
    ['.5s', 500_000_000],
    ['+3m', 180_000_000_000],
  ])('parses %s', (text, nanos) => {
    expect(parseGoDurationNanos(text)).toBe(nanos);
  });

  it.each(['', '10', 'abc', '1x', '1.s5', 'ms', '-1s', '1d', '1e3ms', ' 1s', '1s '])('refuses %j', (text) => {
    expect(() => parseGoDurationNanos(text)).toThrow();
  });

  it('takes days only when asked (the UI lookback), and refuses what would lose precision', () => {
    expect(parseGoDurationNanos('2d', { allowDays: true })).toBe(2 * 86_400_000_000_000);
    expect(parseGoDurationMicros('365d', { allowDays: true })).toBe(365 * 86_400_000_000);
    expect(() => parseGoDurationNanos('200000d', { allowDays: true })).toThrow('out of range');
    expect(() => parseGoDurationNanos('2w', { allowDays: true })).toThrow('unknown unit');
    expect(parseGoDurationMicros('2w', { allowWeeks: true })).toBe(14 * 86_400_000_000);
  });

  it('rounds microseconds down', () => {
    expect(parseGoDurationMicros('1500ns')).toBe(1);
    expect(parseGoDurationMicros('1.5s')).toBe(1_500_000);
  });
});
