import type { Span } from '@waymark/span-model';
import { isSpanRejectedError, SpanWriteError } from '@waymark/storage-api';
import type { FailedSpan, SpanWriter } from '@waymark/storage-api';
import { BurstLog, Semaphore } from '@waymark/platform';
import type { Logger, Permit } from '@waymark/platform';
import type { SpanEncoder } from './trace-messages';

/** One record of the spans topic, as the consumer hands it over (no kafkajs types). */
export interface InboundRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** The `x-tenant` header, when the record has one. */
  readonly tenant: string | undefined;
}

/** Record bytes → spans. Throws for bytes that are not a span batch at all (DecodeError). */
export type SpanDecoder = (bytes: Uint8Array) => { readonly spans: Span[]; readonly rejected: number; readonly rejections: ReadonlyMap<string, number> };

/** Why a span must not be stored (e.g. its start time is outside the accepted window), or undefined. */
export type SpanAdmission = (span: Span) => string | undefined;

/**
 * Why something was dead-lettered; a bounded set (metric label, record header):
 * - `undecodable`: the record is not an OTLP span batch (its bytes are kept as they were);
 * - `invalid_spans`: the record decoded but some spans in it cannot be represented (bad ids);
 *   the record's bytes are kept as they were, its other spans are stored;
 * - `outside_window`: spans whose times are outside the accepted window (see SpanAdmission);
 * - `rejected`: spans the store refused for good (mapping conflict, malformed field, …).
 */
export type DeadLetterReason = 'undecodable' | 'invalid_spans' | 'outside_window' | 'rejected';

export interface DeadLetter {
  readonly reason: DeadLetterReason;
  /** Human-readable detail (the decoder's or the store's message); may quote data: not for logs. */
  readonly detail: string;
  readonly key: Buffer | null;
  /** The original record's bytes, or the OTLP encoding of the dead-lettered spans. */
  readonly value: Buffer;
  /** Spans in `value` (0 when undecodable). */
  readonly spanCount: number;
  readonly tenant: string | undefined;
  readonly source: { readonly topic: string; readonly partition: number; readonly offset: number };
}

/** Where dead letters go. `send` resolves only when every letter is durably stored (Kafka acks=all). */
export interface DeadLetterSink {
  send(letters: readonly DeadLetter[]): Promise<void>;
}

/** What the ingestor reports as it goes; the consumer turns these into metrics. */
export interface IngestObserver {
  spansConsumed(count: number): void;
  spansStored(count: number): void;
  deadLettered(reason: DeadLetterReason, spans: number): void;
  /** A whole write (after the writer's own retries) or a dead-letter send failed and will be tried again. */
  retrying(what: 'write' | 'dead_letter'): void;
  /** True while this batch waits for an unavailable store or dead-letter topic. */
  blocked(blocked: boolean): void;
}

export interface BatchControl {
  /** False once the consumer is stopping or lost the partition: give up waiting, return. */
  active(): boolean;
}

