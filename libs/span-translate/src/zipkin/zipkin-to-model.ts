import { boolValue, intValue, spanIdFromHex, stringValue, traceIdFromHex } from '@waymark/span-model';
import type { Attribute, Resource, SpanId, SpanKind, SpanLink, TraceId } from '@waymark/span-model';
import type { DecodeResultBuilder } from '../decode-result';
import { takeDroppedCounts, takeScope, takeSpanKind, takeTraceState } from '../jaeger/otel-tags';
import { ResourceCache, ScopeCache } from '../jaeger/shared-cache';
import { TagBag } from '../jaeger/tag-bag';
import { eventFromAnnotation, LINK_TAG, parseLinkTag } from './otel-zipkin-encodings';
import { isResourceTag } from './resource-tags';
import type { ZipkinEndpoint, ZipkinSpanRecord } from './zipkin-record';
import { takeZipkinStatus } from './zipkin-status';

/** OTCC's marker for a span that had no timestamp (its start is then the Unix epoch). */
export const START_TIME_ABSENT = 'otel.zipkin.absentField.startTime';

const KINDS: ReadonlyMap<string, SpanKind> = new Map<string, SpanKind>([
  ['CLIENT', 'client'],
  ['SERVER', 'server'],
  ['PRODUCER', 'producer'],
  ['CONSUMER', 'consumer'],
]);
const TRACE_ID = /^[0-9a-f]{16,32}$/i;
const SPAN_ID = /^[0-9a-f]{16}$/i;

/**
 * Turns Zipkin v2 span records of one request into model spans, following OTCC
 * pkg/translator/zipkin/zipkinv2 (see the README's Zipkin table). Ids follow zipkin2-api:
 * traceId 16–32 hex characters (left-padded to 32), id and parentId 16; a span with an invalid
 * id is rejected with a reason. Hex is accepted in either case (the model lowercases it).
 */
export class ZipkinSpanConverter {
  private readonly resources = new ResourceCache();
  private readonly scopes = new ScopeCache();

  constructor(private readonly builder: DecodeResultBuilder) {}

  add(record: ZipkinSpanRecord): void {
    const ids = validIds(record);
    if (typeof ids === 'string') {
      this.builder.reject(ids);
      return;
    }
    const warnings: string[] = [];
    const parentSpanId = parentOf(record, ids.spanId, warnings);
    const { resourceTags, spanTags, links } = splitTags(record);
    const tags = new TagBag(spanTags);
    const scope = this.scopes.get(takeScope(tags));
    const zipkinKind = record.kind === undefined ? undefined : KINDS.get(record.kind.toUpperCase());
    if (record.kind !== undefined && zipkinKind === undefined) warnings.push(`unknown-kind: Zipkin kind ${JSON.stringify(record.kind.slice(0, 32))} read as unspecified`);
    const kind = zipkinKind ?? (record.kind === undefined ? takeSpanKind(tags) : 'unspecified');
    const status = takeZipkinStatus(tags);
    const traceState = takeTraceState(tags);
    const dropped = takeDroppedCounts(tags);
    const attributes = [...tags.toArray(), ...endpointAttributes(record)];
    const start = record.timestampMicros ? record.timestampMicros * 1000n : 0n;
    if (!record.timestampMicros) attributes.push({ key: START_TIME_ABSENT, value: boolValue(true) });
    this.builder.accept({
      traceId: ids.traceId,
      spanId: ids.spanId,
      parentSpanId,
      traceState,
      // Zipkin has no sampled bit (reported spans were sampled); debug forces sampling, so it maps to W3C sampled.
      flags: record.debug ? 1 : 0,
      name: record.name,
      kind,
      startTimeUnixNano: start,
      endTimeUnixNano: start + (record.durationMicros ?? 0n) * 1000n,
      attributes,
      droppedAttributesCount: dropped.attributes,
      events: record.annotations.map((a) => eventFromAnnotation(a.timestampMicros * 1000n, a.value)),
      droppedEventsCount: dropped.events,
      links,
      droppedLinksCount: dropped.links,
      status,
      resource: this.resourceOf(record.localEndpoint?.serviceName ?? '', resourceTags),
      scope,
      warnings,
    });
  }

