import Long from 'long';

export type { Long };

/**
 * The exact value of a decoded 64-bit field. Generated decoders return a `Long`; a plain number
 * appears only in messages built by hand (`create`/`fromObject`), where it is assumed exact.
 * Signedness follows the `Long` (`unsigned` for uint64/fixed64 fields).
 */
export function longToBigInt(value: Long | number | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  return typeof value === 'number' ? BigInt(value) : value.toBigInt();
}

/**
 * A `Long` for encoding a 64-bit field. The value is truncated to 64 bits (two's complement), the
 * way protobuf encodes it: callers range-check first if truncation would be an error.
 */
export function bigIntToLong(value: bigint, unsigned = false): Long {
  return Long.fromBigInt(BigInt.asUintN(64, value), unsigned);
}
