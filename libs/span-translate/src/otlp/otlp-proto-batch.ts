import { Buffer } from 'node:buffer';
import type { Span } from '@waymark/span-model';
import { decodeOtlpProto } from './otlp-proto-decode';

/** A group of spans `regroup` made: an OTLP request of its own. */
export interface OtlpGroup {
  readonly bytes: Buffer;
  readonly spanCount: number;
  /** Hex trace id of the group's first span. */
  readonly firstTraceId: string;
}

/** Which group a span goes to, by its trace id (16 bytes at `offset` in `bytes`). */
export type TraceIdGrouping = (bytes: Uint8Array, offset: number) => number;

/**
 * An OTLP protobuf request that `scanOtlpProto` found clean: well-formed, every span valid, and
 * nothing in it the decoder would repair or a sanitizer would change. Its spans can be passed on
 * as the bytes they came in, regrouped without decoding (`regroup`): decoding any group gives
 * exactly the spans decoding the request gives (unknown fields included, as bytes).
 */
export class OtlpProtoBatch {
  constructor(
    readonly bytes: Buffer,
    private readonly resources: readonly ScannedResource[],
    readonly spanCount: number,
    /** `[service, span name]` of every root span (no parent), for adaptive sampling. */
    readonly roots: ReadonlyArray<readonly [string, string]>,
    /** The value nesting the scan allowed: `decode` must allow it too, or a batch the scan passed could not be decoded. */
    private readonly maxAnyValueDepth: number,
  ) {}

  /** The spans, decoded (for writers that store something else than OTLP). */
  decode(): Span[] {
    return decodeOtlpProto(this.bytes, { maxAnyValueDepth: this.maxAnyValueDepth }).spans;
  }

  /**
   * The spans split into one OTLP request per group (`groupOf` of each span's trace id), each
   * keeping the request's resources, scopes, field order and unknown fields, and its spans in
   * request order.
   */
  regroup(groupOf: TraceIdGrouping): Map<number, OtlpGroup> {
    const { bytes, resources } = this;
    // Each span's group, and how many spans each group has; then each group's request.
    const groupsOfSpans: Int32Array[][] = [];
    const sizes = new Map<number, GroupSize>();
    for (const resource of resources) {
      const perScope: Int32Array[] = [];
      for (const scope of resource.scopes) {
        const groups = new Int32Array(scope.spans.length / 3);
        for (let i = 0, s = 0; s < scope.spans.length; i++, s += 3) {
          const group = groupOf(bytes, scope.spans[s + 2] as number);
          groups[i] = group;
          let size = sizes.get(group);
          if (size === undefined) sizes.set(group, (size = { spans: 0, firstTraceOffset: scope.spans[s + 2] as number }));
          size.spans++;
        }
        perScope.push(groups);
      }
      groupsOfSpans.push(perScope);
    }
    const out = new Map<number, OtlpGroup>();
    for (const [group, size] of sizes) {
      const length = this.groupLength(group, groupsOfSpans);
      const buf = Buffer.allocUnsafe(length);
      const end = this.writeGroup(buf, group, groupsOfSpans);
      if (end !== length) throw new Error(`OTLP regroup wrote ${end} of ${length} bytes`);
      out.set(group, { bytes: buf, spanCount: size.spans, firstTraceId: bytes.toString('hex', size.firstTraceOffset, size.firstTraceOffset + 16) });
    }
    return out;
  }

  /** Bytes of the group's request. */
  private groupLength(group: number, groupsOfSpans: Int32Array[][]): number {
    let total = 0;
    this.resources.forEach((resource, r) => {
      const { content } = resourceLengths(resource, groupsOfSpans[r] as Int32Array[], group);
      if (content > 0) total += 1 + varintLength(content) + content;
    });
    return total;
  }