export interface BatchIngestorOptions {
  readonly writer: SpanWriter;
  readonly decode: SpanDecoder;
  readonly encode: SpanEncoder;
  readonly admit: SpanAdmission;
  readonly deadLetters: DeadLetterSink;
  readonly observer: IngestObserver;
  readonly logger: Logger;
  /** Waits between attempts while the store or the dead-letter topic is unavailable: doubling from `minMs` up to `maxMs`. */
  readonly backoff: { readonly minMs: number; readonly maxMs: number };
  /**
   * Takes each batch a window at a time: records are decoded only when their window may be
   * written, about `spans` spans (whole records) per window, with at most `concurrent` windows
   * decoded and not yet stored over all the batches in progress. Decoded spans then live for one
   * write instead of for the whole batch's wait, so far fewer of them outlive the young
   * generation. Default: the whole batch as one window, no bound.
   */
  readonly window?: { readonly spans: number; readonly concurrent: number };
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Spans of one tenant from a batch, each remembering the record it came from. */
interface TenantSpans {
  readonly spans: Span[];
  readonly records: InboundRecord[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const SLICE_MS = 250;

/**
 * Stores one partition's batch of span records, all or nothing in effect: `ingest` resolves
 * `true` when every span of every record is stored or dead-lettered (the caller may then commit
 * past the batch), and `false` when it gave up because `control.active()` turned false (the
 * caller commits nothing of the batch; redelivery is harmless, writes being idempotent).
 *
 * It never drops a span and never throws: an unavailable store or dead-letter topic is waited
 * for with backoff, as long as it takes, while the consumer keeps its group membership
 * (heartbeats are the caller's), so lag grows and nothing is lost. A write in progress is always
 * awaited, even when stopping, so a graceful stop finishes what it started.
 */
export class BatchIngestor {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly burst: BurstLog;
  private readonly windowSpans: number;
  private readonly gate: Semaphore | undefined;

  constructor(private readonly options: BatchIngestorOptions) {
    this.sleep = options.sleep ?? realSleep;
    this.burst = new BurstLog(options.logger);
    this.windowSpans = options.window?.spans ?? Infinity;
    this.gate = options.window === undefined ? undefined : new Semaphore(options.window.concurrent);
  }

  async ingest(topic: string, records: readonly InboundRecord[], control: BatchControl): Promise<boolean> {
    // Dead letters of every window go out together once all are stored, as for a single window:
    // a batch given up half-way is redelivered whole, and must not have dead-lettered anything.
    const letters: DeadLetter[] = [];
    for (let start = 0; start < records.length; ) {
      if (start > 0 && !control.active()) return false;
      const permit = this.gate === undefined ? undefined : await this.gate.acquire();
      try {
        const { byTenant, end } = this.decodeWindow(topic, records, start, letters);
        start = end;
        const outcomes = await Promise.all([...byTenant].map(([tenant, group]) => this.store(group, tenant, control, permit)));
        for (const [i, [tenant, group]] of [...byTenant].entries()) {
          const failed = outcomes[i];
          if (failed === undefined) return false;
          letters.push(...this.rejectedLetters(topic, group, tenant, failed));
        }
      } finally {
        permit?.release();
      }
    }
    if (letters.length > 0 && !(await this.deadLetter(letters, control))) return false;
    return true;
  }

  /**
   * Decodes whole records from `start` while the window is likely to stay within `windowSpans`
   * spans (the next record taken to be as large as the last: records of a topic are alike, and a
   * window that overflows by a few spans would cost the writer a small extra bulk request), and
   * at least one; `end` is the first record left. What cannot be stored becomes a dead letter, the
   * rest is grouped by tenant.
   */
  private decodeWindow(topic: string, records: readonly InboundRecord[], start: number, letters: DeadLetter[]): { byTenant: Map<string | undefined, TenantSpans>; end: number } {
    const { decode, admit, observer } = this.options;
    const byTenant = new Map<string | undefined, TenantSpans>();
    let spans = 0;
    let last = 0;
    let end = start;
    while (end < records.length && (end === start || spans + last <= this.windowSpans)) {
      const record = records[end++] as InboundRecord;
      const source = { topic, partition: record.partition, offset: record.offset };
      const letter = (reason: DeadLetterReason, detail: string, value: Buffer, spanCount: number): DeadLetter => ({ reason, detail, key: record.key, value, spanCount, tenant: record.tenant, source });
      if (record.value === null || record.value.length === 0) {
        letters.push(letter('undecodable', 'empty record value', Buffer.alloc(0), 0));
        continue;
      }
      let decoded: ReturnType<SpanDecoder>;
      try {
        decoded = decode(record.value);
      } catch (error) {
        letters.push(letter('undecodable', `not an OTLP ExportTraceServiceRequest: ${(error as Error).message}`, record.value, 0));
        continue;
      }
      observer.spansConsumed(decoded.spans.length + decoded.rejected);
      last = decoded.spans.length + decoded.rejected;
      spans += last;
      if (decoded.rejected > 0) {
        const reasons = [...decoded.rejections].map(([reason, count]) => `${count} × ${reason}`).join('; ');
        letters.push(letter('invalid_spans', `${decoded.rejected} span(s) cannot be represented (${reasons}); the record's other ${decoded.spans.length} span(s) are stored`, record.value, decoded.rejected));
      }
      const outside: Span[] = [];
      const reasons = new Set<string>();
      let group = byTenant.get(record.tenant);
      if (!group) byTenant.set(record.tenant, (group = { spans: [], records: [] }));
      for (const span of decoded.spans) {
        const refusal = admit(span);
        if (refusal === undefined) {
          group.spans.push(span);
          group.records.push(record);
        } else {
          outside.push(span);
          reasons.add(refusal);
        }
      }
      if (outside.length > 0) letters.push(letter('outside_window', [...reasons].join('; '), Buffer.from(this.options.encode(outside)), outside.length));
    }
    for (const [tenant, group] of byTenant) if (group.spans.length === 0) byTenant.delete(tenant);
    return { byTenant, end };
  }

  /**
   * Writes until the writer answers for every span: resolves with the spans it refused for good
   * (none when all are stored), or undefined when it gave up because the batch is no longer active.
   * The window's place at the gate is given up while it waits out a backoff, so that a batch
   * waiting for a store that refuses it (say, one tenant's templates) does not hold up the others.
   */
  private async store(group: TenantSpans, tenant: string | undefined, control: BatchControl, permit: Permit | undefined): Promise<readonly FailedSpan[] | undefined> {
    const { writer, observer } = this.options;
    for (let attempt = 1; ; attempt++) {
      let failure: unknown;
      try {
        await writer.write(group.spans, tenant === undefined ? {} : { tenant });
        observer.spansStored(group.spans.length);
        if (attempt > 1) observer.blocked(false);
        return [];
      } catch (error) {
        failure = error;
      }
      if (isSpanRejectedError(failure)) {
        observer.spansStored(failure.storedCount);
        if (attempt > 1) observer.blocked(false);
        return failure.failedSpans;
      }
      if (failure instanceof SpanWriteError && !failure.retryable) {
        // A writer that refuses the whole call for good: every span goes to the dead letters.
        if (attempt > 1) observer.blocked(false);
        return group.spans.map((span, position) => ({ span, position, reason: failure.message }));
      }
      observer.retrying('write');
      if (attempt === 1) observer.blocked(true);
      const message = failure instanceof Error ? failure.message : String(failure);
      this.burst.warn('write-retry', { spans: group.spans.length, attempt }, `storage unavailable, will retry; consumption of this partition waits: ${message}`);
      permit?.release();
      const waited = await this.wait(attempt, control);
      if (waited) await permit?.retake();
      if (!waited) {
        observer.blocked(false);
        return undefined;
      }
    }
  }

  /** One dead letter per (record, reason) for the spans the store refused. */
  private rejectedLetters(topic: string, group: TenantSpans, tenant: string | undefined, failed: readonly FailedSpan[]): DeadLetter[] {
    const byRecord = new Map<InboundRecord, { spans: Span[]; reasons: Set<string> }>();
    for (const { span, position, reason } of failed) {
      const record = group.records[position] as InboundRecord;
      let entry = byRecord.get(record);
      if (!entry) byRecord.set(record, (entry = { spans: [], reasons: new Set() }));
      entry.spans.push(span);
      entry.reasons.add(reason);
    }
    return [...byRecord].map(([record, { spans, reasons }]) => ({
      reason: 'rejected' as const,
      detail: [...reasons].join('; '),
      key: record.key,
      value: Buffer.from(this.options.encode(spans)),
      spanCount: spans.length,
      tenant,
      source: { topic, partition: record.partition, offset: record.offset },
    }));
  }

  private async deadLetter(letters: readonly DeadLetter[], control: BatchControl): Promise<boolean> {
    const { deadLetters, observer } = this.options;
    for (let attempt = 1; ; attempt++) {
      try {
        await deadLetters.send(letters);
        if (attempt > 1) observer.blocked(false);
        for (const letter of letters) observer.deadLettered(letter.reason, letter.spanCount);
        this.burst.warn(`dead-lettered`, { letters: letters.length, reasons: [...new Set(letters.map((l) => l.reason))] }, 'records or spans sent to the dead-letter topic');
        return true;
      } catch (error) {
        observer.retrying('dead_letter');
        if (attempt === 1) observer.blocked(true);
        this.burst.warn('dead-letter-retry', { letters: letters.length, attempt }, `dead-letter topic unavailable, will retry: ${(error as Error).message}`);
        if (!(await this.wait(attempt, control))) {
          observer.blocked(false);
          return false;
        }
      }
    }
  }

  /** Sleeps the backoff of `attempt` in short slices; false as soon as the batch is no longer active. */
  private async wait(attempt: number, control: BatchControl): Promise<boolean> {
    const { minMs, maxMs } = this.options.backoff;
    let remaining = Math.min(maxMs, minMs * 2 ** Math.min(30, attempt - 1));
    while (remaining > 0) {
      if (!control.active()) return false;
      const slice = Math.min(SLICE_MS, remaining);
      await this.sleep(slice);
      remaining -= slice;
    }
    return control.active();
  }
}
