import type { Client } from '@elastic/elasticsearch';
import type { Span, SpanKind, Trace, TraceId } from '@waymark/span-model';
import { readSpanDocuments } from '@waymark/span-translate';
import { SpanReadError } from '@waymark/storage-api';
import type { DependencyLink, DependencyReader, Operation, ReadContext, SpanReader, TimeHint, TraceQuery } from '@waymark/storage-api';
import { readDependencyIndex } from './dependency-index';
import { scanDependencies } from './dependency-scan';
import { esFailureOf, isTransientFailure } from './es-errors';
import { indexBaseOf } from './index-names';
import type { IndexKind } from './index-names';
import { operationsQuery, servicesQuery } from './service-query';
import { fetchSpanDocuments } from './trace-fetch';
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
  readonly now?: () => number;
}

export type DependenciesSource = 'spans' | 'jaeger-index';

const HOUR_MS = 3_600_000;
export const DEFAULT_DEPENDENCIES_MAX_SPANS = 1_000_000;
const microsToMs = (micros: number): number => Math.floor(micros / 1000);

/**
 * A SpanReader over Jaeger's Elasticsearch layout, reading documents of every layout (Waymark's
 * tags as fields, Jaeger's nested tags or its tags-as-fields option). Each tenant reads only its
 * own indices (see index-names.ts). Every search passes `ignore_unavailable` and
 * `allow_no_indices`, so days without an index are simply empty. Rejections are SpanReadErrors,
 * retryable when Elasticsearch was unreachable, overloaded or failing (5xx, 429).
 *
 * Also the `DependencyReader`: computed at query time from the window's span documents, or read
 * from Jaeger's `jaeger-dependencies-*` documents (`dependenciesSource`).
 */
export class EsSpanReader implements SpanReader, DependencyReader {
  private readonly now: () => number;

  constructor(private readonly options: EsSpanReaderOptions) {
    this.now = options.now ?? Date.now;
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

  /** The found traces, whole, read from the query's window widened by an hour each way. */
  findTraces(query: TraceQuery, context?: ReadContext): Promise<Trace[]> {
    return this.reading(async () => {
      const ids = await this.findTraceIds(query, context);
      if (ids.length === 0) return [];
      return this.fetchTraces(ids, { minMs: microsToMs(query.startTimeMinMicros) - HOUR_MS, maxMs: microsToMs(query.startTimeMaxMicros) + HOUR_MS }, context);
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
   * Refused (not retryable) when the window holds more than `dependenciesMaxSpans` spans.
   */
  getDependencies(endTsMillis: number, lookbackMillis: number, context?: ReadContext): Promise<DependencyLink[]> {
    return this.reading(async () => {
      if (!(lookbackMillis >= 0)) return [];
      const window = this.window({ minMs: endTsMillis - lookbackMillis, maxMs: endTsMillis });
      if (this.options.dependenciesSource === 'jaeger-index') {
        const index = window && this.indices('dependencies', window, context);
        return window && index ? readDependencyIndex(this.options.client, { index, window, maxDocs: this.options.maxDocCount }) : [];
      }
      const index = window && this.indices('span', window, context);
      if (!window || !index) return [];
      const maxSpans = this.options.dependenciesMaxSpans ?? DEFAULT_DEPENDENCIES_MAX_SPANS;
      return scanDependencies(this.options.client, { index, window, pageSize: this.options.maxDocCount, maxSpans });
    });
  }

  /** Whole traces in the order of `ids`; ids with no span found are left out. */
  private async fetchTraces(ids: readonly TraceId[], wanted: ReadWindow, context: ReadContext | undefined): Promise<Trace[]> {
    const window = this.window(wanted);
    const index = window && this.indices('span', window, context);
    if (!index) return [];
    const sources = await fetchSpanDocuments(this.options.client, { index, traceIds: ids.flatMap(traceIdForms), pageSize: this.options.maxDocCount });
    const byTrace = new Map<TraceId, Span[]>(ids.map((id) => [id, []]));
    for (const span of readSpanDocuments(sources, { dotReplacement: this.options.dotReplacement }).spans) byTrace.get(span.traceId)?.push(span);
    return [...byTrace].filter(([, spans]) => spans.length > 0).map(([traceId, spans]) => ({ traceId, spans }));
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

  private async reading<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof SpanReadError) throw error;
      const failure = esFailureOf(error);
      throw new SpanReadError(`elasticsearch: ${failure.reason}`, isTransientFailure(failure), { cause: error });
    }
  }
}

function sortedNames(keys: readonly unknown[]): string[] {
  return [...new Set(keys.filter((key): key is string => typeof key === 'string'))].sort();
}
