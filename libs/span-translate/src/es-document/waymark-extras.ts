import type { TypedAttribute, TypedValue } from './typed-value';

/**
 * The `waymark` object of a span document: the least Waymark adds to Jaeger's fields so that
 * reading a document gives back exactly the span that was written. Jaeger readers ignore it (it
 * is mapped `enabled: false`: stored in `_source`, never indexed, no mapping growth). Optional
 * members are absent when they hold their default (empty, 0, or what Jaeger's fields imply).
 *
 * Layout strings describe a tag list (span tags, process tags, a log's fields) in order, one
 * character per tag; the reader walks the nested `tags` and the `tag` fields (in `_source` order)
 * with two cursors:
 * - `s` `b` `i` `d` `x` `a` `m` `e`: an attribute of type string, bool, int, double, bytes,
 *   array, kvlist, empty kept in the nested list; `S` `B` `I` `D`: the same written as a field.
 *   An `a` or `m` tag holds JSON text for Jaeger; its exact value is the next entry of the
 *   list's `…Values`.
 * - `-` / `+`: a tag Jaeger's conventions derive from another span field (`span.kind`,
 *   `otel.status_code`, `error`, `otel.scope.name`, the synthesized log field `event`, …),
 *   nested / as a field. It is decoded into that field, never into an attribute, so an
 *   attribute that happens to be called `error` or `span.kind` stays an attribute.
 * - `*`: the resource's `service.name` attribute, stored as `process.serviceName` only.
 */
export interface WaymarkExtras {
  /** Format version; its presence marks a document Waymark wrote. */
  readonly v: 1;
  /** The dot replacement of the `tag` field names, when not `@`: the document reads back without being told. */
  readonly dotReplacement?: string;
  readonly tagLayout?: string;
  readonly tagValues?: readonly TypedValue[];
  readonly processLayout?: string;
  readonly processValues?: readonly TypedValue[];
  /** Start time in ns minus `startTime` × 1000 (the sub-µs part). A string when beyond 2^53. */
  readonly startNanos?: number | string;
  /** Duration in ns minus `duration` × 1000 (the sub-µs part, or all of a negative duration). */
  readonly durationNanos?: number | string;
  /** The OTLP span flags, when they are not just Jaeger's sampled bit. */
  readonly flags?: number;
  /** One entry per link, in order (its ids are the references after the parent). */
  readonly links?: readonly LinkExtras[];
  /** One entry per log, `null` where Jaeger's log already says everything. */
  readonly logs?: readonly (LogExtras | null)[];
  readonly resource?: { readonly droppedAttributesCount?: number; readonly schemaUrl?: string };
  readonly scope?: { readonly attributes?: readonly TypedAttribute[]; readonly droppedAttributesCount?: number; readonly schemaUrl?: string };
  /** The span's warnings (what sanitizers changed on the way in). */
  readonly warnings?: readonly string[];
}

export interface LinkExtras {
  readonly traceState?: string;
  readonly flags?: number;
  /** Exact attributes (incl. `opentracing.ref_type`, which Jaeger's refType only echoes). */
  readonly attributes?: readonly TypedAttribute[];
  readonly droppedAttributesCount?: number;
}

export interface LogExtras {
  /** Present when Jaeger's reading of the fields would not give the event back exactly. */
  readonly layout?: string;
  readonly values?: readonly TypedValue[];
  /** The event's name when an attribute called `event` kept it out of the fields. */
  readonly name?: string;
  /** Timestamp in ns minus `timestamp` × 1000. */
  readonly nanos?: number | string;
  readonly droppedAttributesCount?: number;
}
