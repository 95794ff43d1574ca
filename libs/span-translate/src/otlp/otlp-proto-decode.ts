import { EMPTY_SCOPE, findString } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource } from '@waymark/span-model';
import { DecodeError, DecodeResultBuilder } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { maxDepthOf, NO_ITEMS, warnInvalidUtf8 } from './otlp-conventions';
import type { OtlpDecodeOptions } from './otlp-conventions';
import { readKeyValue } from './otlp-proto-attributes';
import { readSpan } from './otlp-proto-span';
import { WireReader } from './wire-reader';

// Tags shared by ResourceSpans and ScopeSpans: 1 = resource / scope, 2 = scope_spans / spans, 3 = schema_url.
const HEAD = 0x0a;
const ITEMS = 0x12;
const SCHEMA_URL = 0x1a;

/**
 * Decodes an OTLP `ExportTraceServiceRequest` (or a `TracesData`, which has the same layout) from
 * protobuf bytes into model spans, without an intermediate message tree.
 *
 * - Spans come out in request order. All spans of one ResourceSpans share one `Resource` object,
 *   and all spans of one ScopeSpans one `InstrumentationScope` object (EMPTY_SCOPE when the scope
 *   and its schema URL are absent), so consumers can regroup them by identity.
 * - Spans with an invalid trace or span id are rejected and counted with a reason; see `readSpan`
 *   for the faults that are repaired and recorded in `Span.warnings` instead.
 * - The `waymark.warnings` attribute is lifted into `Span.warnings` (OTLP_WARNINGS_ATTRIBUTE).
 * - Strings with invalid UTF-8 are decoded with U+FFFD and the span gets a warning.
 * - Unknown fields are skipped; a known field with an unexpected wire type is treated as unknown.
 *
 * @throws DecodeError for bytes that are not protobuf of this shape (truncated, bad lengths or
 *   wire types, field number 0) or AnyValues nested deeper than `options.maxAnyValueDepth`.
 *   Nothing else escapes; work and allocation are linear in the input size.
 */
export function decodeOtlpProto(bytes: Uint8Array, options?: OtlpDecodeOptions): DecodeResult {
  const maxDepth = maxDepthOf(options);
  const out = new DecodeResultBuilder();
  try {
    const r = new WireReader(bytes);
    while (r.pos < r.limit) {
      const tag = r.tag();
      if (tag === HEAD) readResourceSpans(r, out, maxDepth);
      else r.skip(tag & 7);
    }
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw new DecodeError(`invalid OTLP protobuf: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return out.build();
}

function readResourceSpans(r: WireReader, out: DecodeResultBuilder, maxDepth: number): void {
  const saved = r.enter(r.length());
  const first = r.pos;
  // Protobuf fields may come in any order: find the resource and schema URL before the spans.
  const attributes: Attribute[] = [];
  let dropped = 0;
  let schemaUrl = '';
  r.invalidUtf8 = false;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === HEAD) dropped = readResourceInto(r, attributes, dropped, maxDepth);
    else if (tag === SCHEMA_URL) schemaUrl = r.string();
    else r.skip(tag & 7);
  }
  const resource: Resource = { serviceName: findString(attributes, 'service.name') ?? '', attributes, droppedAttributesCount: dropped, schemaUrl };
  const inherited = r.invalidUtf8 ? [warnInvalidUtf8('resource')] : NO_ITEMS;
  r.pos = first;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === ITEMS) readScopeSpans(r, out, maxDepth, resource, inherited);
    else r.skip(tag & 7);
  }
  r.leave(saved);
}

/** Merges one Resource message into the attributes; returns its dropped_attributes_count. */
function readResourceInto(r: WireReader, attributes: Attribute[], dropped: number, maxDepth: number): number {
  const saved = r.enter(r.length());
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a) attributes.push(readKeyValue(r, maxDepth));
    else if (tag === 0x10) dropped = r.uint32();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  return dropped;
}

function readScopeSpans(r: WireReader, out: DecodeResultBuilder, maxDepth: number, resource: Resource, inherited: readonly string[]): void {
  const saved = r.enter(r.length());
  const first = r.pos;
  let scope: Scope | undefined;
  let schemaUrl = '';
  r.invalidUtf8 = false;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === HEAD) scope = readScopeInto(r, scope ?? { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' }, maxDepth);
    else if (tag === SCHEMA_URL) schemaUrl = r.string();
    else r.skip(tag & 7);
  }
  let shared: InstrumentationScope = EMPTY_SCOPE;
  if (scope !== undefined || schemaUrl !== '') {
    shared = scope ?? { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
    (shared as Scope).schemaUrl = schemaUrl;
  }
  const ctx = { out, maxDepth, resource, scope: shared, inherited: r.invalidUtf8 ? [...inherited, warnInvalidUtf8('scope')] : inherited };
  r.pos = first;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === ITEMS) readSpan(r, ctx);
    else r.skip(tag & 7);
  }
  r.leave(saved);
}

/** A scope while it is being read (the model's type is read-only). */
interface Scope {
  name: string;
  version: string;
  attributes: Attribute[];
  droppedAttributesCount: number;
  schemaUrl: string;
}

function readScopeInto(r: WireReader, scope: Scope, maxDepth: number): Scope {
  const saved = r.enter(r.length());
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === 0x0a) scope.name = r.string();
    else if (tag === 0x12) scope.version = r.string();
    else if (tag === 0x1a) scope.attributes.push(readKeyValue(r, maxDepth));
    else if (tag === 0x20) scope.droppedAttributesCount = r.uint32();
    else r.skip(tag & 7);
  }
  r.leave(saved);
  return scope;
}
