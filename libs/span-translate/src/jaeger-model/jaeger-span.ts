import { referencesOf, traceIdToJaegerHex } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { attributeToJaegerTag } from './attribute-tag';
import { eventToJaegerLog } from './event-log';
import { resourceToJaegerProcess } from './jaeger-process';
import { durationMicrosOf, microsOf } from './jaeger-time';
import type { JaegerReference, JaegerSpan, JaegerTag } from './jaeger-view';
import { scopeTags, spanStateTags } from './reserved-tags';

/** Jaeger's span flags. */
export const JAEGER_SAMPLED = 1;
/** Jaeger's debug flag. OTLP has no counterpart, so a model span never sets it. */
export const JAEGER_DEBUG = 2;

/**
 * Jaeger flags from OTLP span flags: W3C's sampled bit (0x1) is Jaeger's sampled flag (1); the
 * other W3C and remote-parent bits have no Jaeger counterpart and debug (2) is never set (OTCC).
 */
export const jaegerFlagsOf = (spanFlags: number): number => spanFlags & JAEGER_SAMPLED;

/**
 * All of a span's Jaeger tags in OTCC's order: the scope tags, one tag per attribute, then the
 * span's state (kind, status, trace state, dropped counts); see reserved-tags.ts.
 */
export function jaegerSpanTags(span: Span): JaegerTag[] {
  return [...scopeTags(span.scope), ...span.attributes.map((a) => attributeToJaegerTag(a.key, a.value)), ...spanStateTags(span)];
}

/** The span's references (model `referencesOf`: parent first, then links) with Jaeger-form ids. */
export function jaegerReferencesOf(span: Span): JaegerReference[] {
  return referencesOf(span).map((ref) => ({ refType: ref.refType, traceID: traceIdToJaegerHex(ref.traceId), spanID: ref.spanId }));
}

/**
 * The span as Jaeger sees it (OTCC `ProtoFromTraces` plus the dropped-count tags): see
 * {@link JaegerSpan} and the README's mapping table. Lossy where Jaeger's model is: times are
 * truncated to µs, arrays and maps become JSON text, link attributes and trace state, event
 * dropped counts, scope attributes and schema URLs have no place.
 */
export function toJaegerSpan(span: Span): JaegerSpan {
  return {
    traceID: traceIdToJaegerHex(span.traceId),
    spanID: span.spanId,
    operationName: span.name,
    references: jaegerReferencesOf(span),
    flags: jaegerFlagsOf(span.flags),
    startTime: microsOf(span.startTimeUnixNano),
    duration: durationMicrosOf(span.startTimeUnixNano, span.endTimeUnixNano),
    tags: jaegerSpanTags(span),
    logs: span.events.map(eventToJaegerLog),
    process: resourceToJaegerProcess(span.resource),
    warnings: span.warnings,
  };
}
