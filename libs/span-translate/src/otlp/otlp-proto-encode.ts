import type { Attribute, AttributeValue, InstrumentationScope, Resource, Span, SpanEvent, SpanLink } from '@waymark/span-model';
import { groupByResourceAndScope } from './group-spans';
import { kindNumber, statusNumber, warningsAttribute } from './otlp-conventions';
import { WireWriter } from './wire-writer';

/**
 * Encodes model spans as an OTLP `ExportTraceServiceRequest` in protobuf: the Kafka wire format,
 * which `decodeOtlpProto` (and any OTLP receiver) reads back into the same spans.
 *
 * - Spans are grouped by `resource` object identity, then by `scope` identity, each group in
 *   the order first seen; within a group spans keep their order. Equal but distinct resource
 *   objects make separate ResourceSpans.
 * - `Span.warnings`, when present, travel as the string-array attribute `waymark.warnings`
 *   appended after the span's attributes (OTLP_WARNINGS_ATTRIBUTE).
 * - Default values are omitted, as proto3 does. Counts are clamped to uint32; times and flags
 *   are truncated to their wire widths (fixed64, fixed32).
 *
 * Returns a view of a buffer owned by the caller; an empty span list gives an empty request.
 */
export function encodeOtlpProto(spans: readonly Span[]): Uint8Array {
  const w = new WireWriter(256 + spans.length * 512);
  for (const [resource, scopes] of groupByResourceAndScope(spans)) {
    const resourceSpans = w.begin(0x0a);
    writeResource(w, resource);
    for (const [scope, scopeSpans] of scopes) {
      const scopeStart = w.begin(0x12);
      writeScope(w, scope);
      for (const span of scopeSpans) writeSpan(w, span);
      if (scope.schemaUrl !== '') w.string(0x1a, scope.schemaUrl);
      w.end(scopeStart);
    }
    if (resource.schemaUrl !== '') w.string(0x1a, resource.schemaUrl);
    w.end(resourceSpans);
  }
  return w.finish();
}

function writeResource(w: WireWriter, resource: Resource): void {
  if (resource.attributes.length === 0 && resource.droppedAttributesCount === 0) return;
  const start = w.begin(0x0a);
  writeAttributes(w, 0x0a, resource.attributes);
  writeCount(w, 0x10, resource.droppedAttributesCount);
  w.end(start);
}

function writeScope(w: WireWriter, scope: InstrumentationScope): void {
  if (scope.name === '' && scope.version === '' && scope.attributes.length === 0 && scope.droppedAttributesCount === 0) return;
  const start = w.begin(0x0a);
  if (scope.name !== '') w.string(0x0a, scope.name);
  if (scope.version !== '') w.string(0x12, scope.version);
  writeAttributes(w, 0x1a, scope.attributes);
  writeCount(w, 0x20, scope.droppedAttributesCount);
  w.end(start);
}

function writeSpan(w: WireWriter, span: Span): void {
  const start = w.begin(0x12);
  w.hexBytes(0x0a, span.traceId);
  w.hexBytes(0x12, span.spanId);
  if (span.traceState !== '') w.string(0x1a, span.traceState);
  if (span.parentSpanId !== undefined) w.hexBytes(0x22, span.parentSpanId);
  if (span.name !== '') w.string(0x2a, span.name);
  const kind = kindNumber(span.kind);
  if (kind !== 0) {
    w.varint(0x30);
    w.varint(kind);
  }
  w.varint(0x39);
  w.fixed64(span.startTimeUnixNano);
  w.varint(0x41);
  w.fixed64(span.endTimeUnixNano);
  writeAttributes(w, 0x4a, span.attributes);
  if (span.warnings.length > 0) writeKeyValue(w, 0x4a, warningsAttribute(span.warnings));
  writeCount(w, 0x50, span.droppedAttributesCount);
  for (const event of span.events) writeEvent(w, event);
  writeCount(w, 0x60, span.droppedEventsCount);
  for (const link of span.links) writeLink(w, link);
  writeCount(w, 0x70, span.droppedLinksCount);
  const code = statusNumber(span.status.code);
  if (code !== 0 || span.status.message !== '') {
    const status = w.begin(0x7a);
    if (span.status.message !== '') w.string(0x12, span.status.message);
    if (code !== 0) {
      w.varint(0x18);
      w.varint(code);
    }
    w.end(status);
  }
  if (span.flags !== 0) {
    w.varint(0x85); // field 16, fixed32: the tag takes two bytes
    w.fixed32(span.flags);
  }
  w.end(start);
}

function writeEvent(w: WireWriter, event: SpanEvent): void {
  const start = w.begin(0x5a);
  w.varint(0x09);
  w.fixed64(event.timeUnixNano);
  if (event.name !== '') w.string(0x12, event.name);
  writeAttributes(w, 0x1a, event.attributes);
  writeCount(w, 0x20, event.droppedAttributesCount);
  w.end(start);
}

function writeLink(w: WireWriter, link: SpanLink): void {
  const start = w.begin(0x6a);
  w.hexBytes(0x0a, link.traceId);
  w.hexBytes(0x12, link.spanId);
  if (link.traceState !== '') w.string(0x1a, link.traceState);
  writeAttributes(w, 0x22, link.attributes);
  writeCount(w, 0x28, link.droppedAttributesCount);
  if (link.flags !== 0) {
    w.varint(0x35);
    w.fixed32(link.flags);
  }
  w.end(start);
}

/** A uint32 count, omitted when zero; out-of-range model values are clamped to uint32. */
function writeCount(w: WireWriter, tag: number, count: number): void {
  if (!(count > 0)) return;
  w.varint(tag);
  w.varint(Math.min(Math.trunc(count), 0xffffffff));
}

function writeAttributes(w: WireWriter, tag: number, attributes: readonly Attribute[]): void {
  for (let i = 0; i < attributes.length; i++) writeKeyValue(w, tag, attributes[i] as Attribute);
}

function writeKeyValue(w: WireWriter, tag: number, attribute: Attribute): void {
  const start = w.begin(tag);
  if (attribute.key !== '') w.string(0x0a, attribute.key);
  writeAnyValue(w, 0x12, attribute.value);
  w.end(start);
}

/** An AnyValue field. Its oneof is always written, even for a default value, so the type survives. */
function writeAnyValue(w: WireWriter, tag: number, value: AttributeValue): void {
  const start = w.begin(tag);
  switch (value.type) {
    case 'string':
      w.string(0x0a, value.value);
      break;
    case 'bool':
      w.varint(0x10);
      w.varint(value.value ? 1 : 0);
      break;
    case 'int':
      w.varint(0x18);
      w.int64(value.value);
      break;
    case 'double':
      w.varint(0x21);
      w.double(value.value);
      break;
    case 'bytes':
      w.bytes(0x3a, value.value);
      break;
    case 'array': {
      const list = w.begin(0x2a);
      for (const item of value.value) writeAnyValue(w, 0x0a, item);
      w.end(list);
      break;
    }
    case 'kvlist': {
      const list = w.begin(0x32);
      for (const item of value.value) writeKeyValue(w, 0x0a, item);
      w.end(list);
      break;
    }
    case 'empty':
      break;
  }
  w.end(start);
}
