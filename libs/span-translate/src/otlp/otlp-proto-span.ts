import { spanIdFromBytes, traceIdFromBytes } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource, SpanEvent, SpanId, SpanLink, SpanStatus, TraceId } from '@waymark/span-model';
import type { DecodeResultBuilder } from '../decode-result';
import { readKeyValue } from './otlp-proto-attributes';
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
  warnInvalidUtf8,
  warningsFrom,
  warnUnknownKind,
  warnUnknownStatus,
} from './otlp-conventions';
import type { WireReader } from './wire-reader';

/** What every span of one ScopeSpans shares. */
export interface SpanContext {
  readonly out: DecodeResultBuilder;
  readonly maxDepth: number;
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  /** Warnings about the resource or scope, given to each of their spans. */
  readonly inherited: readonly string[];
}

/** The bytes of a length-delimited field, as a view into the input (ids are validated later). */
function bytesView(r: WireReader): Uint8Array {
  const length = r.length();
  const view = r.buf.subarray(r.pos, r.pos + length);
  r.pos += length;
  return view;
}

const NO_BYTES: Uint8Array = new Uint8Array(0);

/**
 * Reads one length-delimited opentelemetry.proto.trace.v1.Span and accepts it into `ctx.out`,
 * or rejects it when its trace or span id is invalid. Other faults are repaired and noted in
 * `warnings`: an invalid non-empty parent id makes a root span (an all-zero one silently, since
 * OTLP defines all-zero ids as absent); links with invalid ids are dropped and counted in
 * `droppedLinksCount`; unknown kind and status numbers become `unspecified` and `unset`.
 */
export function readSpan(r: WireReader, ctx: SpanContext): void {
  const saved = r.enter(r.length());
  r.invalidUtf8 = false;
  let traceBytes = NO_BYTES;
  let spanBytes = NO_BYTES;
  let parentBytes = NO_BYTES;
  let traceState = '';
  let flags = 0;
  let name = '';
  let kindNumber = 0;
  let start = 0n;
  let end = 0n;
  const attributes: Attribute[] = [];
  let droppedAttributes = 0;
  let events: SpanEvent[] | undefined;
  let droppedEvents = 0;
  let links: SpanLink[] | undefined;
  let droppedLinks = 0;
  let statusCode = 0;
  let statusMessage = '';
  let warnings: string[] | undefined;
  while (r.pos < r.limit) {
    const tag = r.tag();
    switch (tag) {
      case 0x0a: traceBytes = bytesView(r); break;
      case 0x12: spanBytes = bytesView(r); break;
      case 0x1a: traceState = r.string(); break;
      case 0x22: parentBytes = bytesView(r); break;
      case 0x2a: name = r.string(); break;
      case 0x30: kindNumber = r.uint32(); break;
      case 0x39: start = r.fixed64(); break;
      case 0x41: end = r.fixed64(); break;
      case 0x4a: {
        const attribute = readKeyValue(r, ctx.maxDepth);
        const lifted = attribute.key === OTLP_WARNINGS_ATTRIBUTE ? warningsFrom(attribute.value) : undefined;
        if (lifted) (warnings ??= []).push(...lifted);
        else attributes.push(attribute);
        break;
      }
      case 0x50: droppedAttributes = r.uint32(); break;
      case 0x5a: (events ??= []).push(readEvent(r, ctx.maxDepth)); break;
      case 0x60: droppedEvents = r.uint32(); break;
      case 0x6a: {
        const link = readLink(r, ctx.maxDepth);
        if (link) (links ??= []).push(link);
        else {
          droppedLinks++;
          (warnings ??= []).push(WARN_INVALID_LINK);
        }
        break;
      }
      case 0x70: droppedLinks += r.uint32(); break;
      case 0x7a: {
        // A status sent twice merges field by field, as protobuf merges repeated message fields.
        const saved2 = r.enter(r.length());
        while (r.pos < r.limit) {
          const t = r.tag();
          if (t === 0x12) statusMessage = r.string();
          else if (t === 0x18) statusCode = r.uint32();
          else r.skip(t & 7);
        }
        r.leave(saved2);
        break;
      }
      case 0x85: flags = r.fixed32(); break;
      default: r.skip(tag & 7);
    }
  }
  r.leave(saved);
  const traceId = traceIdFromBytes(traceBytes);
  if (traceId === undefined) return ctx.out.reject(INVALID_TRACE_ID);
  const spanId = spanIdFromBytes(spanBytes);
  if (spanId === undefined) return ctx.out.reject(INVALID_SPAN_ID);
  const parentSpanId = parentBytes.length === 0 ? undefined : spanIdFromBytes(parentBytes);
  if (parentSpanId === undefined && parentBytes.length !== 0 && !(parentBytes.length === 8 && isZero(parentBytes))) {
    (warnings ??= []).push(warnInvalidParent(`${parentBytes.length} bytes`));
  }
  let kind = kindOf(kindNumber);
  if (kind === undefined) {
    kind = 'unspecified';
    (warnings ??= []).push(warnUnknownKind(kindNumber));
  }
  let code = statusCodeOf(statusCode);
  if (code === undefined) {
    code = 'unset';
    (warnings ??= []).push(warnUnknownStatus(statusCode));
  }
  if (r.invalidUtf8) (warnings ??= []).push(warnInvalidUtf8('span'));
  const status: SpanStatus = code === 'unset' && statusMessage === '' ? UNSET_STATUS : { code, message: statusMessage };
  if (ctx.inherited.length > 0) warnings = [...ctx.inherited, ...(warnings ?? [])];
  ctx.out.accept({
    traceId,
    spanId,
    parentSpanId,
    traceState,
    flags,
    name,
    kind,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes,
    droppedAttributesCount: droppedAttributes,
    events: events ?? NO_ITEMS,
    droppedEventsCount: droppedEvents,
    links: links ?? NO_ITEMS,
    droppedLinksCount: droppedLinks,
    status,
    resource: ctx.resource,
    scope: ctx.scope,
    warnings: warnings ?? NO_ITEMS,
  });
}

function readEvent(r: WireReader, maxDepth: number): SpanEvent {
  const saved = r.enter(r.length());
  let timeUnixNano = 0n;
  let name = '';
  const attributes: Attribute[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x09) timeUnixNano = r.fixed64();
    else if (tag === 0x12) name = r.string();
    else if (tag === 0x1a) attributes.push(readKeyValue(r, maxDepth));
    else if (tag === 0x20) droppedAttributesCount = r.uint32();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  return { timeUnixNano, name, attributes, droppedAttributesCount };
}

/** A link, or undefined when its trace or span id is invalid (the model cannot hold it). */
function readLink(r: WireReader, maxDepth: number): SpanLink | undefined {
  const saved = r.enter(r.length());
  let traceId: TraceId | undefined;
  let spanId: SpanId | undefined;
  let traceState = '';
  const attributes: Attribute[] = [];
  let droppedAttributesCount = 0;
  let flags = 0;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a) traceId = traceIdFromBytes(bytesView(r));
    else if (tag === 0x12) spanId = spanIdFromBytes(bytesView(r));
    else if (tag === 0x1a) traceState = r.string();
    else if (tag === 0x22) attributes.push(readKeyValue(r, maxDepth));
    else if (tag === 0x28) droppedAttributesCount = r.uint32();
    else if (tag === 0x35) flags = r.fixed32();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  if (traceId === undefined || spanId === undefined) return undefined;
  return { traceId, spanId, traceState, attributes, droppedAttributesCount, flags };
}

function isZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}