  /** localEndpoint.serviceName names the service; without one, a `service.name` tag may. */
  private resourceOf(serviceName: string, tags: Attribute[]): Resource {
    const fromTag = new TagBag(tags).getString('service.name');
    const name = serviceName !== '' ? serviceName : (fromTag ?? '');
    const rest = tags.filter((t) => t.key !== 'service.name');
    return this.resources.get(name, name === '' ? rest : [{ key: 'service.name', value: stringValue(name) }, ...rest]);
  }
}

function validIds(record: ZipkinSpanRecord): { traceId: TraceId; spanId: SpanId } | string {
  if (!TRACE_ID.test(record.traceId)) return 'invalid traceId: not 16 to 32 hex characters';
  if (!SPAN_ID.test(record.id)) return 'invalid id: not 16 hex characters';
  if (record.parentId && !SPAN_ID.test(record.parentId)) return 'invalid parentId: not 16 hex characters';
  const traceId = traceIdFromHex(record.traceId.padStart(32, '0'));
  if (!traceId) return 'invalid traceId: all zeroes';
  const spanId = spanIdFromHex(record.id);
  return spanId ? { traceId, spanId } : 'invalid id: all zeroes';
}

/** A zero parentId means root (as Jaeger's zipkin sanitizer reads it); a span is never its own parent (OTCC). */
function parentOf(record: ZipkinSpanRecord, spanId: SpanId, warnings: string[]): SpanId | undefined {
  if (!record.parentId) return undefined;
  const parent = spanIdFromHex(record.parentId);
  if (!parent) warnings.push('zero-parent-id: parentId 0000000000000000 read as no parent');
  else if (parent === spanId) warnings.push('self-parent: parentId equal to the span id read as no parent');
  return parent === spanId ? undefined : parent;
}

/** Resource tags, span tags and `otlp.link.N` links; a service.name tag that disagrees with localEndpoint stays on the span. */
function splitTags(record: ZipkinSpanRecord): { resourceTags: Attribute[]; spanTags: Attribute[]; links: SpanLink[] } {
  const resourceTags: Attribute[] = [];
  const spanTags: Attribute[] = [];
  const links: SpanLink[] = [];
  const localName = record.localEndpoint?.serviceName ?? '';
  for (const [key, value] of record.tags) {
    const attribute = { key, value: stringValue(value) };
    const link = LINK_TAG.test(key) ? parseLinkTag(value) : undefined;
    if (link) links.push(link);
    else if (key === 'service.name' && localName !== '' && value !== localName) spanTags.push(attribute);
    else if (key === 'service.name' && localName !== '') continue;
    else if (isResourceTag(key)) resourceTags.push(attribute);
    else spanTags.push(attribute);
  }
  return { resourceTags, spanTags, links };
}

/** OTCC: local endpoint → net.host.ip/port, remote endpoint → peer.service, net.peer.ip/port (IPv6 wins over IPv4). */
function endpointAttributes(record: ZipkinSpanRecord): Attribute[] {
  const out: Attribute[] = [];
  const add = (endpoint: ZipkinEndpoint | undefined, ipKey: string, portKey: string) => {
    if (!endpoint) return;
    const ip = endpoint.ipv6 || endpoint.ipv4;
    if (ip) out.push({ key: ipKey, value: stringValue(ip) });
    if (endpoint.port > 0) out.push({ key: portKey, value: intValue(endpoint.port) });
  };
  add(record.localEndpoint, 'net.host.ip', 'net.host.port');
  if (record.remoteEndpoint?.serviceName) out.push({ key: 'peer.service', value: stringValue(record.remoteEndpoint.serviceName) });
  add(record.remoteEndpoint, 'net.peer.ip', 'net.peer.port');
  return out;
}
