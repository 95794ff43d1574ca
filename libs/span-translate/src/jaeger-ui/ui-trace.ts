import type { ReferenceType } from '@waymark/span-model';
import type { JaegerTagType } from '../jaeger-model/jaeger-view';

/**
 * The trace JSON of Jaeger's query API v1 (`data[]` of `GET /api/traces*`), field for field as
 * Jaeger's `model/json` structs marshal it, so the Jaeger UI and Grafana read it unchanged.
 */
export interface UiTrace {
  /** Jaeger hex form: 16 characters when the high 64 bits are zero, else 32. */
  readonly traceID: string;
  readonly spans: readonly UiSpan[];
  /** `p1`, `p2`, … in order of first appearance. */
  readonly processes: Readonly<Record<string, UiProcess>>;
  /** `null` when empty (Go's nil slice). */
  readonly warnings: readonly string[] | null;
}

export interface UiSpan {
  readonly traceID: string;
  readonly spanID: string;
  /** Absent when 0 (`omitempty`). */
  readonly flags?: number;
  readonly operationName: string;
  readonly references: readonly UiReference[];
  /** µs since the epoch. */
  readonly startTime: number;
  /** µs. */
  readonly duration: number;
  readonly tags: readonly UiKeyValue[];
  readonly logs: readonly UiLog[];
  readonly processID: string;
  /** `null` when empty. */
  readonly warnings: readonly string[] | null;
}

export interface UiReference {
  readonly refType: ReferenceType;
  readonly traceID: string;
  readonly spanID: string;
}

/**
 * A typed tag. `value` is a JSON string, boolean or number as Go marshals it: int64 and float64
 * as numbers, binary as base64. Where a JSON number cannot hold the value exactly, it is a
 * string instead (type unchanged): int64 beyond ±(2^53 − 1), which JavaScript would round, and
 * float64 NaN / `Infinity` / `-Infinity`, which Go cannot marshal at all (its whole response
 * would fail). A float64 −0 is 0, as JavaScript's JSON writes it anyway.
 */
export interface UiKeyValue {
  readonly key: string;
  readonly type: JaegerTagType;
  readonly value: string | boolean | number;
}

export interface UiLog {
  readonly timestamp: number;
  readonly fields: readonly UiKeyValue[];
}

export interface UiProcess {
  readonly serviceName: string;
  readonly tags: readonly UiKeyValue[];
}
