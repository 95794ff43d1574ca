import type { Registry } from 'prom-client';
import type { Span } from '@waymark/span-model';
import type { TagsAsFieldsPolicy } from '@waymark/span-translate';
import { SpanRejectedError, SpanWriteError } from '@waymark/storage-api';
import type { FailedSpan, SpanWriter, WriteContext } from '@waymark/storage-api';
import { BurstLog, Semaphore } from '@waymark/platform';
import type { Logger, Service } from '@waymark/platform';
import { bulkBodyOf, bulkItemsOf, chunkItems } from './bulk-items';
import type { BulkItem, BulkItemsOf, BulkLimits } from './bulk-items';
import { classifyBulkResponse } from './bulk-result';
import type { ItemFailure, ItemOutcome } from './bulk-result';
import { esFailureOf, isTransientFailure } from './es-errors';
import { indexBaseOf } from './index-names';
import { backoffDelayMs } from './retry-policy';
import type { RetryPolicy } from './retry-policy';
import { ServiceCache } from './service-cache';
import type { TemplateEnsurer } from './templates';
import { WriterMetrics } from './writer-metrics';

/** Sends one NDJSON `_bulk` body (UTF-8); resolves with the response body, rejects with the client's error. */
export type SendBulk = (body: Buffer) => Promise<unknown>;

export interface EsSpanWriterOptions {
  readonly sendBulk: SendBulk;
  readonly templates: TemplateEnsurer;
  /** Jaeger's `es.index-prefix` (`''` for none). */
  readonly indexPrefix: string;
  readonly tagsPolicy: TagsAsFieldsPolicy;
  /** Per-request limits, and how many bulk requests this writer has in flight at most. */
  readonly bulk: BulkLimits & { readonly concurrency: number };
  readonly retry: RetryPolicy;
  readonly serviceCache: { readonly maxEntries: number; readonly ttlMs: number };
  readonly registry: Registry;
  readonly logger: Logger;
  /** Injected for tests; default: real timers, Math.random, Date.now. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A SpanWriter storing spans in Jaeger's Elasticsearch layout with `_bulk` `create` actions.
 *
 * `write` resolves only when Elasticsearch answered for every span's document with 201 (created)
 * or 409 (a document with the same deterministic `_id`, i.e. this very span, is already there):
 * each span is then durable as far as Elasticsearch acknowledges writes (the translog; `refresh`
 * only makes it searchable, and is never forced). Items failing with 429/5xx, and whole requests
 * that fail (connection refused, timeout, 429/5xx), are sent again, only those items, with
 * exponential backoff and jitter, up to `retry.maxAttempts` per call; then `write` rejects with a
 * retryable `SpanWriteError` (never resolves). Items Elasticsearch refuses for what they are
 * make `write` reject with a {@link SpanRejectedError} listing exactly those spans; see its contract.
 * Service documents ride along in the same requests; one refused for good is counted and logged
 * but fails no span (it only feeds the service and operation lists).
 */
export class EsSpanWriter implements SpanWriter, Service {
  readonly name = 'es-span-writer';
  private readonly metrics: WriterMetrics;
  private readonly services: ServiceCache;
  private readonly semaphore: Semaphore;
  private readonly burst: BurstLog;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: EsSpanWriterOptions) {
    this.metrics = new WriterMetrics(options.registry);
    this.services = new ServiceCache(options.serviceCache.maxEntries, options.serviceCache.ttlMs, options.now);
    this.semaphore = new Semaphore(options.bulk.concurrency);
    this.burst = new BurstLog(options.logger, 10_000, options.now);
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  /** Installs the index templates of the tenant-less index base; tenants' templates are installed on their first write. */
  start(): Promise<void> {
    return this.options.templates.ensure(indexBaseOf(this.options.indexPrefix));
  }

  /** Resolves when every write in progress has resolved or rejected. The client is its owner's to close. */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  async write(spans: readonly Span[], context: WriteContext = {}): Promise<void> {
    if (spans.length === 0) return;
    const task = this.writeAll(spans, context.tenant);
    this.inFlight.add(task);
    try {
      await task;
    } finally {
      this.inFlight.delete(task);
    }
  }

  private async writeAll(spans: readonly Span[], tenant: string | undefined): Promise<void> {
    let base: string;
    try {
      base = indexBaseOf(this.options.indexPrefix, tenant);
    } catch (error) {
      throw new SpanRejectedError(spans.map((span, position) => ({ span, position, reason: String((error as Error).message) })), 0);
    }
    try {
      await this.options.templates.ensure(base);
    } catch (error) {
      // Not the spans' fault, whatever the answer: retryable, so nothing is dead-lettered for it.
      throw new SpanWriteError(`elasticsearch: cannot install the index templates of '${base}': ${esFailureOf(error).reason}`, true, { cause: error, retryAfterMs: this.options.retry.maxDelayMs });
    }
    // One service document per (service, operation, day) over the whole call, whichever slice meets it first.
    const claimed = new Set<string>();
    const isKnownService = (key: string) => {
      if (this.services.has(key) || claimed.has(key)) return true;
      claimed.add(key);
      return false;
    };
    const slices: Array<Promise<FailedSpan[]>> = [];
    for (let start = 0; start < spans.length; start += this.options.bulk.maxActions) slices.push(this.storeSlice(spans.slice(start, start + this.options.bulk.maxActions), start, base, isKnownService));
    const settled = await Promise.allSettled(slices);
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    const failed = settled.flatMap((result) => (result as PromiseFulfilledResult<FailedSpan[]>).value);
    if (failed.length === 0) return;
    failed.sort((a, b) => a.position - b.position);
    this.burst.warn('span-rejected', { spans: failed.length, stored: spans.length - failed.length }, 'elasticsearch refused spans for good; they must be dead-lettered');
    throw new SpanRejectedError(failed, spans.length - failed.length);
  }

  /**
   * Stores one slice of a call (at most `maxActions` spans, `offset` its first position) and
   * returns its spans refused for good. Its documents are built inside the bulk slot that sends
   * them, not all at once: building is CPU work that would otherwise hold the event loop in one
   * block while Elasticsearch, its requests answered, waits for the next ones.
   */
  private async storeSlice(spans: readonly Span[], offset: number, base: string, isKnownService: (key: string) => boolean): Promise<FailedSpan[]> {
    let built: BulkItemsOf | undefined;
    const first = await this.semaphore.run(async () => {
      built = bulkItemsOf(spans, base, this.options.tagsPolicy, isKnownService);
      const outcomes: ItemOutcome[] = [];
      for (const chunk of chunkItems(built.items, this.options.bulk)) outcomes.push(...(await this.sendChunk(chunk)));
      return outcomes;
    });
    const { items, unwritable } = built as BulkItemsOf;
    if (unwritable.length > 0) this.metrics.items.inc({ kind: 'span', result: 'rejected' }, unwritable.length);
    const refused = await this.storeWithRetries(items, first);
    const failed: FailedSpan[] = unwritable.map(({ span, position, reason }) => ({ span, position: position + offset, reason }));
    for (const { item, outcome } of refused) {
      if (item.kind === 'span') failed.push({ span: item.span, position: item.position + offset, reason: outcome.reason });
      else this.burst.warn(`service-rejected-${outcome.type}`, { status: outcome.status, type: outcome.type }, 'elasticsearch refused a service document; its span is stored');
    }
    return failed;
  }

  /**
   * Takes the outcomes of the items' first sending and sends again, and again, those failing
   * transiently; returns those refused for good.
   */
  private async storeWithRetries(items: readonly BulkItem[], firstOutcomes: readonly ItemOutcome[]): Promise<Array<{ item: BulkItem; outcome: ItemFailure }>> {
    const refused: Array<{ item: BulkItem; outcome: ItemFailure }> = [];
    let pending = items;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const outcomes = attempt === 1 ? firstOutcomes : await this.sendAll(pending);
      const again: BulkItem[] = [];
      let lastFailure: ItemFailure | undefined;
      for (const [i, item] of pending.entries()) {
        const outcome = outcomes[i] as ItemOutcome;
        this.metrics.items.inc({ kind: item.kind, result: outcome.result === 'retry' ? 'retried' : outcome.result });
        if (outcome.result === 'retry') {
          again.push(item);
          lastFailure = outcome;
        } else if (outcome.result === 'rejected') {
          refused.push({ item, outcome });
        } else if (item.kind === 'service') {
          this.services.add(item.key);
        }
      }
      if (lastFailure === undefined) break;
      if (attempt >= this.options.retry.maxAttempts) {
        this.burst.warn(`retries-exhausted-${lastFailure.type}`, { items: again.length, attempts: attempt, type: lastFailure.type, status: lastFailure.status }, 'elasticsearch still failing after retries');
        const message = `elasticsearch: ${again.length} of ${items.length} documents not stored after ${attempt} attempts; last: ${lastFailure.reason}`;
        throw new SpanWriteError(message, true, { retryAfterMs: this.options.retry.maxDelayMs });
      }
      await this.sleep(backoffDelayMs(attempt, this.options.retry, this.random));
      pending = again;
    }
    return refused;
  }

