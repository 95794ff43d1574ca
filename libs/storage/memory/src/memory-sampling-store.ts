import { isNewerSnapshot } from '@waymark/storage-api';
import type { LeaseGrant, OperationThroughput, ProbabilitiesSnapshot, SamplingStore, ThroughputReport } from '@waymark/storage-api';

interface StoredReport {
  readonly timestampMs: number;
  readonly throughput: readonly OperationThroughput[];
}

export interface MemorySamplingStoreOptions {
  /** Reports kept; older ones are forgotten first (the leader never reads further back than its buckets). */
  readonly maxReports?: number;
}

/**
 * The SamplingStore in process memory: for the all-in-one (one replica) and tests. Bounded:
 * at most `maxReports` throughput reports and the latest probabilities are kept.
 */
export class MemorySamplingStore implements SamplingStore {
  private readonly reports = new Map<string, StoredReport>();
  private latest: ProbabilitiesSnapshot | undefined;
  private readonly leases = new Map<string, { holder: string; expiresAtMs: number; term: number }>();
  private readonly maxReports: number;

  constructor(options: MemorySamplingStoreOptions = {}) {
    this.maxReports = options.maxReports ?? 10_000;
  }

  async insertThroughput(report: ThroughputReport): Promise<void> {
    if (report.throughput.length === 0) return;
    // Keyed by reporter and time: a report sent again replaces itself instead of counting twice.
    this.reports.set(`${report.reporter}\u0000${report.timestampMs}`, { timestampMs: report.timestampMs, throughput: report.throughput.map((t) => ({ ...t })) });
    while (this.reports.size > this.maxReports) {
      const oldest = this.reports.keys().next().value as string;
      this.reports.delete(oldest);
    }
  }

  async getThroughput(startMs: number, endMs: number): Promise<OperationThroughput[]> {
    const sums = new Map<string, { service: string; operation: string; count: number }>();
    for (const report of this.reports.values()) {
      if (report.timestampMs < startMs || report.timestampMs >= endMs) continue;
      for (const entry of report.throughput) {
        const key = `${entry.service}\u0000${entry.operation}`;
        const sum = sums.get(key);
        if (sum) sum.count += entry.count;
        else sums.set(key, { ...entry });
      }
    }
    return [...sums.values()];
  }

  async insertProbabilities(snapshot: ProbabilitiesSnapshot): Promise<void> {
    if (isNewerSnapshot(snapshot, this.latest)) this.latest = structuredClone(snapshot);
  }

  async getLatestProbabilities(): Promise<ProbabilitiesSnapshot | undefined> {
    return this.latest === undefined ? undefined : structuredClone(this.latest);
  }

  async tryAcquireLease(name: string, holder: string, ttlMs: number, nowMs: number): Promise<LeaseGrant | undefined> {
    const lease = this.leases.get(name);
    if (lease && lease.holder !== holder && lease.expiresAtMs > nowMs) return undefined;
    const term = !lease ? 1 : lease.holder === holder ? lease.term : lease.term + 1;
    this.leases.set(name, { holder, expiresAtMs: nowMs + ttlMs, term });
    return { term };
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    // Expired rather than deleted: the term must survive, so the next holder's is greater.
    const lease = this.leases.get(name);
    if (lease?.holder === holder) this.leases.set(name, { ...lease, expiresAtMs: 0 });
  }
}
