import { spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource, SpanEvent, SpanId, SpanLink, SpanStatus, TraceId } from '@waymark/span-model';
import type { DecodeResultBuilder } from '../decode-result';
import type { JsonCursor } from './json-cursor';
import { readJsonAttributes } from './otlp-json-attributes';
import {
  INVALID_SPAN_ID,
  INVALID_TRACE_ID,
  kindOf,
  NO_ITEMS,
  OTLP_WARNINGS_ATTRIBUTE,
  statusCodeOf,
  UNSET_STATUS,
  WARN_INVALID_LINK,
  warnInvalidParent,
  warningsFrom,
  warnUnknownKind,
  warnUnknownStatus,
} from './otlp-conventions';

export interface JsonSpanContext {
  readonly out: DecodeResultBuilder;
  readonly maxDepth: number;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
}

// OTLP ids are 16 and 8 bytes; the model also pads 16-character trace ids, which OTLP does not allow.
const traceIdOf = (hex: string): TraceId | undefined => (hex.length === 32 ? traceIdFromHex(hex) : undefined);
const spanIdOf = (hex: string): SpanId | undefined => (hex.length === 16 ? spanIdFromHex(hex) : undefined);

/**
 * Reads one OTLP/JSON span (at index `index` of the current `spans` array) and accepts or rejects
 * it, with the same rules as the protobuf decoder: invalid trace or span id → rejected; an
 * invalid non-empty parent id → root span with a warning (all-zero silently); links with invalid
 * ids dropped, counted and warned about; unknown kind/status numbers → defaults with a warning.
 * Ids of the wrong JSON type (not strings) are a DecodeError, like every other wrong type.
 */
export function readJsonSpan(c: JsonCursor, value: unknown, index: number, ctx: JsonSpanContext): void {
  const json = c.object(value, index) ?? c.fail(index, 'a Span object', value);
  c.enter(index);
  const traceHex = c.string(json.traceId, 'traceId');
  const spanHex = c.string(json.spanId, 'spanId');
  const parentHex = c.string(json.parentSpanId, 'parentSpanId');
  const traceState = c.string(json.traceState, 'traceState');
  const flags = c.uint32(json.flags, 'flags');
  const name = c.string(json.name, 'name');
  const kindNumber = c.enumNumber(json.kind, 'kind');
  const startTimeUnixNano = c.uint64(json.startTimeUnixNano, 'startTimeUnixNano');
  const endTimeUnixNano = c.uint64(json.endTimeUnixNano, 'endTimeUnixNano');
  let warnings: string[] | undefined;
  const attributes: Attribute[] = [];
  for (const attribute of readJsonAttributes(c, json.attributes, 'attributes', ctx.maxDepth)) {
    const lifted = attribute.key === OTLP_WARNINGS_ATTRIBUTE ? warningsFrom(attribute.value) : undefined;
    if (lifted) (warnings ??= []).push(...lifted);
    else attributes.push(attribute);
  }
  const droppedAttributesCount = c.uint32(json.droppedAttributesCount, 'droppedAttributesCount');
  const events = readEvents(c, json.events, ctx.maxDepth);
  const droppedEventsCount = c.uint32(json.droppedEventsCount, 'droppedEventsCount');
  const links: SpanLink[] = [];
  let droppedLinksCount = c.uint32(json.droppedLinksCount, 'droppedLinksCount');
  const linkList = c.array(json.links, 'links');
  c.enter('links');
  for (let i = 0; i < linkList.length; i++) {
    const link = readLink(c, linkList[i], i, ctx.maxDepth);
    if (link) links.push(link);
    else {
      droppedLinksCount++;
      (warnings ??= []).push(WARN_INVALID_LINK);
    }
  }
  c.leave();
  const statusJson = c.object(json.status, 'status') ?? {};
  c.enter('status');
  const statusMessage = c.string(statusJson.message, 'message');
  const statusNumber = c.enumNumber(statusJson.code, 'code');
  c.leave();
  c.leave();

  const traceId = traceIdOf(traceHex);
  if (traceId === undefined) return ctx.out.reject(INVALID_TRACE_ID);
  const spanId = spanIdOf(spanHex);
  if (spanId === undefined) return ctx.out.reject(INVALID_SPAN_ID);
  const parentSpanId = parentHex === '' ? undefined : spanIdOf(parentHex);
  if (parentSpanId === undefined && parentHex !== '' && !/^0{16}$/.test(parentHex)) {
    (warnings ??= []).push(warnInvalidParent('not 16 hex digits'));
  }
  let kind = kindOf(kindNumber);
  if (kind === undefined) {
    kind = 'unspecified';
    (warnings ??= []).push(warnUnknownKind(kindNumber));
  }
  let code = statusCodeOf(statusNumber);
  if (code === undefined) {
    code = 'unset';
    (warnings ??= []).push(warnUnknownStatus(statusNumber));
  }
  const status: SpanStatus = code === 'unset' && statusMessage === '' ? UNSET_STATUS : { code, message: statusMessage };
  ctx.out.accept({
    traceId,
    spanId,
    parentSpanId,
    traceState,
    flags,
    name,
    kind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    droppedAttributesCount,
    events,
    droppedEventsCount,
    links: links.length > 0 ? links : NO_ITEMS,
    droppedLinksCount,
    status,
    resource: ctx.resource,
    scope: ctx.scope,
    warnings: warnings ?? NO_ITEMS,
  });
}

function readEvents(c: JsonCursor, value: unknown, maxDepth: number): readonly SpanEvent[] {
  const list = c.array(value, 'events');
  if (list.length === 0) return NO_ITEMS;
  c.enter('events');
  const events = list.map((item, i): SpanEvent => {
    const json = c.object(item, i) ?? c.fail(i, 'an Event object', item);
    c.enter(i);
    const event = {
      timeUnixNano: c.uint64(json.timeUnixNano, 'timeUnixNano'),
      name: c.string(json.name, 'name'),
      attributes: readJsonAttributes(c, json.attributes, 'attributes', maxDepth),
      droppedAttributesCount: c.uint32(json.droppedAttributesCount, 'droppedAttributesCount'),
    };
    c.leave();
    return event;
  });
  c.leave();
  return events;
}

function readLink(c: JsonCursor, value: unknown, index: number, maxDepth: number): SpanLink | undefined {
  const json = c.object(value, index) ?? c.fail(index, 'a Link object', value);
  c.enter(index);
  const traceId = traceIdOf(c.string(json.traceId, 'traceId'));
  const spanId = spanIdOf(c.string(json.spanId, 'spanId'));
  const traceState = c.string(json.traceState, 'traceState');
  const attributes = readJsonAttributes(c, json.attributes, 'attributes', maxDepth);
  const droppedAttributesCount = c.uint32(json.droppedAttributesCount, 'droppedAttributesCount');
  const flags = c.uint32(json.flags, 'flags');
  c.leave();
  if (traceId === undefined || spanId === undefined) return undefined;
  return { traceId, spanId, traceState, attributes, droppedAttributesCount, flags };
}
