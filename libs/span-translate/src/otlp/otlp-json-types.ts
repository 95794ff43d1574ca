/**
 * The OTLP/JSON shapes `toOtlpJsonValue` produces (proto3 JSON of opentelemetry.proto.trace.v1
 * `TracesData`): lowerCamelCase keys, ids in lowercase hex, enums as integers, 64-bit integers as
 * decimal strings, bytes in base64. Fields holding their default value are omitted, as protojson
 * does, except ids and times, which are always present.
 */
export interface OtlpJsonTracesData {
  resourceSpans: OtlpJsonResourceSpans[];
}

export interface OtlpJsonResourceSpans {
  resource?: { attributes?: OtlpJsonKeyValue[]; droppedAttributesCount?: number };
  scopeSpans: OtlpJsonScopeSpans[];
  schemaUrl?: string;
}

export interface OtlpJsonScopeSpans {
  scope?: { name?: string; version?: string; attributes?: OtlpJsonKeyValue[]; droppedAttributesCount?: number };
  spans: OtlpJsonSpan[];
  schemaUrl?: string;
}

export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  traceState?: string;
  parentSpanId?: string;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpJsonKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpJsonEvent[];
  droppedEventsCount?: number;
  links?: OtlpJsonLink[];
  droppedLinksCount?: number;
  status?: { message?: string; code?: number };
}

export interface OtlpJsonEvent {
  timeUnixNano: string;
  name?: string;
  attributes?: OtlpJsonKeyValue[];
  droppedAttributesCount?: number;
}

export interface OtlpJsonLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes?: OtlpJsonKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

export interface OtlpJsonKeyValue {
  key: string;
  value: OtlpJsonAnyValue;
}

/** One key set, or none for the empty value. Doubles that JSON cannot hold are "NaN", "Infinity", "-Infinity", "-0". */
export type OtlpJsonAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { bytesValue: string }
  | { arrayValue: { values: OtlpJsonAnyValue[] } }
  | { kvlistValue: { values: OtlpJsonKeyValue[] } }
  | Record<string, never>;
