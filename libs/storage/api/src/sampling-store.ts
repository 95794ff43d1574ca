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
  readonly timestampMs: number;
  /** Who calculated them (the lease holder at the time). */
  readonly leader: string;
  readonly probabilities: ServiceOperationValues;
  readonly qps: ServiceOperationValues;
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
 *   (on any replica) can return it. `getLatestProbabilities` returns the snapshot with the
 *   greatest timestamp, or undefined when none was ever stored.
 * - `tryAcquireLease(name, holder, ttlMs, nowMs)` is a compare-and-set: it resolves true when,
 *   atomically, the lease was free, expired (expiry ≤ nowMs) or already `holder`'s, and is now
 *   `holder`'s until nowMs + ttlMs; false when another holder has it. Two callers can never both
 *   get true for overlapping terms. `releaseLease` frees it only if `holder` holds it.
 * - Failures reject with a `SamplingStoreError` (retryable when the store is unavailable).
 */
export interface SamplingStore {
  insertThroughput(report: ThroughputReport): Promise<void>;
  getThroughput(startMs: number, endMs: number): Promise<OperationThroughput[]>;
  insertProbabilities(snapshot: ProbabilitiesSnapshot): Promise<void>;
  getLatestProbabilities(): Promise<ProbabilitiesSnapshot | undefined>;
  tryAcquireLease(name: string, holder: string, ttlMs: number, nowMs: number): Promise<boolean>;
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
