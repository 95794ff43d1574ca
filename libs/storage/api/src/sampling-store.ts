/**
 * The port adaptive sampling keeps its shared state behind: what every collector counted, what
 * the leader calculated, and who the leader is. Times are epoch milliseconds from the caller's
 * clock (injected, so tests control it); replicas' clocks are assumed to agree within a small
 * fraction of the lease TTL.
 */

/** Root spans (traces kept) of one service and operation, counted by one reporter in one interval. */
export interface OperationThroughput {
  readonly service: string;
  readonly operation: string;
  readonly count: number;
}

/** What one reporter (a collector replica) counted between its previous flush and `timestampMs`. */
export interface ThroughputReport {
  /** Stable id of the reporting process (host name + pid + random). */
  readonly reporter: string;
  /** When the counts were flushed; the store files them under this time. */
  readonly timestampMs: number;
  readonly throughput: readonly OperationThroughput[];
}

/** service → operation → value. */
export type ServiceOperationValues = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** One calculation of the leader: the probabilities every replica serves, and the QPS they came from. */
export interface ProbabilitiesSnapshot {
  /** When it was calculated, by the leader's clock: for people and metrics, never for ordering. */
  readonly timestampMs: number;
  /** Who calculated them (the lease holder at the time). */
  readonly leader: string;
  /** The lease term of that leader (`LeaseGrant.term`); 0 for snapshots stored before terms existed. */
  readonly term: number;
  /** The leader's count of its snapshots, strictly increasing within a term. */
  readonly sequence: number;
  readonly probabilities: ServiceOperationValues;
  readonly qps: ServiceOperationValues;
}

/** A lease as granted: `term` grows by one every time the lease passes to another holder. */
export interface LeaseGrant {
  readonly term: number;
}

/**
 * Whether snapshot `a` supersedes `b`: a later lease term wins, then a later sequence within the
 * term. Wall-clock time decides nothing: a new leader whose clock is behind its predecessor's
 * must still be served. Equal (term, sequence) is not newer.
 */
export function isNewerSnapshot(a: Pick<ProbabilitiesSnapshot, 'term' | 'sequence'>, b: Pick<ProbabilitiesSnapshot, 'term' | 'sequence'> | undefined): boolean {
  if (b === undefined) return true;
  return a.term !== b.term ? a.term > b.term : a.sequence > b.sequence;
}

/**
 * Shared adaptive-sampling state.
 *
 * Contract:
 * - `insertThroughput` resolves when the report is durable and visible to `getThroughput`. It is
 *   idempotent per (reporter, timestampMs, service, operation): sending a report again after a
 *   failure never counts it twice. An empty report resolves at once.
 * - `getThroughput(start, end)` returns the counts of every report with start ≤ timestamp < end,
 *   summed per (service, operation) across reporters; order unspecified; [] when none.
 * - `insertProbabilities` resolves when the snapshot is durable and `getLatestProbabilities`
 *   (on any replica) can return it. `getLatestProbabilities` returns the newest snapshot by
 *   `isNewerSnapshot` (greatest term, then greatest sequence; never by timestamp), or undefined
 *   when none was ever stored.
 * - `tryAcquireLease(name, holder, ttlMs, nowMs)` is a compare-and-set: it resolves a grant when,
 *   atomically, the lease was free, expired (expiry ≤ nowMs) or already `holder`'s, and is now
 *   `holder`'s until nowMs + ttlMs; undefined when another holder has it. Two callers can never
 *   both be granted overlapping terms. The grant's `term` is the previous term + 1 when the
 *   lease changes holder (1 for a lease never held) and unchanged when its holder renews or
 *   takes it back; terms never decrease, not even across `releaseLease`, which frees the lease
 *   (expires it at once) only if `holder` holds it. Holders must be unique per process.
 * - Failures reject with a `SamplingStoreError` (retryable when the store is unavailable).
 */
export interface SamplingStore {
  insertThroughput(report: ThroughputReport): Promise<void>;
  getThroughput(startMs: number, endMs: number): Promise<OperationThroughput[]>;
  insertProbabilities(snapshot: ProbabilitiesSnapshot): Promise<void>;
  getLatestProbabilities(): Promise<ProbabilitiesSnapshot | undefined>;
  tryAcquireLease(name: string, holder: string, ttlMs: number, nowMs: number): Promise<LeaseGrant | undefined>;
  releaseLease(name: string, holder: string): Promise<void>;
}

export class SamplingStoreError extends Error {
  override readonly name = 'SamplingStoreError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}
