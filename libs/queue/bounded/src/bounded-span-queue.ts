import type { Service } from '@waymark/platform';
import type { Span } from '@waymark/span-model';
import { isSpanRejectedError, SpanRejectedError, SpanWriteError } from '@waymark/storage-api';
import type { FailedSpan, SpanWriter, WriteContext } from '@waymark/storage-api';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import { GroupCommit } from './group-commit';
import { estimateSpansBytes } from './span-size';

export interface BoundedQueueLimits {
  /** Spans accepted and not yet stored (gathering or being written), over all tenants. */
  readonly maxSpans: number;
  /** The same bound in estimated bytes ({@link estimateSpansBytes}). */
  readonly maxBytes: number;
  /** Most spans in one write to the store. */
  readonly maxBatchSpans: number;
  /** Most estimated bytes in one write to the store. */
  readonly maxBatchBytes: number;
  /** Writes to the store in flight at once, per tenant. */
  readonly concurrency: number;
  /** What a refused caller is told to wait before retrying. */
  readonly retryAfterMs: number;
}

export interface BoundedSpanQueueOptions {
  /** Where batches go (memory, Elasticsearch); the queue never writes around it. */
  readonly writer: SpanWriter;
  readonly limits: BoundedQueueLimits;
  readonly registry: Registry;
  /** Injected by tests; by default {@link estimateSpansBytes}. */
  readonly sizeOf?: (spans: readonly Span[]) => number;
}

/** A span of one caller's write, and where it was in that write. */
interface Entry {
  readonly span: Span;
  readonly write: object;
  readonly position: number;
}

/** A batch the store partly refused for good: each caller's own refused spans, by write. */
class BatchRejected extends Error {
  constructor(
    readonly failures: ReadonlyMap<object, FailedSpan[]>,
    cause: unknown,
  ) {
    super('batch partly refused', { cause });
  }
}

/**
 * The all-in-one's in-process queue: a `SpanWriter` in front of the store that gathers
 * concurrent writes into batches (group commit: no linger, a batch leaves as soon as a write
 * slot is free) and keeps the contract of the port it implements.
 *
 * - `write` resolves only when the batch carrying its spans is stored: the queue never
 *   acknowledges what the store has not acknowledged, so a receiver's 2xx still means stored.
 * - Bounded: when the spans or bytes accepted and not yet stored would pass the limits, `write`
 *   rejects at once with a retryable `SpanWriteError` (Retry-After = `retryAfterMs`), which the
 *   receivers answer 503 / UNAVAILABLE. A write larger than a limit is admitted when the queue
 *   is empty, so no write is refused forever.
 * - A store failure reaches every caller of the batch as it came (retryable or not); nothing is
 *   retried or kept here: the client, which still holds its spans, retries. When the store
 *   refuses some spans for good (`SpanRejectedError`), each caller learns about its own spans
 *   only: callers with none of them resolve, the others get a `SpanRejectedError` of theirs.
 * - Batches are per tenant (one store write has one `WriteContext`).
 * - `stop` refuses new writes (retryable) and resolves when every accepted write is settled.
 */
export class BoundedSpanQueue implements SpanWriter, Service {
  readonly name = 'bounded-span-queue';
  private readonly groups = new Map<string | undefined, GroupCommit<Entry>>();
  private readonly sizeOf: (spans: readonly Span[]) => number;
  private spans = 0;
  private bytes = 0;
  private closed = false;
  private readonly refused: Counter<'reason'>;
  private readonly batches: Counter<'result'>;
  private readonly batchSpans: Histogram;

