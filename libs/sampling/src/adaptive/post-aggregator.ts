import type { Logger } from '@waymark/platform';
import type { OperationThroughput, ProbabilitiesSnapshot, SamplingStore, ServiceOperationValues } from '@waymark/storage-api';
import type { AdaptiveOptions } from './adaptive-options';
import { calculateProbabilities } from './probability-calculator';
import type { ThroughputBucket } from './probability-calculator';

export interface PostAggregatorDeps {
  readonly store: SamplingStore;
  readonly options: AdaptiveOptions;
  readonly now: () => number;
  /** The lease term while this replica is leader, else undefined (asked again right before each store write). */
  readonly leaderTerm: () => number | undefined;
  /** Who signs the snapshots (this replica's id). */
  readonly holder: string;
  readonly logger: Logger;
}

/** `deposed`: this replica lost the lease while calculating; nothing was stored. */
export type RoundResult = 'calculated' | 'follower' | 'deposed' | 'failed';

function toCounts(throughput: readonly OperationThroughput[]): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const { service, operation, count } of throughput) {
    let byOp = counts.get(service);
    if (!byOp) counts.set(service, (byOp = new Map()));
    byOp.set(operation, (byOp.get(operation) ?? 0) + count);
  }
  return counts;
}

/**
 * Every replica's calculation loop (Jaeger's post-aggregator). Each round reads the throughput of
 * the window since the last round, ending `calculationDelayMs` behind now, and keeps the newest
 * `aggregationBuckets` windows in memory, leader or not, so a replica that becomes leader
 * calculates from a full history at once. Only the leader then calculates and stores new
 * probabilities. A new leader starts from the probabilities last stored (not from the initial
 * probability, as Jaeger's does), so a failover does not reset every operation.
 *
 * Snapshots carry the leader's lease term and a sequence that grows with each one it stores,
 * the order in which replicas serve them. Leadership is asked again right before the write, so
 * a replica deposed during the read and calculation stores nothing; a write already in flight
 * when the lease passes on carries the old term and cannot supersede the new leader's snapshots.
 */
export class PostAggregator {
  private buckets: ThroughputBucket[] = [];
  private lastCheckedMs = 0;
  private previous: ServiceOperationValues | undefined;
  private sequence = 0;

  constructor(private readonly deps: PostAggregatorDeps) {}

  /** Loads the last `aggregationBuckets` windows. Failures leave the history empty (it fills up round by round). */
  async initialize(): Promise<void> {
    const { options, store } = this.deps;
    let end = this.deps.now() - options.calculationDelayMs;
    this.lastCheckedMs = end;
    try {
      for (let i = 0; i < options.aggregationBuckets; i++) {
        const start = end - options.calculationIntervalMs;
        const throughput = await store.getThroughput(start, end);
        if (throughput.length === 0) break;
        this.buckets.push({ endMs: end, intervalMs: options.calculationIntervalMs, counts: toCounts(throughput) });
        end = start;
      }
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not load throughput history; starting without it');
    }
  }

  /** One round. Resolves with the snapshot stored when this replica was leader and calculated. */
  async runRound(): Promise<{ result: RoundResult; snapshot?: ProbabilitiesSnapshot }> {
    const { options, store, logger } = this.deps;
    const end = this.deps.now() - options.calculationDelayMs;
    const start = this.lastCheckedMs;
    if (end <= start) return { result: this.deps.leaderTerm() !== undefined ? 'calculated' : 'follower' };
    let throughput: OperationThroughput[];
    try {
      throughput = await store.getThroughput(start, end);
    } catch (error) {
      // The window is read again, longer, next round: lag, not loss.
      logger.warn({ err: error }, 'could not read throughput; retrying next round');
      return { result: 'failed' };
    }
    this.buckets.unshift({ endMs: end, intervalMs: end - start, counts: toCounts(throughput) });
    this.buckets.length = Math.min(this.buckets.length, options.aggregationBuckets);
    this.lastCheckedMs = end;
    const term = this.deps.leaderTerm();
    if (term === undefined) {
      this.previous = undefined;
      return { result: 'follower' };
    }
    try {
      this.previous ??= (await store.getLatestProbabilities())?.probabilities ?? {};
      const calculation = calculateProbabilities(this.buckets, this.previous, options);
      if (this.deps.leaderTerm() !== term) {
        this.previous = undefined;
        return { result: 'deposed' };
      }
      const snapshot: ProbabilitiesSnapshot = {
        timestampMs: this.deps.now(),
        leader: this.deps.holder,
        term,
        sequence: ++this.sequence,
        probabilities: calculation.probabilities,
        qps: calculation.qps,
      };
      await store.insertProbabilities(snapshot);
      this.previous = calculation.probabilities;
      return { result: 'calculated', snapshot };
    } catch (error) {
      logger.warn({ err: error }, 'could not calculate or store probabilities; retrying next round');
      this.previous = undefined;
      return { result: 'failed' };
    }
  }
}
