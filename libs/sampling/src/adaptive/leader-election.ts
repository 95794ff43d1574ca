import type { Logger } from '@waymark/platform';
import type { SamplingStore } from '@waymark/storage-api';

export interface LeaderElectionOptions {
  readonly store: SamplingStore;
  /** Jaeger's lock name. */
  readonly lease?: string;
  /** This process's id in the lease: must be unique per process (AdaptiveSampling adds a random suffix). */
  readonly holder: string;
  readonly ttlMs: number;
  readonly now: () => number;
  readonly logger: Logger;
  readonly onChange?: (leader: boolean) => void;
}

/**
 * Leadership through a lease in the SamplingStore. `tick` takes or renews the lease. This replica
 * counts itself leader only until its lease would expire by its own clock, measured from before
 * the request: if renewals fail (store unreachable), it steps down before anyone else can take
 * over, so two replicas never both calculate (given clocks that agree within the TTL's margin).
 */
export class LeaderElection {
  private leaderUntil = 0;
  private term = 0;
  private readonly lease: string;

  constructor(private readonly options: LeaderElectionOptions) {
    this.lease = options.lease ?? 'sampling_store_leader';
  }

  isLeader(): boolean {
    return this.options.now() < this.leaderUntil;
  }

  /** The lease term while this replica is leader (stamped on the snapshots it stores), else undefined. */
  leaderTerm(): number | undefined {
    return this.isLeader() ? this.term : undefined;
  }

  get holder(): string {
    return this.options.holder;
  }

  async tick(): Promise<boolean> {
    const { store, holder, ttlMs, now } = this.options;
    const was = this.isLeader();
    const askedAt = now();
    try {
      const grant = await store.tryAcquireLease(this.lease, holder, ttlMs, askedAt);
      this.leaderUntil = grant ? askedAt + ttlMs : 0;
      if (grant) this.term = grant.term;
    } catch (error) {
      // Keep the term already granted; it ends on its own.
      this.options.logger.warn({ err: error }, 'could not renew the sampling leader lease');
    }
    const is = this.isLeader();
    if (is !== was) {
      this.options.logger.info({ holder }, is ? 'became adaptive-sampling leader' : 'no longer adaptive-sampling leader');
      this.options.onChange?.(is);
    }
    return is;
  }

  /** Gives the lease up at once (graceful stop), so another replica takes over at its next try. */
  async release(): Promise<void> {
    const was = this.isLeader();
    this.leaderUntil = 0;
    if (was) this.options.onChange?.(false);
    await this.options.store.releaseLease(this.lease, this.options.holder);
  }
}