  /** One outcome per item, in order, over as many bulk requests as the limits need. */
  private async sendAll(items: readonly BulkItem[]): Promise<ItemOutcome[]> {
    const chunks = chunkItems(items, this.options.bulk);
    const results = await Promise.all(chunks.map((chunk) => this.semaphore.run(() => this.sendChunk(chunk))));
    return results.flat();
  }

  private async sendChunk(chunk: readonly BulkItem[]): Promise<ItemOutcome[]> {
    const stop = this.metrics.latency.startTimer();
    let body: unknown;
    try {
      body = await this.options.sendBulk(bulkBodyOf(chunk));
    } catch (error) {
      stop({ result: 'error' });
      this.metrics.requests.inc({ result: 'error' });
      const failure = esFailureOf(error);
      if (failure.status === 413 && chunk.length > 1) {
        // Over the cluster's http.max_content_length: halve until each part fits or is one item.
        const half = Math.ceil(chunk.length / 2);
        return [...(await this.sendChunk(chunk.slice(0, half))), ...(await this.sendChunk(chunk.slice(half)))];
      }
      this.burst.warn(`bulk-failed-${failure.type}`, { status: failure.status, type: failure.type, items: chunk.length }, 'elasticsearch bulk request failed');
      const outcome: ItemOutcome = { result: isTransientFailure(failure) ? 'retry' : 'rejected', status: failure.status, type: failure.type, reason: failure.reason };
      return chunk.map(() => outcome);
    }
    const outcomes = classifyBulkResponse(body, chunk.length);
    const result = outcomes.every((outcome) => outcome.result === 'created' || outcome.result === 'duplicate') ? 'ok' : 'item_failures';
    stop({ result });
    this.metrics.requests.inc({ result });
    return outcomes;
  }
}