  constructor(private readonly options: BoundedSpanQueueOptions) {
    const { limits, registry } = options;
    for (const key of ['maxSpans', 'maxBytes', 'maxBatchSpans', 'maxBatchBytes', 'concurrency'] as const) {
      if (!(limits[key] >= 1)) throw new RangeError(`${key} must be at least 1, got ${limits[key]}`);
    }
    this.sizeOf = options.sizeOf ?? estimateSpansBytes;
    const registers = [registry];
    const queue = { spans: () => this.spans, bytes: () => this.bytes };
    new Gauge({ name: 'waymark_queue_spans', help: 'Spans accepted by the in-process queue and not yet stored.', registers, collect() { this.set(queue.spans()); } });
    new Gauge({ name: 'waymark_queue_bytes', help: 'Estimated bytes of the spans accepted by the in-process queue and not yet stored.', registers, collect() { this.set(queue.bytes()); } });
    this.refused = new Counter({ name: 'waymark_queue_refused_spans_total', help: 'Spans the in-process queue refused (retryable), by reason: full, closed.', labelNames: ['reason'], registers });
    this.batches = new Counter({ name: 'waymark_queue_batches_total', help: 'Batches written to the store, by result: stored, rejected (some spans refused for good), failed.', labelNames: ['result'], registers });
    this.batchSpans = new Histogram({ name: 'waymark_queue_batch_spans', help: 'Spans per batch written to the store.', buckets: [1, 10, 100, 1000, 10_000], registers });
  }

  /** Spans and estimated bytes accepted and not yet stored. */
  get depth(): { readonly spans: number; readonly bytes: number } {
    return { spans: this.spans, bytes: this.bytes };
  }

  async write(spans: readonly Span[], context: WriteContext = {}): Promise<void> {
    if (spans.length === 0) return;
    const bytes = this.sizeOf(spans);
    this.admit(spans.length, bytes);
    this.spans += spans.length;
    this.bytes += bytes;
    const write = {};
    try {
      await this.group(context.tenant).add(
        spans.map((span, position) => ({ span, write, position })),
        bytes,
      );
    } catch (error) {
      if (!(error instanceof BatchRejected)) throw error;
      const failed = error.failures.get(write);
      // Per SpanRejectedError's contract, every span of the batch not listed is stored.
      if (failed === undefined) return;
      throw new SpanRejectedError(failed, spans.length - failed.length);
    } finally {
      this.spans -= spans.length;
      this.bytes -= bytes;
    }
  }

  async start(): Promise<void> {
    // Nothing to open: writes are accepted from construction until `stop`.
  }

  /** Refuses new writes, then resolves when every accepted write has its answer. */
  async stop(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.groups.values()].map((group) => group.idle()));
  }

  private admit(spans: number, bytes: number): void {
    const { limits } = this.options;
    if (this.closed) {
      this.refused.inc({ reason: 'closed' }, spans);
      throw new SpanWriteError('queue closed: shutting down; retry', true, { retryAfterMs: limits.retryAfterMs });
    }
    const empty = this.spans === 0;
    if (!empty && (this.spans + spans > limits.maxSpans || this.bytes + bytes > limits.maxBytes)) {
      this.refused.inc({ reason: 'full' }, spans);
      throw new SpanWriteError(`queue full (${this.spans} spans, ${this.bytes} bytes waiting for the store); retry`, true, { retryAfterMs: limits.retryAfterMs });
    }
  }

  private group(tenant: string | undefined): GroupCommit<Entry> {
    let group = this.groups.get(tenant);
    if (!group) {
      const context = tenant === undefined ? undefined : { tenant };
      const { limits } = this.options;
      group = new GroupCommit<Entry>({
        send: (entries) => this.send(entries, context),
        maxInFlight: limits.concurrency,
        maxBatchBytes: limits.maxBatchBytes,
        maxBatchItems: limits.maxBatchSpans,
      });
      this.groups.set(tenant, group);
    }
    return group;
  }

  private async send(entries: Entry[], context: WriteContext | undefined): Promise<void> {
    this.batchSpans.observe(entries.length);
    try {
      await this.options.writer.write(
        entries.map((entry) => entry.span),
        context,
      );
      this.batches.inc({ result: 'stored' });
    } catch (error) {
      if (!isSpanRejectedError(error)) {
        this.batches.inc({ result: 'failed' });
        throw error;
      }
      this.batches.inc({ result: 'rejected' });
      const failures = new Map<object, FailedSpan[]>();
      for (const failed of error.failedSpans) {
        const entry = entries[failed.position];
        // A position outside the batch: the refusal cannot be attributed, so nobody is told "stored".
        if (!entry) throw error;
        const list = failures.get(entry.write) ?? [];
        list.push({ span: entry.span, position: entry.position, reason: failed.reason });
        failures.set(entry.write, list);
      }
      throw new BatchRejected(failures, error);
    }
  }
}
