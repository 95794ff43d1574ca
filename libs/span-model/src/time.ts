/** Converts between OTLP's nanoseconds and the microseconds and milliseconds Jaeger uses. */
export const nanosToMicros = (nanos: bigint): number => Number(nanos / 1000n);
export const nanosToMillis = (nanos: bigint): number => Number(nanos / 1_000_000n);
export const microsToNanos = (micros: number | bigint): bigint => BigInt(micros) * 1000n;
export const millisToNanos = (millis: number): bigint => BigInt(Math.trunc(millis)) * 1_000_000n;
