import type { Client, estypes } from '@elastic/elasticsearch';
import { DependencyCounter, SpanReadError } from '@waymark/storage-api';
import type { DependencyLink, DependencySpan } from '@waymark/storage-api';
import { keysetPages } from './keyset-pages';
import type { ReadWindow } from './read-window';

export interface DependencyScanRequest {
  readonly index: readonly string[];
  readonly window: ReadWindow;
  /** Documents per request. */
  readonly pageSize: number;
  /** The most span documents one computation may read; more is refused before any is read. */
  readonly maxSpans: number;
}

/** The only fields the join reads: ids, references and the service, never tags or logs. */
const SOURCE_FIELDS = ['traceID', 'spanID', 'parentSpanID', 'references', 'process.serviceName'];

const windowQuery = (window: ReadWindow): estypes.QueryDslQueryContainer => ({
  bool: { filter: [{ range: { startTimeMillis: { gte: window.minMs, lte: window.maxMs, format: 'epoch_millis' } } }] },
});

const hex = (value: unknown, digits: number): string | undefined =>
  typeof value === 'string' && /^[0-9a-fA-F]+$/.test(value) && value.length <= digits ? value.toLowerCase().padStart(digits, '0') : undefined;

interface Reference {
  readonly refType?: unknown;
  readonly traceID?: unknown;
  readonly spanID?: unknown;
}

/**
 * The parent of a span document as Jaeger's model sees it (`Span.ParentSpanID()`): the first
 * CHILD_OF reference within the span's own trace, else the deprecated `parentSpanID` field.
 */
export function dependencySpanOf(source: unknown): (DependencySpan & { readonly traceId: string }) | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const doc = source as { traceID?: unknown; spanID?: unknown; parentSpanID?: unknown; references?: unknown; process?: { serviceName?: unknown } };
  const traceId = hex(doc.traceID, 32);
  const spanId = hex(doc.spanID, 16);
  if (traceId === undefined || spanId === undefined) return undefined;
  const references = Array.isArray(doc.references) ? (doc.references as Reference[]) : [];
  const parentRef = references.find((ref) => ref?.refType === 'CHILD_OF' && hex(ref.traceID, 32) === traceId);
  const parentSpanId = hex(parentRef?.spanID, 16) ?? hex(doc.parentSpanID, 16);
  const service = typeof doc.process?.serviceName === 'string' ? doc.process.serviceName : '';
  return { traceId, spanId, parentSpanId: parentSpanId === '0000000000000000' ? undefined : parentSpanId, service };
}

/**
 * Dependencies computed at query time (see docs/adr/006-dependencies.md): the span documents of
 * the window, only the join's fields, read in (`traceID`, `spanID`) order, so that the spans of
 * a trace arrive together and the join holds one trace at a time, never the window. First a
 * `count`: a window holding more than `maxSpans` documents is refused (not retryable) before any
 * is read, rather than answered after minutes, or partially.
 */
export async function scanDependencies(client: Client, request: DependencyScanRequest): Promise<DependencyLink[]> {
  const query = windowQuery(request.window);
  const { count } = await client.count({ index: [...request.index], ignore_unavailable: true, allow_no_indices: true, query });
  if (count > request.maxSpans) {
    throw new SpanReadError(`too many spans for dependencies: the lookback holds ${count} spans, more than the ${request.maxSpans} one computation may read; use a shorter lookback`, false, {
      code: 'too-large',
    });
  }
  const counter = new DependencyCounter();
  let traceId: string | undefined;
  let trace: DependencySpan[] = [];
  const pages = keysetPages(client, {
    index: request.index,
    query,
    keys: [
      { field: 'traceID', unmappedType: 'keyword' },
      { field: 'spanID', unmappedType: 'keyword' },
    ],
    pageSize: request.pageSize,
    source: SOURCE_FIELDS,
  });
  for await (const hits of pages) {
    for (const hit of hits) {
      const span = dependencySpanOf(hit._source);
      if (span === undefined) continue;
      if (span.traceId !== traceId) {
        if (trace.length > 1) counter.addTrace(trace);
        traceId = span.traceId;
        trace = [];
      }
      trace.push(span);
    }
  }
  if (trace.length > 1) counter.addTrace(trace);
  return counter.links();
}
