import type { Attribute } from './attributes';
import type { SpanId, TraceId } from './ids';

export const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export type SpanKind = (typeof SPAN_KINDS)[number];

export const STATUS_CODES = ['unset', 'ok', 'error'] as const;
export type StatusCode = (typeof STATUS_CODES)[number];

export interface SpanStatus {
  readonly code: StatusCode;
  /** Empty when absent. */
  readonly message: string;
}

/**
 * The entity that produced spans: OTLP's Resource, Jaeger's Process. `serviceName` is the value
 * of the `service.name` attribute, kept beside the attributes (which still contain it) because
 * every hop needs it.
 */
export interface Resource {
  readonly serviceName: string;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount: number;
  /** Empty when absent. */
  readonly schemaUrl: string;
}

/** The instrumentation library that created the span. Empty strings when absent. */
export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount: number;
  readonly schemaUrl: string;
}

/** A timestamped annotation on a span: OTLP's Event, Jaeger's log, Zipkin's annotation. */
export interface SpanEvent {
  readonly timeUnixNano: bigint;
  readonly name: string;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount: number;
}

/**
 * A pointer to another span: OTLP's Link. Jaeger references other than the parent become links;
 * the attribute `opentracing.ref_type` (`child_of` | `follows_from`) keeps their Jaeger type.
 */
export interface SpanLink {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  /** Empty when absent. */
  readonly traceState: string;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount: number;
  readonly flags: number;
}

/**
 * One operation within a trace. Times are nanoseconds since the Unix epoch as bigints (they do
 * not fit a double). `warnings` lists every change a sanitizer made on the way in, so nothing
 * is altered silently.
 */
export interface Span {
  readonly traceId: TraceId;
  readonly spanId: SpanId;
  /** Undefined for a root span. */
  readonly parentSpanId: SpanId | undefined;
  /** W3C tracestate; empty when absent. */
  readonly traceState: string;
  /** OTLP span flags: W3C trace flags in bits 0–7 (bit 0 = sampled), remote-parent bits 8–9. */
  readonly flags: number;
  readonly name: string;
  readonly kind: SpanKind;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: readonly Attribute[];
  readonly droppedAttributesCount: number;
  readonly events: readonly SpanEvent[];
  readonly droppedEventsCount: number;
  readonly links: readonly SpanLink[];
  readonly droppedLinksCount: number;
  readonly status: SpanStatus;
  /** Shared by all spans of one resource: compare by identity to group them again. */
  readonly resource: Resource;
  /** Shared by all spans of one scope. */
  readonly scope: InstrumentationScope;
  readonly warnings: readonly string[];
}

/** All the spans of one trace that a reader found, in no particular order. */
export interface Trace {
  readonly traceId: TraceId;
  readonly spans: readonly Span[];
}

export const EMPTY_SCOPE: InstrumentationScope = Object.freeze({ name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' });

/** The span's duration in nanoseconds (negative if the end precedes the start). */
export const durationNanos = (span: Span): bigint => span.endTimeUnixNano - span.startTimeUnixNano;

/** A copy of the span with one more warning. */
export function withWarning(span: Span, warning: string): Span {
  return { ...span, warnings: [...span.warnings, warning] };
}

/** Groups spans by trace id, keeping the order in which traces and spans were first seen. */
export function groupByTrace(spans: Iterable<Span>): Trace[] {
  const byId = new Map<TraceId, Span[]>();
  for (const span of spans) {
    const list = byId.get(span.traceId);
    if (list) list.push(span);
    else byId.set(span.traceId, [span]);
  }
  return [...byId].map(([traceId, list]) => ({ traceId, spans: list }));
}
