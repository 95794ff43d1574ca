import { WaymarkError } from '@waymark/platform';
import { InFlightBudget } from './in-flight-budget';

describe('InFlightBudget', () => {
  const budget = () => new InFlightBudget({ maxSpans: 100, maxBytes: 1000, retryAfterMs: 2000 });

  it('admits within limits and frees on release, once', () => {
    const b = budget();
    const first = b.reserve(60, 500);
    const second = b.reserve(40, 500);
    expect([b.inFlightSpans, b.inFlightBytes]).toEqual([100, 1000]);
    first.release();
    first.release();
    expect([b.inFlightSpans, b.inFlightBytes]).toEqual([40, 500]);
    second.release();
    expect([b.inFlightSpans, b.inFlightBytes]).toEqual([0, 0]);
  });

  it('refuses with a retryable error when spans or bytes would overflow', () => {
    const b = budget();
    b.reserve(90, 100);
    const error = (() => {
      try {
        b.reserve(20, 10);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WaymarkError);
    expect(error).toMatchObject({ kind: 'unavailable', retryable: true, retryAfterMs: 2000 });
    expect(() => b.reserve(1, 901)).toThrow('collector at capacity');
  });

  it('admits one oversized request when idle, so it is not refused forever', () => {
    const b = budget();
    const big = b.reserve(500, 5000);
    expect(() => b.reserve(1, 1)).toThrow(WaymarkError);
    big.release();
    expect(() => b.reserve(1, 1)).not.toThrow();
  });
});
