import { randomBytes } from 'node:crypto';
import type { Logger, Service } from '@waymark/platform';
import type { SamplingStore } from '@waymark/storage-api';
import type { SamplingMetrics } from '../sampling-metrics';
import type { SamplingStrategyResponse, StrategyProvider } from '../strategy';
import { Ticker } from '../ticker';
import type { AdaptiveOptions } from './adaptive-options';
import { AdaptiveStrategyProvider } from './adaptive-provider';
import { LeaderElection } from './leader-election';
import { PostAggregator } from './post-aggregator';

export interface AdaptiveSamplingDeps {
  readonly store: SamplingStore;
  readonly options: AdaptiveOptions;
  /**
   * This replica's configured id (SAMPLING_REPLICA_ID). The lease holder, and the signature on the
   * snapshots, is this id plus a random suffix per process (`instanceId`): two replicas given
   * the same id still hold distinct leases, so they can never both be leader.
   */
  readonly holder: string;
  /** The per-process suffix; random unless a test fixes it. */
  readonly instanceSuffix?: string;
  readonly logger: Logger;
  readonly metrics: SamplingMetrics;
  readonly now?: () => number;
}

/**
 * Adaptive sampling on one replica: the leader election, the calculation loop and the provider
 * every replica serves from, each on its own timer. Every method the timers call is public, so
 * tests drive rounds under a controlled clock without timers (`start` is not needed for that).
 * `stop` ends the timers and releases the lease, so another replica takes over at its next try.
 */
export class AdaptiveSampling implements StrategyProvider, Service {
  readonly name = 'adaptive-sampling';
  readonly election: LeaderElection;
  readonly aggregator: PostAggregator;
  readonly provider: AdaptiveStrategyProvider;
  /** `holder` + a per-process suffix: the id in the lease and on the snapshots. */
  readonly instanceId: string;
  private readonly tickers: Ticker[];
  private readonly now: () => number;

  constructor(private readonly deps: AdaptiveSamplingDeps) {
    const { store, options, logger, metrics } = deps;
    this.now = deps.now ?? Date.now;
    this.instanceId = `${deps.holder}-${deps.instanceSuffix ?? randomBytes(4).toString('hex')}`;
    this.election = new LeaderElection({ store, holder: this.instanceId, ttlMs: options.leaseTtlMs, now: this.now, logger, onChange: (leader) => metrics.isLeader.set(leader ? 1 : 0) });
    this.aggregator = new PostAggregator({ store, options, now: this.now, leaderTerm: () => this.election.leaderTerm(), holder: this.instanceId, logger });
    this.provider = new AdaptiveStrategyProvider(options);
    this.tickers = [
      new Ticker(async () => void (await this.electionRound()), () => (this.election.isLeader() ? options.leaderLeaseRefreshMs : options.followerLeaseRefreshMs)),
      new Ticker(() => this.calculationRound(), () => options.calculationIntervalMs),
      new Ticker(() => this.refresh(), () => options.probabilitiesRefreshMs),
    ];
  }

  getStrategy(service: string): SamplingStrategyResponse {
    return this.provider.getStrategy(service);
  }

  async start(): Promise<void> {
    await this.electionRound();
    await this.aggregator.initialize();
    await this.refresh();
    const [election, calculation, refresh] = this.tickers as [Ticker, Ticker, Ticker];
    election.start();
    calculation.start();
    refresh.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.tickers.map((ticker) => ticker.stop()));
    try {
      await this.election.release();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not release the sampling leader lease; it expires on its own');
    }
  }

  async electionRound(): Promise<boolean> {
    return this.election.tick();
  }

  async calculationRound(): Promise<void> {
    const { result, snapshot } = await this.aggregator.runRound();
    this.deps.metrics.calculations.inc({ result });
    if (snapshot) {
      this.deps.metrics.operationsCalculated.set(Object.values(snapshot.probabilities).reduce((n, ops) => n + Object.keys(ops).length, 0));
      this.apply(snapshot);
    }
  }

  /** Loads the latest stored probabilities and serves them. */
  async refresh(): Promise<void> {
    try {
      const snapshot = await this.deps.store.getLatestProbabilities();
      if (snapshot) this.apply(snapshot);
    } catch (error) {
      this.deps.metrics.storeErrors.inc({ operation: 'get_latest_probabilities' });
      this.deps.logger.warn({ err: error }, 'could not load the latest probabilities; serving the previous ones');
    }
  }

  private apply(snapshot: Parameters<AdaptiveStrategyProvider['apply']>[0]): void {
    this.provider.apply(snapshot);
    if (this.provider.timestampMs !== undefined) this.deps.metrics.probabilitiesTimestamp.set(this.provider.timestampMs / 1000);
  }
}
