import { BurstLog } from '@waymark/platform';
import type { Logger, Service } from '@waymark/platform';
import type { SamplingStore, ThroughputReport } from '@waymark/storage-api';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import type { RootSpanCounter } from './root-span-counter';

export interface ThroughputReporterOptions {
  readonly counter: RootSpanCounter;
  readonly store: SamplingStore;
  /** This collector's id in the reports. */
  readonly reporter: string;
  readonly flushIntervalMs: number;
  /** Reports kept for another try while the store is unavailable; beyond, the oldest is dropped and counted. */
  readonly maxPendingReports: number;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly now?: () => number;
}

/**
 * Publishes the root-span counts to the SamplingStore every `flushIntervalMs` (the adaptive
 * leader reads them). A report the store refuses is kept and sent again, under its own time,
 * at the next flush (the store files it idempotently); at most `maxPendingReports` wait, then
 * the oldest is dropped and counted: adaptive sampling tolerates lag, and a bounded loss of
 * counts only while the store is down for that many intervals. `stop` flushes once more.
 */
export class ThroughputReporter implements Service {
  readonly name = 'throughput-reporter';
  private readonly pending: ThroughputReport[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private flushing: Promise<void> | undefined;
  private readonly now: () => number;
  private readonly burst: BurstLog;
  private readonly roots: Counter<'result'>;
  private readonly flushes: Counter<'result'>;

  constructor(private readonly options: ThroughputReporterOptions) {
    this.now = options.now ?? Date.now;
    this.burst = new BurstLog(options.logger);
    const registers = [options.registry];
    this.roots = new Counter({
      name: 'waymark_sampling_root_spans_total',
      help: 'Root spans of accepted requests seen for adaptive sampling, by result: reported, overflow (too many operations in an interval), dropped (store unavailable too long), tenant_skipped (spans of a tenant are not counted).',
      labelNames: ['result'],
      registers,
    });
    this.flushes = new Counter({ name: 'waymark_sampling_throughput_flushes_total', help: 'Throughput reports sent to the sampling store, by result.', labelNames: ['result'], registers });
  }

  async start(): Promise<void> {
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.flush().finally(loop);
      }, this.options.flushIntervalMs);
      this.timer.unref();
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.flushing;
    await this.flush();
  }

  /** Drains the counter into a report and sends every pending report, oldest first. */
  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    const { throughput, overflow, tenanted } = this.options.counter.drain();
    if (overflow > 0) this.roots.inc({ result: 'overflow' }, overflow);
    if (tenanted > 0) this.roots.inc({ result: 'tenant_skipped' }, tenanted);
    if (throughput.length > 0) this.pending.push({ reporter: this.options.reporter, timestampMs: this.now(), throughput });
    while (this.pending.length > this.options.maxPendingReports) {
      const dropped = this.pending.shift() as ThroughputReport;
      this.roots.inc({ result: 'dropped' }, dropped.throughput.reduce((n, t) => n + t.count, 0));
    }
    while (this.pending.length > 0) {
      const report = this.pending[0] as ThroughputReport;
      try {
        await this.options.store.insertThroughput(report);
      } catch (error) {
        this.flushes.inc({ result: 'failed' });
        this.burst.warn('throughput', { err: error, pending: this.pending.length }, 'throughput report not stored; kept for the next flush');
        return;
      }
      this.pending.shift();
      this.flushes.inc({ result: 'ok' });
      this.roots.inc({ result: 'reported' }, report.throughput.reduce((n, t) => n + t.count, 0));
    }
  }
}
