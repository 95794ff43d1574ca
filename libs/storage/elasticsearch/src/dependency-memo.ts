import { Semaphore } from '@waymark/platform';
import type { DependencyLink } from '@waymark/storage-api';

const MINUTE_MS = 60_000;

export interface DependencyMemoOptions {
  /** How long an answer is reused; 0: never (every call computes, with its exact end). */
  readonly ttlMs: number;
  /** Answers kept at most (the oldest go first). */
  readonly maxEntries: number;
  readonly now: () => number;
}

type Compute = (endTsMillis: number, lookbackMillis: number) => Promise<DependencyLink[]>;

interface Entry {
  readonly links: Promise<DependencyLink[]>;
  /** Infinity while the computation runs: callers share it rather than start another. */
  expiresAt: number;
}

/**
 * Keeps query-time dependency computations (each reads every span document of its window) from
 * piling up: at most one runs at a time per tenant, the others wait their turn; and an answer is
 * reused for `ttlMs` by every request of the same tenant, lookback and end rounded up to the
 * minute (the UI's end is "now", a new value at every request). A failed computation is not
 * kept. Tenants are kept apart: the tenant is part of every key and of every queue.
 */
export class DependencyMemo {
  private readonly gates = new Map<string, Semaphore>();
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: DependencyMemoOptions) {}

  get(tenant: string, endTsMillis: number, lookbackMillis: number, compute: Compute): Promise<DependencyLink[]> {
    if (!(this.options.ttlMs > 0)) return this.gate(tenant).run(() => compute(endTsMillis, lookbackMillis));
    const end = Math.ceil(endTsMillis / MINUTE_MS) * MINUTE_MS;
    const key = JSON.stringify([tenant, end, lookbackMillis]);
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.options.now()) return cached.links;
    const links = this.gate(tenant).run(() => compute(end, lookbackMillis));
    const entry: Entry = { links, expiresAt: Number.POSITIVE_INFINITY };
    this.entries.delete(key);
    this.entries.set(key, entry);
    links.then(
      () => {
        entry.expiresAt = this.options.now() + this.options.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    this.evict();
    return links;
  }

  /** Answers held (running or reusable); for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  private gate(tenant: string): Semaphore {
    let gate = this.gates.get(tenant);
    if (!gate) {
      // Tenants are an allow-list, so this map stays as small as it.
      gate = new Semaphore(1);
      this.gates.set(tenant, gate);
    }
    return gate;
  }

  private evict(): void {
    const now = this.options.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
