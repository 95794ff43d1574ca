import { Buffer } from 'node:buffer';
import type { Attribute, AttributeValue, InstrumentationScope, Resource, Span, SpanEvent, SpanLink } from '@waymark/span-model';
import { groupByResourceAndScope } from './group-spans';
import { kindNumber, statusNumber, warningsAttribute } from './otlp-conventions';
import type { OtlpJsonAnyValue, OtlpJsonEvent, OtlpJsonKeyValue, OtlpJsonLink, OtlpJsonResourceSpans, OtlpJsonScopeSpans, OtlpJsonSpan, OtlpJsonTracesData } from './otlp-json-types';

/**
 * Model spans as an OTLP/JSON `TracesData` / `ExportTraceServiceRequest` object (see
 * OtlpJsonTracesData), ready for JSON.stringify or for embedding, e.g. in API v3's
 * `{"result": …}`. Grouping by resource and scope identity and the `waymark.warnings` attribute
 * are as in `encodeOtlpProto`; `decodeOtlpJson` reads the result back into the same spans.
 */
export function toOtlpJsonValue(spans: readonly Span[]): OtlpJsonTracesData {
  const resourceSpans: OtlpJsonResourceSpans[] = [];
  for (const [resource, scopes] of groupByResourceAndScope(spans)) {
    const scopeSpans: OtlpJsonScopeSpans[] = [];
    for (const [scope, list] of scopes) {
      const json = scopeJson(scope);
      const group: OtlpJsonScopeSpans = json === undefined ? { spans: list.map(spanJson) } : { scope: json, spans: list.map(spanJson) };
      if (scope.schemaUrl !== '') group.schemaUrl = scope.schemaUrl;
      scopeSpans.push(group);
    }
    const group: OtlpJsonResourceSpans = { resource: resourceJson(resource), scopeSpans };
    if (resource.schemaUrl !== '') group.schemaUrl = resource.schemaUrl;
    resourceSpans.push(group);
  }
  return { resourceSpans };
}

/** `toOtlpJsonValue` as JSON text (the OTLP/HTTP JSON body). */
export function encodeOtlpJson(spans: readonly Span[]): string {
  return JSON.stringify(toOtlpJsonValue(spans));
}

function resourceJson(resource: Resource): OtlpJsonResourceSpans['resource'] {
  const json: NonNullable<OtlpJsonResourceSpans['resource']> = {};
  if (resource.attributes.length > 0) json.attributes = attributesJson(resource.attributes);
  if (resource.droppedAttributesCount > 0) json.droppedAttributesCount = resource.droppedAttributesCount;
  return json;
}

function scopeJson(scope: InstrumentationScope): OtlpJsonScopeSpans['scope'] {
  if (scope.name === '' && scope.version === '' && scope.attributes.length === 0 && scope.droppedAttributesCount === 0) return undefined;
  const json: NonNullable<OtlpJsonScopeSpans['scope']> = {};
  if (scope.name !== '') json.name = scope.name;
  if (scope.version !== '') json.version = scope.version;
  if (scope.attributes.length > 0) json.attributes = attributesJson(scope.attributes);
  if (scope.droppedAttributesCount > 0) json.droppedAttributesCount = scope.droppedAttributesCount;
  return json;
}

function spanJson(span: Span): OtlpJsonSpan {
  // Keys in the proto's field order, so the times come after the ids, parent and name.
  const json: Partial<OtlpJsonSpan> & Pick<OtlpJsonSpan, 'traceId' | 'spanId'> = { traceId: span.traceId, spanId: span.spanId };
  if (span.traceState !== '') json.traceState = span.traceState;
  if (span.parentSpanId !== undefined) json.parentSpanId = span.parentSpanId;
  if (span.flags !== 0) json.flags = span.flags;
  if (span.name !== '') json.name = span.name;
  const kind = kindNumber(span.kind);
  if (kind !== 0) json.kind = kind;
  json.startTimeUnixNano = span.startTimeUnixNano.toString();
  json.endTimeUnixNano = span.endTimeUnixNano.toString();
  const attributes = span.warnings.length > 0 ? [...span.attributes, warningsAttribute(span.warnings)] : span.attributes;
  if (attributes.length > 0) json.attributes = attributesJson(attributes);
  if (span.droppedAttributesCount > 0) json.droppedAttributesCount = span.droppedAttributesCount;
  if (span.events.length > 0) json.events = span.events.map(eventJson);
  if (span.droppedEventsCount > 0) json.droppedEventsCount = span.droppedEventsCount;
  if (span.links.length > 0) json.links = span.links.map(linkJson);
  if (span.droppedLinksCount > 0) json.droppedLinksCount = span.droppedLinksCount;
  const code = statusNumber(span.status.code);
  if (code !== 0 || span.status.message !== '') {
    json.status = {};
    if (span.status.message !== '') json.status.message = span.status.message;
    if (code !== 0) json.status.code = code;
  }
  return json as OtlpJsonSpan; // both times are set above
}

function eventJson(event: SpanEvent): OtlpJsonEvent {
  const json: OtlpJsonEvent = { timeUnixNano: event.timeUnixNano.toString() };
  if (event.name !== '') json.name = event.name;
  if (event.attributes.length > 0) json.attributes = attributesJson(event.attributes);
  if (event.droppedAttributesCount > 0) json.droppedAttributesCount = event.droppedAttributesCount;
  return json;
}

function linkJson(link: SpanLink): OtlpJsonLink {
  const json: OtlpJsonLink = { traceId: link.traceId, spanId: link.spanId };
  if (link.traceState !== '') json.traceState = link.traceState;
  if (link.attributes.length > 0) json.attributes = attributesJson(link.attributes);
  if (link.droppedAttributesCount > 0) json.droppedAttributesCount = link.droppedAttributesCount;
  if (link.flags !== 0) json.flags = link.flags;
  return json;
}

const attributesJson = (attributes: readonly Attribute[]): OtlpJsonKeyValue[] => attributes.map(keyValueJson);
const keyValueJson = (attribute: Attribute): OtlpJsonKeyValue => ({ key: attribute.key, value: anyValueJson(attribute.value) });

function anyValueJson(value: AttributeValue): OtlpJsonAnyValue {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'bool':
      return { boolValue: value.value };
    case 'int':
      return { intValue: value.value.toString() };
    case 'double':
      // JSON has no NaN, infinities or negative zero; proto3 JSON spells them as strings.
      return { doubleValue: Number.isFinite(value.value) && !Object.is(value.value, -0) ? value.value : Object.is(value.value, -0) ? '-0' : String(value.value) };
    case 'bytes':
      return { bytesValue: Buffer.from(value.value.buffer, value.value.byteOffset, value.value.byteLength).toString('base64') };
    case 'array':
      return { arrayValue: { values: value.value.map(anyValueJson) } };
    case 'kvlist':
      return { kvlistValue: { values: value.value.map(keyValueJson) } };
    case 'empty':
      return {};
  }
}
