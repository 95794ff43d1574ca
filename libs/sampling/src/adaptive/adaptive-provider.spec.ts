import { DEFAULT_ADAPTIVE_OPTIONS } from './adaptive-options';
import { AdaptiveStrategyProvider } from './adaptive-provider';

const snapshot = (term: number, sequence: number, timestampMs: number, p: number) => ({ term, sequence, timestampMs, leader: 'x', probabilities: { cart: { get: p } }, qps: {} });
const served = (provider: AdaptiveStrategyProvider) => provider.getStrategy('cart').operationSampling?.perOperationStrategies[0]?.probabilisticSampling.samplingRate;

describe('AdaptiveStrategyProvider', () => {
  it('serves the snapshot of a later lease term even when its leader\'s clock is behind', () => {
    const provider = new AdaptiveStrategyProvider(DEFAULT_ADAPTIVE_OPTIONS);
    provider.apply(snapshot(1, 9, 2_000_000, 0.5));
    provider.apply(snapshot(2, 1, 1_000_000, 0.25));
    expect(served(provider)).toBe(0.25);
    expect(provider.timestampMs).toBe(1_000_000);
  });

  it('ignores an older term or sequence, whatever its timestamp', () => {
    const provider = new AdaptiveStrategyProvider(DEFAULT_ADAPTIVE_OPTIONS);
    provider.apply(snapshot(2, 5, 1_000, 0.25));
    provider.apply(snapshot(1, 99, 9_000, 0.5));
    provider.apply(snapshot(2, 4, 9_000, 0.75));
    provider.apply(snapshot(2, 5, 9_000, 0.75));
    expect(served(provider)).toBe(0.25);
    provider.apply(snapshot(2, 6, 500, 0.125));
    expect(served(provider)).toBe(0.125);
  });
});
