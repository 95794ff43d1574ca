import type { Client } from '@elastic/elasticsearch';
import { withWarning } from '@waymark/span-model';
import type { Span, SpanKind, Trace, TraceId } from '@waymark/span-model';
import { readSpanDocuments } from '@waymark/span-translate';
import { SpanReadError } from '@waymark/storage-api';
import type { DependencyLink, DependencyReader, Operation, ReadContext, SpanReader, TimeHint, TraceQuery } from '@waymark/storage-api';
import { readDependencyIndex } from './dependency-index';
import { scanDependencies } from './dependency-scan';
import { DependencyMemo } from './dependency-memo';
import { esFailureOf, isTransientError } from './es-errors';
import { indexBaseOf } from './index-names';
import type { IndexKind } from './index-names';
import { operationsQuery, servicesQuery } from './service-query';
import { countSpanDocuments, fetchSpanDocuments, planTraceReads } from './trace-fetch';
import { bucketKeys, spanSearchFilter, TRACE_IDS_AGGREGATION, traceIdForms, traceIdOfStored, traceIdsSearchBody } from './trace-query';
import { clampWindow, indicesForWindow } from './read-window';
import type { ReadWindow } from './read-window';

export interface EsSpanReaderOptions {
  readonly client: Client;
  /** Jaeger's `es.index-prefix` (`''` for none). */
  readonly indexPrefix: string;
  /** The tags-as-fields dot replacement documents were written with (Jaeger's default `@`). */
  readonly dotReplacement: string;
  /** How far back lookups without a time (getTrace without a hint, services, operations) reach (Jaeger's `es.max-span-age`, 72 h). */
  readonly maxSpanAgeMs: number;
  /** No read reaches further back than this from its end (see `clampWindow`). */
  readonly maxLookbackMs: number;
  /** How far past now reads look, for spans stamped by clocks ahead of ours. */
  readonly maxFutureMs: number;
  /** Above this length the list of daily index names becomes one wildcard. */
  readonly maxIndexNamesLength: number;
  /** Documents per search page (Jaeger's `es.max-doc-count`, 10,000). */
  readonly maxDocCount: number;
  /** Cap on a search's `limit` (a client cannot ask for a million traces). */
  readonly maxTraceLimit: number;
  /**
   * The most spans read of one trace (the earliest by start time); the first span read of a
   * trace cut there carries a warning saying so. Default 100,000.
   */
  readonly maxSpansPerTrace?: number;
  /**
   * The most spans one `findTraces` returns over all its traces: traces are added newest first
   * until the next one would pass it (the first one always fits: it is capped per trace). The
   * result then holds fewer traces than `limit`. Default 250,000.
   */
  readonly maxSpansPerSearch?: number;
  /** Cap on the number of services or operations listed. */
  readonly maxNames: number;
  /**
   * Where dependencies come from: `spans`, computed at query time from the span documents of the
   * window (default); `jaeger-index`, read from the `jaeger-dependencies-*` documents that
   * Jaeger's spark-dependencies job writes. See docs/adr/006-dependencies.md.
   */
  readonly dependenciesSource?: DependenciesSource;
  /** The most span documents one query-time dependency computation reads (default 1,000,000). */
  readonly dependenciesMaxSpans?: number;
  /**
   * How long a query-time dependency answer is reused for the same tenant, lookback and end
   * (rounded up to the minute); 0 computes every time. Default 60 s. See dependency-memo.ts.
   */
  readonly dependenciesCacheTtlMs?: number;
  readonly now?: () => number;
}

export type DependenciesSource = 'spans' | 'jaeger-index';

const HOUR_MS = 3_600_000;
export const DEFAULT_DEPENDENCIES_MAX_SPANS = 1_000_000;
export const DEFAULT_DEPENDENCIES_CACHE_TTL_MS = 60_000;
export const DEFAULT_MAX_SPANS_PER_TRACE = 100_000;
export const DEFAULT_MAX_SPANS_PER_SEARCH = 250_000;
/** Dependency answers kept at once (they are small: one entry per service pair). */
const DEPENDENCIES_CACHE_ENTRIES = 256;
/** How long a health check waits for the cluster. */
const HEALTH_CHECK_TIMEOUT_MS = 2000;
const microsToMs = (micros: number): number => Math.floor(micros / 1000);

