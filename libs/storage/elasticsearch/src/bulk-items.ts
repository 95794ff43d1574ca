import type { Span } from '@waymark/span-model';
import { serviceDocumentId, serviceDocumentOf, SpanDocumentEncoder } from '@waymark/span-translate';
import type { TagsAsFieldsPolicy } from '@waymark/span-translate';
import { dailyIndexName, indexDayOf, spanStartMs } from './index-names';

const DAY_MS = 86_400_000;

/**
 * One `create` action of a bulk request with its document, ready to send: `body` is its two NDJSON
 * lines as UTF-8 (a view into the buffer of every item built with it), `bytes` their length.
 */
export type BulkItem =
  | { readonly kind: 'span'; readonly span: Span; /** Position in the write call. */ readonly position: number; readonly body: Buffer; readonly bytes: number }
  | { readonly kind: 'service'; /** The service cache key. */ readonly key: string; readonly body: Buffer; readonly bytes: number };

/** An item before its text is encoded; see `encodeItems`. */
export type TextItem =
  | { readonly kind: 'span'; readonly span: Span; readonly position: number; readonly ndjson: string; readonly bytes: number }
  | { readonly kind: 'service'; readonly key: string; readonly ndjson: string; readonly bytes: number };

/** A span that cannot be given to Elasticsearch at all. */
export interface UnwritableSpan {
  readonly span: Span;
  readonly position: number;
  readonly reason: string;
}

export interface BulkItemsOf {
  readonly items: BulkItem[];
  readonly unwritable: UnwritableSpan[];
}

function item(index: string, id: string, document: unknown): { ndjson: string; bytes: number } {
  const ndjson = `${JSON.stringify({ create: { _index: index, _id: id } })}\n${JSON.stringify(document)}\n`;
  return { ndjson, bytes: Buffer.byteLength(ndjson) };
}

/** The indices of one day: the service index, and the start of the span actions (`{"create":{"_index":…,"_id":`). */
interface DayIndices {
  readonly serviceIndex: string;
  readonly spanAction: string;
  readonly spanActionBytes: number;
  /** Service name → operations whose service document this batch has already dealt with on this day. */
  readonly pairsSeen: Map<string, Set<string>>;
}

function dayIndicesOf(base: string, ms: number): DayIndices | undefined {
  const day = indexDayOf(ms);
  if (day === undefined) return undefined;
  const spanAction = `{"create":{"_index":${JSON.stringify(dailyIndexName(base, 'span', day))},"_id":`;
  return { serviceIndex: dailyIndexName(base, 'service', day), spanAction, spanActionBytes: Buffer.byteLength(spanAction), pairsSeen: new Map() };
}

/** A span document `_id` (trace id, span id and hash: hex) as JSON, and its UTF-8 length. */
const HEX_ID = /^[0-9a-f-]*$/;
function idJson(id: string): { json: string; bytes: number } {
  if (HEX_ID.test(id)) return { json: `"${id}"`, bytes: id.length + 2 };
  const json = JSON.stringify(id);
  return { json, bytes: Buffer.byteLength(json) };
}

/** Whether the (service, operation) pair was already met on this day, marking it met. */
function seenBefore(day: DayIndices, serviceName: string, operationName: string): boolean {
  let operations = day.pairsSeen.get(serviceName);
  if (operations === undefined) day.pairsSeen.set(serviceName, (operations = new Set()));
  if (operations.has(operationName)) return true;
  operations.add(operationName);
  return false;
}

/**
 * The bulk actions that store `spans` under index base `base`: one `create` per span into the
 * span index of its start day, `_id` = `spanDocumentId` (a redelivered span answers 409), and
 * one `create` per (service, operation, day) not yet known to `isKnownService` nor already in
 * this batch, `_id` = Jaeger's `serviceDocumentId`. A span whose start time names no day
 * (beyond year 9999) is returned as unwritable instead of creating an absurd index.
 * Each line is the text of `{create: {_index, _id}}` and of `spanToEsDocument(span, policy)`,
 * written by one SpanDocumentEncoder per call (what the spans of a resource share is written once).
 */
