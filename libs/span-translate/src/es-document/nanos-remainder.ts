import { ExtrasMismatch } from './typed-value';

/**
 * Jaeger stores µs; the model has ns. The document keeps the µs Jaeger expects and, in the
 * extras, what the µs value leaves out: `ns − µs × 1000`, computed against the number actually
 * written, so the sum is exact even where that number was rounded (beyond 2^53 µs).
 */
export type NanosRemainder = number | string;

const bigToJson = (value: bigint): NanosRemainder => (value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString());

/** The remainder of `nanos` over `micros` µs; undefined when there is none. */
export function nanosRemainder(nanos: bigint, micros: number): NanosRemainder | undefined {
  const rest = nanos - BigInt(micros) * 1000n;
  return rest === 0n ? undefined : bigToJson(rest);
}

/** `micros` µs plus a stored remainder, in ns. */
export function joinNanos(micros: number, remainder: unknown): bigint {
  const base = BigInt(micros) * 1000n;
  if (remainder === undefined) return base;
  if (typeof remainder === 'number' && Number.isSafeInteger(remainder)) return base + BigInt(remainder);
  if (typeof remainder === 'string' && /^-?\d+$/.test(remainder)) return base + BigInt(remainder);
  throw new ExtrasMismatch(`bad nanosecond remainder: ${String(remainder)}`);
}
