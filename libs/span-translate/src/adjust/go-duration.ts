const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

/** `value / scale` in decimal, without trailing zeros in the fraction (Go's `fmtFrac`). */
function decimal(value: bigint, scale: bigint): string {
  const whole = value / scale;
  const rest = value % scale;
  if (rest === 0n) return whole.toString();
  const digits = scale.toString().length - 1;
  return `${whole}.${rest.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/**
 * A duration in nanoseconds as Go's `time.Duration.String()` prints it (`0s`, `850ns`, `1.5µs`,
 * `-4.625890669s`, `1h0m0s`), so that the adjusters' warnings read exactly like Jaeger's.
 */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (abs < 1000n) return `${sign}${abs}ns`;
  if (abs < 1_000_000n) return `${sign}${decimal(abs, 1000n)}µs`;
  if (abs < SECOND) return `${sign}${decimal(abs, 1_000_000n)}ms`;
  const hours = abs / HOUR;
  const minutes = (abs % HOUR) / MINUTE;
  const seconds = abs % MINUTE;
  const h = hours > 0n ? `${hours}h` : '';
  const m = hours > 0n || minutes > 0n ? `${minutes}m` : '';
  return `${sign}${h}${m}${decimal(seconds, SECOND)}s`;
}
