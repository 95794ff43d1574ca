/**
 * The (service index, service document id) pairs known to be stored, so the writer sends each
 * `jaeger-service-*` document about once per day and process instead of once per span (Jaeger's
 * writer does the same with an LRU of 100,000 entries and a 12 h TTL). Bounded both ways: at most
 * `maxEntries` keys, least recently used evicted first, and each key forgotten `ttlMs` after it
 * was added (a use does not extend it), after which the document is written again (a 409 then).
 * Forgetting is always safe: the documents are written with `create` and a deterministic `_id`.
 */
export class ServiceCache {
  /** key → time added; Map order is the recency order (oldest first). */
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(maxEntries >= 1)) throw new RangeError(`service cache size must be at least 1, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether the key is known and fresh; a hit becomes the most recently used. */
  has(key: string): boolean {
    const added = this.entries.get(key);
    if (added === undefined) return false;
    this.entries.delete(key);
    if (this.now() - added >= this.ttlMs) return false;
    this.entries.set(key, added);
    return true;
  }

  /** Records a key as stored (again: the TTL restarts). */
  add(key: string): void {
    this.entries.delete(key);
    this.entries.set(key, this.now());
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }
}
