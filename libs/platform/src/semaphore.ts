/** A place held at a {@link Semaphore}: given back once with `release`, taken again with `retake`. */
export interface Permit {
  release(): void;
  /** Takes the place again after `release` (behind those already waiting); resolves at once if still held. */
  retake(): Promise<void>;
}

/**
 * At most `limit` holders at once; the others wait in order of arrival. Bounds the bulk requests
 * an Elasticsearch writer has in flight, serializes a tenant's query-time dependency computations,
 * and bounds the ingester's decoded windows (which give their place up while they wait out a
 * backoff: `Permit.release`, then `retake`).
 */
export class Semaphore {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`a semaphore needs an integer limit ≥ 1, got ${limit}`);
    this.free = limit;
  }

  /** Resolves with a held place once one is free. */
  async acquire(): Promise<Permit> {
    await this.take();
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.give();
      },
      retake: async () => {
        if (held) return;
        await this.take();
        held = true;
      },
    };
  }

  /** Runs `task` holding a place, and gives it back however the task ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const permit = await this.acquire();
    try {
      return await task();
    } finally {
      permit.release();
    }
  }

  private async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Hands the place straight to the next waiter, else frees it. */
  private give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