/**
 * A SpanReader over Jaeger's Elasticsearch layout, reading documents of every layout (Waymark's
 * tags as fields, Jaeger's nested tags or its tags-as-fields option). Each tenant reads only its
 * own indices (see index-names.ts). Every search passes `ignore_unavailable` and
 * `allow_no_indices`, so days without an index are simply empty. Rejections are SpanReadErrors,
 * retryable when Elasticsearch was unreachable, overloaded or failing (5xx, 429).
 *
 * Failures of our own (a bug, a document that cannot be paged) are not retryable.
 *
 * Memory is bounded per trace (`maxSpansPerTrace`) and per search (`maxSpansPerSearch`): how many
 * documents each trace has is counted first, so a read is planned before any span is held.
 *
 * Also the `DependencyReader`: computed at query time from the window's span documents, or read
 * from Jaeger's `jaeger-dependencies-*` documents (`dependenciesSource`).
 */
export class EsSpanReader implements SpanReader, DependencyReader {
  private readonly now: () => number;
  private readonly dependencyMemo: DependencyMemo;

  constructor(private readonly options: EsSpanReaderOptions) {
    this.now = options.now ?? Date.now;
    this.dependencyMemo = new DependencyMemo({ ttlMs: options.dependenciesCacheTtlMs ?? DEFAULT_DEPENDENCIES_CACHE_TTL_MS, maxEntries: DEPENDENCIES_CACHE_ENTRIES, now: this.now });
  }

  /**
   * Resolves when Elasticsearch answers (for readiness), rejects with a SpanReadError (retryable)
   * when it does not within a short timeout.
   */
  checkHealth(): Promise<void> {
    return this.reading(async () => {
      const alive = await this.options.client.ping(undefined, { requestTimeout: HEALTH_CHECK_TIMEOUT_MS });
      if (!alive) throw new SpanReadError('elasticsearch: ping answered false', true);
    });
  }

  /**
   * Searches the hint's window widened by an hour each way (a trace's spans start around the one
   * found), else the last `maxSpanAgeMs`. With a hint, an older trace is still found.
   */
  getTrace(traceId: TraceId, hint?: TimeHint, context?: ReadContext): Promise<Trace | undefined> {
    return this.reading(async () => {
      const now = this.now();
      const maxMs = hint?.startTimeMaxMicros === undefined ? now + this.options.maxFutureMs : microsToMs(hint.startTimeMaxMicros) + HOUR_MS;
      const minMs = hint?.startTimeMinMicros === undefined ? Math.min(now, maxMs) - this.options.maxSpanAgeMs : microsToMs(hint.startTimeMinMicros) - HOUR_MS;
      const traces = await this.fetchTraces([traceId], { minMs, maxMs }, context);
      return traces[0];
    });
  }

  /** Trace ids whose spans match, newest matching span first; a trace stored with both id forms is listed once. */
  findTraceIds(query: TraceQuery, context?: ReadContext): Promise<TraceId[]> {
    return this.reading(async () => {
      const limit = Math.min(Math.floor(query.limit), this.options.maxTraceLimit);
      const window = this.window({ minMs: microsToMs(query.startTimeMinMicros), maxMs: microsToMs(query.startTimeMaxMicros) });
      const index = window && this.indices('span', window, context);
      if (!window || !index || !(limit >= 1)) return [];
      const range = { minMicros: Math.max(query.startTimeMinMicros, window.minMs * 1000), maxMicros: Math.min(query.startTimeMaxMicros, window.maxMs * 1000 + 999) };
      const body = traceIdsSearchBody(spanSearchFilter(query, range, this.options.dotReplacement), limit);
      const response = await this.options.client.search({ index, ignore_unavailable: true, allow_no_indices: true, ...body });
      const ids = bucketKeys(response.aggregations as Record<string, unknown> | undefined, TRACE_IDS_AGGREGATION).map(traceIdOfStored);
      return [...new Set(ids.filter((id): id is TraceId => id !== undefined))];
    });
  }

