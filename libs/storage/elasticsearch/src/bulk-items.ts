import type { Span } from '@waymark/span-model';
import { serviceDocumentId, serviceDocumentOf, spanDocumentId, spanToEsDocument } from '@waymark/span-translate';
import type { TagsAsFieldsPolicy } from '@waymark/span-translate';
import { dailyIndexName, indexDayOf, spanStartMs } from './index-names';

const DAY_MS = 86_400_000;

/** One `create` action of a bulk request with its document, ready to send. */
export type BulkItem =
  | { readonly kind: 'span'; readonly span: Span; /** Position in the write call. */ readonly position: number; readonly ndjson: string; readonly bytes: number }
  | { readonly kind: 'service'; /** The service cache key. */ readonly key: string; readonly ndjson: string; readonly bytes: number };

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

/**
 * The bulk actions that store `spans` under index base `base`: one `create` per span into the
 * span index of its start day, `_id` = `spanDocumentId` (a redelivered span answers 409), and
 * one `create` per (service, operation, day) not yet known to `isKnownService` nor already in
 * this batch, `_id` = Jaeger's `serviceDocumentId`. A span whose start time names no day
 * (beyond year 9999) is returned as unwritable instead of creating an absurd index.
 */
export function bulkItemsOf(spans: readonly Span[], base: string, policy: TagsAsFieldsPolicy, isKnownService: (key: string) => boolean): BulkItemsOf {
  const items: BulkItem[] = [];
  const unwritable: UnwritableSpan[] = [];
  const services = new Set<string>();
  // A batch spans few days and few (service, operation) pairs: name and hash each once.
  const days = new Map<number, string | undefined>();
  const serviceIds = new Map<string, string>();
  spans.forEach((span, position) => {
    const ms = spanStartMs(span);
    const dayNumber = Math.floor(ms / DAY_MS);
    let day = days.get(dayNumber);
    if (day === undefined && !days.has(dayNumber)) days.set(dayNumber, (day = indexDayOf(ms)));
    if (day === undefined) {
      unwritable.push({ span, position, reason: `start time ${span.startTimeUnixNano} ns names no daily index` });
      return;
    }
    items.push({ kind: 'span', span, position, ...item(dailyIndexName(base, 'span', day), spanDocumentId(span), spanToEsDocument(span, policy)) });
    const serviceDocument = serviceDocumentOf(span);
    const pair = `${serviceDocument.serviceName}\u0000${serviceDocument.operationName}`;
    let id = serviceIds.get(pair);
    if (id === undefined) serviceIds.set(pair, (id = serviceDocumentId(serviceDocument)));
    const serviceIndex = dailyIndexName(base, 'service', day);
    const key = `${serviceIndex}/${id}`;
    if (services.has(key) || isKnownService(key)) return;
    services.add(key);
    items.push({ kind: 'service', key, ...item(serviceIndex, id, serviceDocument) });
  });
  return { items, unwritable };
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
