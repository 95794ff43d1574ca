import { backoffDelayMs, DEFAULT_RETRY_POLICY } from './retry-policy';

describe('retry backoff', () => {
  const policy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 2000 };

  it('doubles the ceiling per retry up to the cap, waiting between half and all of it', () => {
    const low = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, policy, () => 0));
    const high = [1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, policy, () => 0.999999));
    expect(low).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(high).toEqual([200, 400, 800, 1600, 2000, 2000]);
  });

  it('spreads writers that failed together', () => {
    const delays = new Set([0.1, 0.3, 0.5, 0.7, 0.9].map((r) => backoffDelayMs(3, policy, () => r)));
    expect(delays.size).toBe(5);
  });

  it('gives up after a few seconds by default', () => {
    let total = 0;
    for (let retry = 1; retry < DEFAULT_RETRY_POLICY.maxAttempts; retry++) total += backoffDelayMs(retry, DEFAULT_RETRY_POLICY, () => 0.5);
    expect(total).toBeGreaterThan(2000);
    expect(total).toBeLessThan(6000);
  });
});