export function bulkItemsOf(spans: readonly Span[], base: string, policy: TagsAsFieldsPolicy, isKnownService: (key: string) => boolean): BulkItemsOf {
  const items: TextItem[] = [];
  const unwritable: UnwritableSpan[] = [];
  const services = new Set<string>();
  let encoder: SpanDocumentEncoder | undefined;
  // A batch spans few days and few (service, operation) pairs: name, quote and hash each once.
  const days = new Map<number, DayIndices | undefined>();
  spans.forEach((span, position) => {
    const ms = spanStartMs(span);
    const dayNumber = Math.floor(ms / DAY_MS);
    let day = days.get(dayNumber);
    if (day === undefined && !days.has(dayNumber)) days.set(dayNumber, (day = dayIndicesOf(base, ms)));
    if (day === undefined) {
      unwritable.push({ span, position, reason: `start time ${span.startTimeUnixNano} ns names no daily index` });
      return;
    }
    encoder ??= new SpanDocumentEncoder(policy);
    const document = encoder.encode(span);
    const id = idJson(document.id);
    // Byte counts from the parts: measuring the whole line would copy it once more.
    const bytes = day.spanActionBytes + id.bytes + 3 + document.bytes + 1;
    items.push({ kind: 'span', span, position, ndjson: `${day.spanAction}${id.json}}}\n${document.json}\n`, bytes });
    if (seenBefore(day, span.resource.serviceName, span.name)) return;
    const serviceDocument = serviceDocumentOf(span);
    const serviceId = serviceDocumentId(serviceDocument);
    const key = `${day.serviceIndex}/${serviceId}`;
    // Two pairs can share Jaeger's id (it hashes service and operation run together): one document.
    if (services.has(key) || isKnownService(key)) return;
    services.add(key);
    items.push({ kind: 'service', key, ...item(day.serviceIndex, serviceId, serviceDocument) });
  });
  return { items: encodeItems(items), unwritable };
}

/** Any character beyond ASCII (a UTF-16 code unit above 0x7f). */
const BEYOND_ASCII = /[\u0080-\uffff]/;

/**
 * The items' text as UTF-8 in one buffer, each item a view of its own lines. The documents' text
 * is garbage as soon as this returns, instead of living in the heap for as long as the bulk
 * request takes (the scavenger would copy it, then promote it to the old generation); the bytes
 * wait outside the heap, and go to the socket as they are, with no encoding at send time. One
 * join and one copy: cheaper than writing each item's text (a tree of concatenations) on its own.
 * An all-ASCII text (the usual case: ids, numbers, names) is copied as Latin-1, byte for byte.
 * The counted byte lengths are checked against the encoding: should a count ever be wrong, each
 * item is encoded on its own and measured instead, so a body is never cut or padded.
 */
export function encodeItems(items: readonly TextItem[]): BulkItem[] {
  let total = 0;
  for (const entry of items) total += entry.bytes;
  const text = items.map((entry) => entry.ndjson).join('');
  const ascii = text.length === total && !BEYOND_ASCII.test(text);
  const buffer = Buffer.from(text, ascii ? 'latin1' : 'utf8');
  if (buffer.length !== total) return items.map((entry) => withBody(entry, Buffer.from(entry.ndjson, 'utf8')));
  let offset = 0;
  return items.map((entry) => {
    const body = buffer.subarray(offset, (offset += entry.bytes));
    return withBody(entry, body);
  });
}

function withBody(entry: TextItem, body: Buffer): BulkItem {
  return entry.kind === 'span'
    ? { kind: 'span', span: entry.span, position: entry.position, body, bytes: body.length }
    : { kind: 'service', key: entry.key, body, bytes: body.length };
}

/**
 * The body of one bulk request: the items' bytes in order. Items built together and sent in
 * order (every first sending, and the halves of a refused one) lie next to each other in one
 * buffer: their body is a view of it, no copy. Retried items are copied into a new buffer.
 */
export function bulkBodyOf(items: readonly BulkItem[]): Buffer {
  const first = items[0];
  if (first === undefined) return Buffer.alloc(0);
  let end = first.body.byteOffset + first.body.length;
  let bytes = first.body.length;
  let adjacent = true;
  for (let i = 1; i < items.length; i++) {
    const { body } = items[i] as BulkItem;
    if (adjacent && (body.buffer !== first.body.buffer || body.byteOffset !== end)) adjacent = false;
    end = body.byteOffset + body.length;
    bytes += body.length;
  }
  if (adjacent) return Buffer.from(first.body.buffer, first.body.byteOffset, bytes);
  return Buffer.concat(
    items.map((entry) => entry.body),
    bytes,
  );
}

export interface BulkLimits {
  /** Bytes of NDJSON per bulk request (Jaeger's `es.bulk.size`: 5 MB). */
  readonly maxBytes: number;
  /** Actions per bulk request (Jaeger's `es.bulk.actions`: 1000). */
  readonly maxActions: number;
}

/**
 * Splits items into bulk requests within both limits, in order. An item larger than `maxBytes`
 * travels alone (Elasticsearch's own limit, `http.max_content_length`, is 100 MB by default).
 */
export function chunkItems<T extends { readonly bytes: number }>(items: readonly T[], limits: BulkLimits): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const entry of items) {
    if (current.length > 0 && (current.length >= limits.maxActions || bytes + entry.bytes > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
