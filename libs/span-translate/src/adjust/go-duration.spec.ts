import { formatGoDuration } from './go-duration';

describe('formatGoDuration', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [999n, '999ns'],
    [1500n, '1.5µs'],
    [1_000_000n, '1ms'],
    [2_500_000n, '2.5ms'],
    [-4_625_890_669n, '-4.625890669s'],
    [1_000_000_000n, '1s'],
    [120_000_000_000n, '2m0s'],
    [3_600_000_000_000n, '1h0m0s'],
    [3_723_500_000_000n, '1h2m3.5s'],
  ])('prints %p ns as Go does: %s', (nanos, text) => {
    expect(formatGoDuration(nanos)).toBe(text);
  });
});