  /**
   * The found traces, read from the query's window widened by an hour each way: whole up to
   * `maxSpansPerTrace` each, and no more traces than fit in `maxSpansPerSearch` spans.
   */
  findTraces(query: TraceQuery, context?: ReadContext): Promise<Trace[]> {
    return this.reading(async () => {
      const ids = await this.findTraceIds(query, context);
      if (ids.length === 0) return [];
      const wanted = { minMs: microsToMs(query.startTimeMinMicros) - HOUR_MS, maxMs: microsToMs(query.startTimeMaxMicros) + HOUR_MS };
      return this.fetchTraces(ids, wanted, context, this.options.maxSpansPerSearch ?? DEFAULT_MAX_SPANS_PER_SEARCH);
    });
  }

  /** Services seen in the last `maxSpanAgeMs`, from the service indices. */
  getServices(context?: ReadContext): Promise<string[]> {
    return this.reading(async () => {
      const index = this.recentIndices('service', context);
      if (!index) return [];
      const response = await this.options.client.search({ index, ignore_unavailable: true, allow_no_indices: true, ...servicesQuery(this.options.maxNames) });
      return sortedNames(bucketKeys(response.aggregations as Record<string, unknown> | undefined, 'names'));
    });
  }

  /**
   * Operations of a service seen in the last `maxSpanAgeMs`. Without a kind, from the service
   * indices, which (as Jaeger's) store no kind: every `spanKind` is `''`. With a kind, from the
   * span indices, matching the `span.kind` tag (`unspecified`: spans without one, answered `''`).
   */
  getOperations(serviceName: string, spanKind?: SpanKind, context?: ReadContext): Promise<Operation[]> {
    return this.reading(async () => {
      const index = this.recentIndices(spanKind === undefined ? 'service' : 'span', context);
      if (!index) return [];
      const body = operationsQuery(serviceName, spanKind, this.options.dotReplacement, this.options.maxNames);
      const response = await this.options.client.search({ index, ignore_unavailable: true, allow_no_indices: true, ...body });
      const kind = spanKind === undefined || spanKind === 'unspecified' ? '' : spanKind;
      return sortedNames(bucketKeys(response.aggregations as Record<string, unknown> | undefined, 'names')).map((name) => ({ name, spanKind: kind }));
    });
  }

  /**
   * Calls between services in `[endTsMillis - lookbackMillis, endTsMillis]`, clamped as every
   * read is; see `DependencyReader` for what counts, and `dependenciesSource` for where from.
   * Refused (code `too-large`) when the window holds more than `dependenciesMaxSpans` spans.
   * Computations from spans run one at a time per tenant, their answers reused briefly
   * (`dependenciesCacheTtlMs`).
   */
  getDependencies(endTsMillis: number, lookbackMillis: number, context?: ReadContext): Promise<DependencyLink[]> {
    return this.reading(async () => {
      if (!(lookbackMillis >= 0)) return [];
      const window = this.window({ minMs: endTsMillis - lookbackMillis, maxMs: endTsMillis });
      if (this.options.dependenciesSource === 'jaeger-index') {
        const index = window && this.indices('dependencies', window, context);
        return window && index ? readDependencyIndex(this.options.client, { index, window, maxDocs: this.options.maxDocCount }) : [];
      }
      if (!window || !this.indices('span', window, context)) return [];
      return this.dependencyMemo.get(context?.tenant ?? '', endTsMillis, lookbackMillis, (end, lookback) => this.scanDependencies(end, lookback, context));
    });
  }

  private async scanDependencies(endTsMillis: number, lookbackMillis: number, context: ReadContext | undefined): Promise<DependencyLink[]> {
    const window = this.window({ minMs: endTsMillis - lookbackMillis, maxMs: endTsMillis });
    const index = window && this.indices('span', window, context);
    if (!window || !index) return [];
    const maxSpans = this.options.dependenciesMaxSpans ?? DEFAULT_DEPENDENCIES_MAX_SPANS;
    return scanDependencies(this.options.client, { index, window, pageSize: this.options.maxDocCount, maxSpans });
  }

