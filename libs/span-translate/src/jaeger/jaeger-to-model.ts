import { REF_TYPE_ATTRIBUTE, spanIdFromHex, stringValue, traceIdFromHex } from '@waymark/span-model';
import type { Resource, Span, SpanEvent, SpanId, SpanLink } from '@waymark/span-model';
import type { DecodeResultBuilder } from '../decode-result';
import { processToResource } from './jaeger-process';
import { REF_CHILD_OF, REF_FOLLOWS_FROM } from './jaeger-record';
import type { JaegerLogRecord, JaegerProcessRecord, JaegerReference, JaegerSpanRecord } from './jaeger-record';
import { takeJaegerStatus } from './jaeger-status';
import { OtelTag, takeDroppedCounts, takeScope, takeSpanKind, takeTraceState } from './otel-tags';
import { ResourceCache, ScopeCache } from './shared-cache';
import { TagBag } from './tag-bag';

const ZERO_SPAN_ID = '0000000000000000';
/** Jaeger's flag bit 1 (sampled) is W3C's bit 0; debug (2) and firehose (4) have no OTLP counterpart. */
const SAMPLED = 1;

/** Why an id is unusable, as a rejection reason without the id itself (reasons are metric labels). */
export function invalidIdReason(what: 'trace' | 'span', hex: string): string | undefined {
  const bytes = what === 'trace' ? 16 : 8;
  if (hex.length !== bytes * 2) return `invalid ${what} id: ${hex.length / 2} bytes instead of ${bytes}`;
  return /^0+$/.test(hex) ? `invalid ${what} id: all zeroes` : undefined;
}

/**
 * Turns Jaeger span records of one request into model spans with OTCC's jaeger → pdata
 * conventions (pkg/translator/jaeger): see the README's Jaeger table. A span whose trace or span
 * id is zero or of the wrong length is rejected with a reason; a reference with such an id is
 * dropped with a warning on its span. Processes become Resources shared by content, scopes
 * likewise.
 */
export class JaegerSpanConverter {
  /** Built on the first span with its own process (proto only): Thrift batches have one process. */
  private resources: ResourceCache | undefined;
  private readonly scopes = new ScopeCache();
  private readonly batchResource: Resource;

  constructor(
    private readonly builder: DecodeResultBuilder,
    batchProcess: JaegerProcessRecord | undefined,
  ) {
    this.batchResource = processToResource(batchProcess);
  }

  add(record: JaegerSpanRecord): void {
    // traceIdFromHex would also accept 16 hex digits (a 64-bit id); Jaeger's wire ids are always 128-bit.
    const traceId = record.traceIdHex.length === 32 ? traceIdFromHex(record.traceIdHex) : undefined;
    const spanId = spanIdFromHex(record.spanIdHex);
    if (!traceId || !spanId) {
      this.builder.reject((traceId ? undefined : invalidIdReason('trace', record.traceIdHex)) ?? invalidIdReason('span', record.spanIdHex) ?? 'invalid trace or span id');
      return;
    }
    const warnings = [...record.warnings];
    const parentHex = parentOf(record);
    const tags = new TagBag(record.tags);
    const scope = this.scopes.get(takeScope(tags));
    const kind = takeSpanKind(tags);
    const status = takeJaegerStatus(tags, kind);
    const traceState = takeTraceState(tags);
    const dropped = takeDroppedCounts(tags);
    this.builder.accept({
      traceId,
      spanId,
      parentSpanId: parentHex === undefined ? undefined : spanIdFromHex(parentHex),
      traceState,
      flags: record.flags & SAMPLED,
      name: record.operationName,
      kind,
      startTimeUnixNano: record.startTimeUnixNano,
      endTimeUnixNano: record.startTimeUnixNano + record.durationNanos,
      attributes: tags.toArray(),
      droppedAttributesCount: dropped.attributes,
      events: record.logs.map(logToEvent),
      droppedEventsCount: dropped.events,
      links: linksOf(record, parentHex, warnings),
      droppedLinksCount: dropped.links,
      status,
      resource: record.process ? this.spanResource(record.process) : this.batchResource,
      scope,
      warnings,
    } satisfies Span);
  }

  /** A span's own process as a resource shared with every equal process, the batch's included. */
  private spanResource(process: JaegerProcessRecord): Resource {
    if (!this.resources) {
      this.resources = new ResourceCache();
      this.resources.seed(this.batchResource);
    }
    return processToResource(process, this.resources);
  }
}

/**
 * The parent as Jaeger's `Span.ParentSpanID()` and OTCC find it: the explicit `parentSpanId` if
 * non-zero, else the first CHILD_OF reference within the same trace, else the first FOLLOWS_FROM
 * reference within the same trace.
 */
function parentOf(record: JaegerSpanRecord): string | undefined {
  const explicit = record.parentSpanIdHex;
  if (explicit !== undefined && explicit !== ZERO_SPAN_ID && spanIdFromHex(explicit)) return explicit;
  const sameTrace = record.references.filter((ref) => ref.traceIdHex === record.traceIdHex && spanIdFromHex(ref.spanIdHex));
  return (sameTrace.find((ref) => ref.refType === REF_CHILD_OF) ?? sameTrace.find((ref) => ref.refType === REF_FOLLOWS_FROM))?.spanIdHex;
}

/** Every reference except the CHILD_OF one that is the parent becomes a link that keeps its type. */
function linksOf(record: JaegerSpanRecord, parentHex: string | undefined, warnings: string[]): SpanLink[] {
  const links: SpanLink[] = [];
  for (const ref of record.references) {
    if (isParentReference(ref, record.traceIdHex, parentHex)) continue;
    const traceId = traceIdFromHex(ref.traceIdHex);
    const spanId: SpanId | undefined = spanIdFromHex(ref.spanIdHex);
    if (!traceId || !spanId) {
      warnings.push('invalid-reference: dropped a span reference with an invalid trace or span id');
      continue;
    }
    const refType = ref.refType === REF_CHILD_OF ? 'child_of' : 'follows_from';
    links.push({ traceId, spanId, traceState: '', attributes: [{ key: REF_TYPE_ATTRIBUTE, value: stringValue(refType) }], droppedAttributesCount: 0, flags: 0 });
  }
  return links;
}

function isParentReference(ref: JaegerReference, traceIdHex: string, parentHex: string | undefined): boolean {
  return ref.refType === REF_CHILD_OF && ref.spanIdHex === parentHex && ref.traceIdHex === traceIdHex;
}

/** A log is an event; its string field `event` is the event's name (OTCC), other fields its attributes. */
function logToEvent(log: JaegerLogRecord): SpanEvent {
  const fields = new TagBag(log.fields);
  const name = fields.takeString(OtelTag.EVENT) ?? '';
  return { timeUnixNano: log.timeUnixNano, name, attributes: fields.toArray(), droppedAttributesCount: 0 };
}
