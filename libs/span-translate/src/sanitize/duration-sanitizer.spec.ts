import { makeSpan } from '@waymark/storage-testing';
import { sanitizeNegativeDuration } from './duration-sanitizer';

describe('sanitizeNegativeDuration', () => {
  it('sets the end of a span that ends before it starts to its start, keeping the original in the warning', () => {
    const span = { ...makeSpan(), startTimeUnixNano: 2_000n, endTimeUnixNano: 1_500n };
    const out = sanitizeNegativeDuration(span);
    expect(out.endTimeUnixNano).toBe(2_000n);
    expect(out.warnings).toEqual(['negative-duration: end 1500 ns was 500 ns before start 2000 ns; end set to start']);
  });

  it('leaves zero and positive durations alone (zero is legal in OTLP)', () => {
    const zero = { ...makeSpan(), startTimeUnixNano: 5n, endTimeUnixNano: 5n };
    const positive = makeSpan();
    expect(sanitizeNegativeDuration(zero)).toBe(zero);
    expect(sanitizeNegativeDuration(positive)).toBe(positive);
  });
});