  private writeGroup(buf: Buffer, group: number, groupsOfSpans: Int32Array[][]): number {
    const source = this.bytes;
    let pos = 0;
    this.resources.forEach((resource, r) => {
      const { content: resourceContent, scopeLengths } = resourceLengths(resource, groupsOfSpans[r] as Int32Array[], group);
      if (resourceContent === 0) return;
      buf[pos++] = 0x0a;
      pos = writeVarint(buf, pos, resourceContent);
      pos = writeHeader(source, resource, buf, pos);
      resource.scopes.forEach((scope, s) => {
        const content = scopeLengths[s] as number;
        if (content < 0) return;
        buf[pos++] = 0x12;
        pos = writeVarint(buf, pos, content);
        pos = copySegments(source, scope.header, buf, pos);
        const groups = groupsOfSpans[r]?.[s] as Int32Array;
        for (let i = 0, k = 0; k < scope.spans.length; i++, k += 3) {
          if (groups[i] !== group) continue;
          const start = scope.spans[k] as number;
          const end = scope.spans[k + 1] as number;
          source.copy(buf, pos, start, end);
          pos += end - start;
        }
      });
    });
    return pos;
  }
}

interface GroupSize {
  spans: number;
  firstTraceOffset: number;
}

/**
 * A ResourceSpans: its fields other than scope_spans (whole fields, as [start, end) pairs) and its
 * scopes; `extra`, when tags are to be added, the KeyValue fields appended to its Resource, whose
 * field is the header pair at `resourceAt` and whose content starts at `contentAt`.
 */
export interface ScannedResource {
  readonly header: number[];
  readonly scopes: ScannedScope[];
  readonly resourceAt: number;
  readonly contentAt: number;
  readonly extra: Buffer | undefined;
}

/** A ScopeSpans: its fields other than spans, and per span [field start, field end, trace id offset]. */
export interface ScannedScope {
  readonly header: number[];
  readonly spans: number[];
}

/** Content lengths of a ResourceSpans holding only the group's spans, and of each of its ScopeSpans (-1: none); 0 when it has none. */
function resourceLengths(resource: ScannedResource, groups: readonly Int32Array[], group: number): { content: number; scopeLengths: number[] } {
  const scopeLengths = resource.scopes.map((scope, s) => scopeContentLength(scope, groups[s] as Int32Array, group));
  let content = 0;
  for (const length of scopeLengths) if (length >= 0) content += 1 + varintLength(length) + length;
  return { content: content === 0 ? 0 : content + headerLength(resource), scopeLengths };
}

/** Content length of the scope's ScopeSpans holding only the group's spans; -1 when it has none. */
function scopeContentLength(scope: ScannedScope, groups: Int32Array, group: number): number {
  let spans = 0;
  let found = false;
  for (let i = 0, k = 0; k < scope.spans.length; i++, k += 3) {
    if (groups[i] !== group) continue;
    found = true;
    spans += (scope.spans[k + 1] as number) - (scope.spans[k] as number);
  }
  return found ? spans + segmentsLength(scope.header) : -1;
}

/** Bytes of a ResourceSpans' header fields, its Resource grown by the tags to add. */
function headerLength(resource: ScannedResource): number {
  const length = segmentsLength(resource.header);
  if (resource.extra === undefined) return length;
  const end = resource.header[resource.resourceAt + 1] as number;
  const content = end - resource.contentAt;
  const field = end - (resource.header[resource.resourceAt] as number);
  return length - field + 1 + varintLength(content + resource.extra.length) + content + resource.extra.length;
}

function writeHeader(source: Buffer, resource: ScannedResource, target: Buffer, pos: number): number {
  if (resource.extra === undefined) return copySegments(source, resource.header, target, pos);
  const { header, resourceAt, contentAt, extra } = resource;
  pos = copySegments(source, header.slice(0, resourceAt), target, pos);
  const end = header[resourceAt + 1] as number;
  target[pos++] = 0x0a;
  pos = writeVarint(target, pos, end - contentAt + extra.length);
  source.copy(target, pos, contentAt, end);
  pos += end - contentAt;
  extra.copy(target, pos);
  pos += extra.length;
  return copySegments(source, header.slice(resourceAt + 2), target, pos);
}

function segmentsLength(segments: readonly number[]): number {
  let length = 0;
  for (let i = 0; i < segments.length; i += 2) length += (segments[i + 1] as number) - (segments[i] as number);
  return length;
}

function copySegments(source: Buffer, segments: readonly number[], target: Buffer, pos: number): number {
  for (let i = 0; i < segments.length; i += 2) {
    source.copy(target, pos, segments[i] as number, segments[i + 1] as number);
    pos += (segments[i + 1] as number) - (segments[i] as number);
  }
  return pos;
}

export function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

export function writeVarint(buf: Buffer, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  buf[pos++] = value;
  return pos;
}
