/**
 * Group commit: items written concurrently are sent together, without an artificial linger.
 * When a send slot is free, what has gathered is flushed on the next turn of the event loop;
 * while all slots are busy, new items gather into the next batch. Each `add` resolves or
 * rejects with the send that carried its items, so every caller learns the fate of its own
 * items. Batches never exceed `maxBatchBytes` nor `maxBatchItems` (a single oversized add goes
 * alone; an add is never split, so its items share one fate).
 */
export interface GroupCommitOptions<T> {
  readonly send: (items: T[]) => Promise<void>;
  readonly maxInFlight: number;
  readonly maxBatchBytes: number;
  /** Most items in one send; unlimited when absent. */
  readonly maxBatchItems?: number;
}

interface Pending<T> {
  items: T[];
  bytes: number;
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>;
}

export class GroupCommit<T> {
  private readonly queue: Array<Pending<T>> = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Items not yet acknowledged (gathering or being sent). */
  get pendingBatches(): number {
    return this.queue.length + this.inFlight;
  }

  add(items: T[], bytes: number): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let batch = this.queue[this.queue.length - 1];
      const full = batch !== undefined && batch.items.length > 0 && (batch.bytes + bytes > this.options.maxBatchBytes || batch.items.length + items.length > (this.options.maxBatchItems ?? Infinity));
      if (!batch || full) {
        batch = { items: [], bytes: 0, waiters: [] };
        this.queue.push(batch);
      }
      batch.items.push(...items);
      batch.bytes += bytes;
      batch.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is gathering or in flight (for graceful shutdown). */
  idle(): Promise<void> {
    if (this.pendingBatches === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.shift() as Pending<T>;
      this.inFlight++;
      this.options.send(batch.items).then(
        () => this.settle(batch, true, undefined),
        (error: unknown) => this.settle(batch, false, error),
      );
    }
  }

  private settle(batch: Pending<T>, ok: boolean, error: unknown): void {
    this.inFlight--;
    for (const waiter of batch.waiters) {
      if (ok) waiter.resolve();
      else waiter.reject(error);
    }
    if (this.queue.length > 0) this.schedule();
    else if (this.inFlight === 0) this.notifyIdle();
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }
}
