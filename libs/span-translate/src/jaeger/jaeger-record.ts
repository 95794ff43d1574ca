import type { Attribute } from '@waymark/span-model';

/**
 * A Jaeger span as the wire formats carry it, before the OTel conventions are applied: what the
 * Thrift and the api_v2 protobuf decoders both produce, so that one converter (jaeger-to-model.ts)
 * maps either to the model. Tags are already typed attributes. Ids are unvalidated lowercase hex of
 * whatever the wire held (Thrift i64s are always 8 bytes; proto bytes may have any length).
 */
export interface JaegerSpanRecord {
  readonly traceIdHex: string;
  readonly spanIdHex: string;
  /** Thrift's explicit `parentSpanId` (all zeroes when absent); proto has none. */
  readonly parentSpanIdHex: string | undefined;
  readonly operationName: string;
  readonly references: readonly JaegerReference[];
  /** Jaeger flags: 1 = sampled, 2 = debug, 4 = firehose. */
  readonly flags: number;
  readonly startTimeUnixNano: bigint;
  readonly durationNanos: bigint;
  readonly tags: readonly Attribute[];
  readonly logs: readonly JaegerLogRecord[];
  /** The span's own process (proto only); undefined inherits the batch's. */
  readonly process: JaegerProcessRecord | undefined;
  /** Problems the wire decoder already noticed (e.g. an unknown tag type). */
  readonly warnings: readonly string[];
}

export interface JaegerReference {
  /** Jaeger enum: 0 = CHILD_OF, 1 = FOLLOWS_FROM; other values are read as FOLLOWS_FROM. */
  readonly refType: number;
  readonly traceIdHex: string;
  readonly spanIdHex: string;
}

export interface JaegerLogRecord {
  readonly timeUnixNano: bigint;
  readonly fields: readonly Attribute[];
}

export interface JaegerProcessRecord {
  readonly serviceName: string;
  readonly tags: readonly Attribute[];
}

export const REF_CHILD_OF = 0;
export const REF_FOLLOWS_FROM = 1;
