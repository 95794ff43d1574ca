/**
 * A Zipkin v2 span as the wire formats carry it (zipkin2-api.yaml), before the OTel conventions:
 * what the JSON and proto3 decoders both produce, so one converter (zipkin-to-model.ts) maps
 * either. Field types are already checked; ids are unvalidated text (lowercase hex for proto).
 */
export interface ZipkinSpanRecord {
  readonly traceId: string;
  readonly id: string;
  /** Undefined or '' when absent. */
  readonly parentId: string | undefined;
  /** `CLIENT`, `SERVER`, `PRODUCER`, `CONSUMER`, or undefined. */
  readonly kind: string | undefined;
  readonly name: string;
  /** Epoch microseconds; undefined (or 0) when absent. */
  readonly timestampMicros: bigint | undefined;
  readonly durationMicros: bigint | undefined;
  readonly localEndpoint: ZipkinEndpoint | undefined;
  readonly remoteEndpoint: ZipkinEndpoint | undefined;
  readonly annotations: readonly ZipkinAnnotation[];
  /** In the order received. */
  readonly tags: readonly (readonly [string, string])[];
  readonly debug: boolean;
  readonly shared: boolean;
}

export interface ZipkinEndpoint {
  /** '' when absent. */
  readonly serviceName: string;
  /** Dotted quad, '' when absent. */
  readonly ipv4: string;
  /** Textual IPv6, '' when absent. */
  readonly ipv6: string;
  /** 0 when absent. */
  readonly port: number;
}

export interface ZipkinAnnotation {
  readonly timestampMicros: bigint;
  readonly value: string;
}