  /**
   * The traces in the order of `ids`, ids with no span found left out: first how many documents
   * each has (one aggregation), then the traces within the cap read together, then each trace
   * over the cap alone, its earliest `maxSpansPerTrace` spans, the first of them warned. Traces
   * that would take the spans past `spanBudget` are not read.
   */
  private async fetchTraces(ids: readonly TraceId[], wanted: ReadWindow, context: ReadContext | undefined, spanBudget = Number.POSITIVE_INFINITY): Promise<Trace[]> {
    const window = this.window(wanted);
    const index = window && this.indices('span', window, context);
    if (!index) return [];
    const client = this.options.client;
    const pageSize = this.options.maxDocCount;
    const maxSpansPerTrace = this.options.maxSpansPerTrace ?? DEFAULT_MAX_SPANS_PER_TRACE;
    const counts = await countSpanDocuments(client, { index, traceIds: ids.flatMap(traceIdForms) });
    const stored = (id: TraceId) => traceIdForms(id).reduce((sum, form) => sum + (counts.get(form) ?? 0), 0);
    const plan = planTraceReads(ids, stored, { maxSpansPerTrace, spanBudget });

    const byTrace = new Map<TraceId, Span[]>(plan.order.map((id) => [id, []]));
    const read = (sources: unknown[]) => {
      for (const span of readSpanDocuments(sources, { dotReplacement: this.options.dotReplacement }).spans) byTrace.get(span.traceId)?.push(span);
    };
    if (plan.whole.length > 0) {
      // Spans written since the count may come too; the per-trace cap below still holds.
      const expected = plan.whole.reduce((sum, id) => sum + stored(id), 0);
      read(await fetchSpanDocuments(client, { index, traceIds: plan.whole.flatMap(traceIdForms), pageSize, maxDocs: expected + Math.max(1000, Math.ceil(expected / 10)) }));
    }
    for (const { traceId } of plan.capped) read(await fetchSpanDocuments(client, { index, traceIds: traceIdForms(traceId), pageSize, maxDocs: maxSpansPerTrace }));

    const traces: Trace[] = [];
    for (const [traceId, spans] of byTrace) {
      if (spans.length === 0) continue;
      const total = Math.max(stored(traceId), spans.length);
      traces.push({ traceId, spans: total > maxSpansPerTrace ? truncated(spans, maxSpansPerTrace, total) : spans });
    }
    return traces;
  }

  private window(wanted: ReadWindow): ReadWindow | undefined {
    return clampWindow(wanted, { nowMs: this.now(), maxFutureMs: this.options.maxFutureMs, maxLookbackMs: this.options.maxLookbackMs });
  }

  private recentIndices(kind: IndexKind, context: ReadContext | undefined): string[] | undefined {
    const now = this.now();
    const window = this.window({ minMs: now - this.options.maxSpanAgeMs, maxMs: now + this.options.maxFutureMs });
    return window && this.indices(kind, window, context);
  }

  /** The tenant's indices for the window; undefined when the tenant can have none (a name too long to index). */
  private indices(kind: IndexKind, window: ReadWindow, context: ReadContext | undefined): string[] | undefined {
    let base: string;
    try {
      base = indexBaseOf(this.options.indexPrefix, context?.tenant);
    } catch {
      return undefined;
    }
    return indicesForWindow(base, kind, window, this.options.maxIndexNamesLength);
  }

  /** Rejections as SpanReadErrors: retryable only when Elasticsearch did not answer or answered 5xx/429/…; a bug is not an outage. */
  private async reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof SpanReadError) throw error;
      throw new SpanReadError(`elasticsearch: ${esFailureOf(error).reason}`, isTransientError(error), { cause: error });
    }
  }
}

/** The earliest `cap` spans (they came in start-time order), the first one saying the trace was cut. */
function truncated(spans: readonly Span[], cap: number, total: number): Span[] {
  const kept = spans.slice(0, cap);
  const first = kept[0];
  if (first) kept[0] = withWarning(first, `trace truncated at ${cap} spans: ${total} are stored; the earliest ${cap} are shown (ES_MAX_SPANS_PER_TRACE)`);
  return kept;
}

function sortedNames(keys: readonly unknown[]): string[] {
  return [...new Set(keys.filter((key): key is string => typeof key === 'string'))].sort();
}
