/**
 * Jaeger's microsecond times from the model's nanoseconds. Truncation, as Go's
 * `time.Duration / time.Microsecond` does; exact as a number up to 2^53 µs (year 2255).
 */
export const microsOf = (nanos: bigint): number => Number(nanos / 1000n);

/** A duration in µs, 0 when negative: Jaeger's field is unsigned and a negative value breaks its readers. */
export const durationMicrosOf = (startNanos: bigint, endNanos: bigint): number => (endNanos > startNanos ? microsOf(endNanos - startNanos) : 0);
