import type { ReferenceType } from '@waymark/span-model';
import type { JaegerTagType } from '../jaeger-model/jaeger-view';
import type { WaymarkExtras } from './waymark-extras';

/**
 * A span as Jaeger's Elasticsearch span store keeps it (Jaeger v1
 * `plugin/storage/es/spanstore/internal/dbmodel/model.go`), plus Waymark's `waymark` extras.
 * Every Jaeger field is written exactly as Jaeger writes it, so Jaeger's own reader, the Jaeger
 * UI through Jaeger query, Grafana and Kibana read Waymark's indices unchanged.
 */
export interface EsSpanDocument {
  /** Jaeger hex form: 16 characters when the high 64 bits are zero, else 32. */
  readonly traceID: string;
  readonly spanID: string;
  /** Jaeger flags (1 = sampled); absent when 0, as Jaeger's `omitempty` leaves it. */
  readonly flags?: number;
  readonly operationName: string;
  /** Parent first (CHILD_OF), then one per link. */
  readonly references: EsReference[];
  /** µs since the epoch (ES `long`). */
  readonly startTime: number;
  /** ms since the epoch (ES `date`, `epoch_millis`): the field time-range queries use. */
  readonly startTimeMillis: number;
  /** µs (ES `long`). */
  readonly duration: number;
  /** Tags kept as nested documents (ES `nested`): values are strings, typed by `type`. */
  readonly tags: EsKeyValue[];
  /** Tags as fields: key with `.` replaced (default `@`) → scalar value. Absent when empty. */
  readonly tag?: Record<string, EsFieldValue>;
  readonly logs: EsLog[];
  readonly process: EsProcess;
  /** What Jaeger's fields cannot hold; ES maps it `enabled: false` (stored, never indexed). */
  readonly waymark?: WaymarkExtras;
}

export interface EsKeyValue {
  readonly key: string;
  readonly type: JaegerTagType;
  /**
   * Always a string: bool `true`/`false`, int64 decimal, float64 shortest round-trip decimal or
   * `NaN`/`+Inf`/`-Inf`/`-0`, binary lowercase hex (never truncated, unlike Jaeger's `AsString`).
   */
  readonly value: string;
}

/** A tag-as-field value: a JSON scalar (ES maps `tag.*` to keyword and coerces it). */
export type EsFieldValue = string | boolean | number;

export interface EsReference {
  readonly refType: ReferenceType;
  readonly traceID: string;
  readonly spanID: string;
}

export interface EsLog {
  /** µs since the epoch. */
  readonly timestamp: number;
  readonly fields: EsKeyValue[];
}

export interface EsProcess {
  readonly serviceName: string;
  readonly tags: EsKeyValue[];
  readonly tag?: Record<string, EsFieldValue>;
}

/** A `jaeger-service-*` document: one per (service, operation) pair. */
export interface EsServiceDocument {
  readonly serviceName: string;
  readonly operationName: string;
}
