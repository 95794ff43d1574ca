/**
 * The offsets of one partition that were fetched and are being processed, possibly out of
 * order. Only the contiguous prefix of finished records may be committed: `committable()` is
 * the offset to commit (Kafka's "next offset to read"), i.e. the first record not yet finished,
 * or one past the last record once everything fetched is finished.
 *
 * Offsets are JavaScript numbers: exact up to 2^53, which no partition reaches.
 */
export class PartitionOffsets {
  /** Fetched offsets in fetch order (ascending), from the oldest unfinished one on. */
  private readonly inFlight: number[] = [];
  private readonly finished = new Set<number>();
  private head = 0;
  private next: number | undefined;
  private lastTracked = -1;

  /** Registers a fetched record. Offsets must arrive in ascending order. */
  track(offset: number): void {
    if (offset <= this.lastTracked) throw new RangeError(`offset ${offset} tracked after ${this.lastTracked}: offsets must ascend`);
    this.lastTracked = offset;
    this.inFlight.push(offset);
  }

  /** Marks a record as stored (or dead-lettered). Unknown offsets are ignored. */
  finish(offset: number): void {
    this.finished.add(offset);
    while (this.head < this.inFlight.length && this.finished.has(this.inFlight[this.head] as number)) {
      const done = this.inFlight[this.head] as number;
      this.finished.delete(done);
      this.next = done + 1;
      this.head++;
    }
    // Drop the finished prefix now and then, so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.inFlight.length) {
      this.inFlight.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The offset to commit, or undefined when nothing new is finished since tracking began. */
  committable(): number | undefined {
    return this.next;
  }

  /** Records tracked and not yet finished. */
  get pending(): number {
    return this.inFlight.length - this.head;
  }
}
