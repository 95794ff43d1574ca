const NANOS_PER_UNIT: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1_000,
  'µs': 1_000, // U+00B5 MICRO SIGN
  'μs': 1_000, // U+03BC GREEK SMALL LETTER MU
  ms: 1_000_000,
  s: 1_000_000_000,
  m: 60_000_000_000,
  h: 3_600_000_000_000,
};

const TERM = /(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h|d|w)/y;
const DAY_NANOS = 86_400_000_000_000;

/** Units beyond Go's that a parameter may take. */
export interface DurationUnits {
  readonly allowDays?: boolean;
  readonly allowWeeks?: boolean;
}

/**
 * Parses a Go duration string (`time.ParseDuration`: `100ms`, `1.5s`, `1h30m`, `2us`, `0`) into
 * nanoseconds. `allowDays` also takes `d` (24 h) and `allowWeeks` `w` (7 d), as the Jaeger UI's
 * `lookback` values (`2d`, `2w`) need. Throws an Error saying what is wrong; negative durations are refused (a search bound
 * or a lookback is never negative), and so are those beyond 2^53 µs (285 years), whose
 * microseconds a double cannot hold. Beyond 2^53 ns (104 days) the nanoseconds are approximate.
 */
export function parseGoDurationNanos(text: string, options: DurationUnits = {}): number {
  if (text === '0') return 0;
  if (text.startsWith('-')) throw new Error(`negative duration ${text}`);
  const body = text.startsWith('+') ? text.slice(1) : text;
  if (body === '') throw new Error(`invalid duration "${text}"`);
  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < body.length) {
    const match = TERM.exec(body);
    const number = match?.[1];
    const unit = match?.[2];
    if (!match || number === undefined || unit === undefined || number === '' || number === '.') throw new Error(`invalid duration "${text}"`);
    const perUnit = unit === 'd' ? (options.allowDays ? DAY_NANOS : undefined) : unit === 'w' ? (options.allowWeeks ? 7 * DAY_NANOS : undefined) : NANOS_PER_UNIT[unit];
    if (perUnit === undefined) throw new Error(`unknown unit "${unit}" in duration "${text}"`);
    total += Number(number) * perUnit;
  }
  if (!Number.isFinite(total) || total / 1000 > Number.MAX_SAFE_INTEGER) throw new Error(`duration "${text}" is out of range`);
  return Math.round(total);
}

/** A Go duration as whole microseconds (rounded down, as Jaeger's `DurationAsMicroseconds`). */
export function parseGoDurationMicros(text: string, options: DurationUnits = {}): number {
  return Math.floor(parseGoDurationNanos(text, options) / 1000);
}
