import { makeSpan } from '@waymark/storage-testing';
import { createTimeWindowSanitizer, isOutsideWindow, outsideWindow } from './time-window-sanitizer';

const NOW = Date.UTC(2025, 0, 1);
const window = { maxFutureMs: 60_000, maxPastMs: 3_600_000 };
const at = (startMs: number, durationMs = 1) => ({ ...makeSpan(), startTimeUnixNano: BigInt(startMs) * 1_000_000n, endTimeUnixNano: BigInt(startMs + durationMs) * 1_000_000n });

describe('time window', () => {
  it.each([
    ['now', NOW, undefined],
    ['just inside the future bound', NOW + 59_000, undefined],
    ['past the future bound', NOW + 61_000, 'future'],
    ['just inside the past bound', NOW - 3_599_000, undefined],
    ['past the past bound', NOW - 3_601_000, 'past'],
    ['year 8154', Date.UTC(8154, 8, 1), 'future'],
  ])('outsideWindow: a span starting %s → %s', (_, startMs, expected) => {
    expect(outsideWindow(at(startMs), window, NOW)).toBe(expected);
    expect(isOutsideWindow(at(startMs), window, NOW)).toBe(expected !== undefined);
  });

  it('also catches a span that starts in the window but ends far in the future', () => {
    expect(outsideWindow(at(NOW, 10 * 60_000), window, NOW)).toBe('future');
  });

  it('flags, without changing times, and reads the injected clock', () => {
    let now = NOW;
    const sanitize = createTimeWindowSanitizer({ ...window, now: () => now });
    const span = at(NOW + 120_000);
    const out = sanitize(span);
    expect([out.startTimeUnixNano, out.endTimeUnixNano]).toEqual([span.startTimeUnixNano, span.endTimeUnixNano]);
    expect(out.warnings).toEqual(['timestamp-out-of-window: span times 2025-01-01T00:02:00.000Z – 2025-01-01T00:02:00.001Z reach more than 60000 ms into the future']);
    now = NOW + 100_000;
    expect(sanitize(span)).toBe(span);
  });

  it('formats times Date cannot represent as nanoseconds', () => {
    const span = { ...makeSpan(), startTimeUnixNano: -(10n ** 22n), endTimeUnixNano: -(10n ** 22n) };
    expect(createTimeWindowSanitizer({ ...window, now: () => NOW })(span).warnings).toEqual([`timestamp-out-of-window: span start ${-(10n ** 22n)} ns is more than 3600000 ms in the past`]);
  });

  it('refuses negative bounds', () => {
    expect(() => createTimeWindowSanitizer({ maxFutureMs: -1, maxPastMs: 0, now: () => NOW })).toThrow(RangeError);
  });
});
