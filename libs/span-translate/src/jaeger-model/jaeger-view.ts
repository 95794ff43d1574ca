import type { ReferenceType } from '@waymark/span-model';

/**
 * Jaeger's view of a span (jaeger-idl `model.Span`), the part the Elasticsearch document and the
 * query API's UI JSON have in common. Values are typed; each output renders them its own way
 * (Elasticsearch: strings in nested tags; UI JSON: JSON numbers and booleans).
 */
export type JaegerTagType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';

export type JaegerTag =
  | { readonly key: string; readonly type: 'string'; readonly value: string }
  | { readonly key: string; readonly type: 'bool'; readonly value: boolean }
  | { readonly key: string; readonly type: 'int64'; readonly value: bigint }
  | { readonly key: string; readonly type: 'float64'; readonly value: number }
  | { readonly key: string; readonly type: 'binary'; readonly value: Uint8Array };

export interface JaegerReference {
  readonly refType: ReferenceType;
  /** Jaeger hex form: 16 characters when the high 64 bits are zero, else 32. */
  readonly traceID: string;
  readonly spanID: string;
}

export interface JaegerLog {
  /** Microseconds since the Unix epoch (the event's nanoseconds, truncated). */
  readonly timestamp: number;
  readonly fields: readonly JaegerTag[];
}

export interface JaegerProcess {
  readonly serviceName: string;
  readonly tags: readonly JaegerTag[];
}

export interface JaegerSpan {
  /** Jaeger hex form (`model.TraceID.String()`): 16 characters when the high half is zero. */
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  /** The parent first (CHILD_OF), then one reference per link. */
  readonly references: readonly JaegerReference[];
  /** Jaeger flags: 1 = sampled. */
  readonly flags: number;
  /** Microseconds since the Unix epoch, truncated. */
  readonly startTime: number;
  /** Microseconds, truncated; 0 when the end precedes the start (Jaeger's field is unsigned). */
  readonly duration: number;
  readonly tags: readonly JaegerTag[];
  readonly logs: readonly JaegerLog[];
  readonly process: JaegerProcess;
  readonly warnings: readonly string[];
}
