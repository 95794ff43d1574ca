import type { AttributeValue, SpanKind } from '@waymark/span-model';
import type { TagBag } from './tag-bag';

/**
 * The tags with which OpenTelemetry represents its own concepts in formats that lack them
 * (spec `common/mapping-to-non-otlp.md`, OTel Collector contrib `pkg/translator/{jaeger,zipkin}`).
 * Shared by the Jaeger and Zipkin decoders; each `take*` removes the tags it understood.
 */
export const OtelTag = {
  SPAN_KIND: 'span.kind',
  STATUS_CODE: 'otel.status_code',
  STATUS_DESCRIPTION: 'otel.status_description',
  ERROR: 'error',
  SCOPE_NAME: 'otel.scope.name',
  SCOPE_VERSION: 'otel.scope.version',
  LIBRARY_NAME: 'otel.library.name',
  LIBRARY_VERSION: 'otel.library.version',
  TRACE_STATE: 'w3c.tracestate',
  DROPPED_ATTRIBUTES: 'otel.dropped_attributes_count',
  DROPPED_EVENTS: 'otel.dropped_events_count',
  DROPPED_LINKS: 'otel.dropped_links_count',
  HTTP_STATUS_CODE: 'http.status_code',
  HTTP_STATUS_MESSAGE: 'http.status_message',
  /** The log field that holds an event's name (OTCC `eventNameAttr`). */
  EVENT: 'event',
} as const;

// A Map, not an object literal: a tag value such as "constructor" must not find Object.prototype members.
const KINDS: ReadonlyMap<string, SpanKind> = new Map<string, SpanKind>([
  ['client', 'client'],
  ['server', 'server'],
  ['producer', 'producer'],
  ['consumer', 'consumer'],
  ['internal', 'internal'],
]);

/**
 * `span.kind` → kind. Unlike OTCC, the value is matched case-insensitively and an unrecognised
 * value (or a non-string) is left as an attribute instead of being dropped.
 */
export function takeSpanKind(tags: TagBag): SpanKind {
  return tags.takeIf(OtelTag.SPAN_KIND, (value) => (value.type === 'string' ? KINDS.get(value.value.toLowerCase()) : undefined)) ?? 'unspecified';
}

/** `w3c.tracestate` → traceState ('' when absent). */
export const takeTraceState = (tags: TagBag): string => tags.takeString(OtelTag.TRACE_STATE) ?? '';

export interface ScopeTags {
  readonly name: string;
  readonly version: string;
}

/**
 * `otel.scope.name`/`otel.scope.version`, else the deprecated `otel.library.*` pair, → scope. As in
 * OTCC, a version without a name is not a scope and stays an attribute. When both pairs are
 * present (the spec asks exporters to write both), the `otel.library.*` copy is removed only if it
 * agrees with the `otel.scope.*` one, so a disagreeing value is kept rather than lost.
 */
export function takeScope(tags: TagBag): ScopeTags | undefined {
  const scopeName = tags.takeString(OtelTag.SCOPE_NAME);
  const libraryName = scopeName === undefined || tags.getString(OtelTag.LIBRARY_NAME) === scopeName ? tags.takeString(OtelTag.LIBRARY_NAME) : undefined;
  const name = scopeName ?? libraryName;
  if (name === undefined) return undefined;
  const scopeVersion = tags.takeString(OtelTag.SCOPE_VERSION);
  const libraryVersion = scopeVersion === undefined || tags.getString(OtelTag.LIBRARY_VERSION) === scopeVersion ? tags.takeString(OtelTag.LIBRARY_VERSION) : undefined;
  return { name, version: scopeVersion ?? libraryVersion ?? '' };
}

export interface DroppedCounts {
  readonly attributes: number;
  readonly events: number;
  readonly links: number;
}

/** A count from an int tag or a decimal string; anything else (negative, fractional, text) is not a count. */
export function countOf(value: AttributeValue): number | undefined {
  if (value.type === 'int') return value.value >= 0n && value.value <= 0xffffffffn ? Number(value.value) : undefined;
  if (value.type === 'double') return Number.isInteger(value.value) && value.value >= 0 && value.value <= 0xffffffff ? value.value : undefined;
  if (value.type === 'string' && /^\d{1,10}$/.test(value.value)) {
    const count = Number(value.value);
    return count <= 0xffffffff ? count : undefined;
  }
  return undefined;
}

/** `otel.dropped_{attributes,events,links}_count` → the dropped counts (0 when absent or unreadable, the tag then kept). */
export function takeDroppedCounts(tags: TagBag): DroppedCounts {
  return {
    attributes: tags.takeIf(OtelTag.DROPPED_ATTRIBUTES, countOf) ?? 0,
    events: tags.takeIf(OtelTag.DROPPED_EVENTS, countOf) ?? 0,
    links: tags.takeIf(OtelTag.DROPPED_LINKS, countOf) ?? 0,
  };
}
