import { DEFAULT_ADAPTIVE_OPTIONS } from './adaptive-options';
import { calculateProbabilities, nextProbability, weights } from './probability-calculator';

const options = { ...DEFAULT_ADAPTIVE_OPTIONS, targetSamplesPerSecond: 10 };
const bucket = (endMs: number, counts: Record<string, Record<string, number>>, intervalMs = 60_000) => ({
  endMs,
  intervalMs,
  counts: new Map(Object.entries(counts).map(([service, ops]) => [service, new Map(Object.entries(ops))])),
});

describe('nextProbability (Jaeger\'s rules)', () => {
  it('keeps the probability within the tolerance of the target', () => {
    expect(nextProbability(0.2, 12.9, options)).toBe(0.2);
    expect(nextProbability(0.2, 7.1, options)).toBe(0.2);
  });
  it('decreases at once, in proportion', () => {
    expect(nextProbability(0.5, 1000, options)).toBeCloseTo(0.005, 12);
  });
  it('increases at most by maxIncreasePerCalculation (doubling by default)', () => {
    expect(nextProbability(0.001, 1, options)).toBeCloseTo(0.002, 12);
    expect(nextProbability(0.001, 1, { ...options, maxIncreasePerCalculation: 0.5 })).toBeCloseTo(0.0015, 12);
    expect(nextProbability(0.1, 6, options)).toBeCloseTo(0.1 * (10 / 6), 12);
  });
  it('doubles when nothing was kept, and clamps to [min, max]', () => {
    expect(nextProbability(0.3, 0, options)).toBeCloseTo(0.6, 12);
    expect(nextProbability(0.8, 0, options)).toBe(1);
    expect(nextProbability(0.00002, 1e6, options)).toBe(options.minSamplingProbability);
  });
});

describe('calculateProbabilities', () => {
  it('weights the newest buckets by i⁴', () => {
    expect(weights(2)).toEqual([16 / 17, 1 / 17]);
    const result = calculateProbabilities([bucket(120_000, { cart: { get: 600 } }), bucket(60_000, { cart: { get: 60 } })], {}, { ...options, calculationBuckets: 2 });
    expect(result.qps['cart']?.['get']).toBeCloseTo((16 / 17) * 10 + (1 / 17) * 1, 12);
    expect(result.operations).toBe(1);
  });

  it('starts from the previous probability, else the initial one; an operation absent from every bucket is left out', () => {
    const result = calculateProbabilities([bucket(60_000, { cart: { get: 60_000, post: 60 } })], { cart: { get: 0.5, gone: 0.3 } }, options);
    expect(result.probabilities).toEqual({ cart: { get: 0.005, post: 0.002 } });
  });
});
