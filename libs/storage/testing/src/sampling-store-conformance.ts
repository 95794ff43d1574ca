import type { SamplingStore } from '@waymark/storage-api';

const sortThroughput = <T extends { service: string; operation: string }>(list: T[]) =>
  [...list].sort((a, b) => (a.service + '\u0000' + a.operation < b.service + '\u0000' + b.operation ? -1 : 1));

/**
 * The SamplingStore contract (libs/storage/api/src/sampling-store.ts) as one Jest suite. Each
 * test uses its own time range and lease name, so adapters may share a store across tests.
 */
export function describeSamplingStoreConformance(name: string, setup: () => Promise<SamplingStore>, teardown: () => Promise<void> = async () => undefined): void {
  describe(`${name} sampling store conformance`, () => {
    let store: SamplingStore;
    // A distinct minute per test, in the recent past, so daily-index stores file them today or yesterday.
    let base = Date.now() - 3_600_000;
    const freshRange = () => (base += 600_000);

    beforeAll(async () => {
      store = await setup();
    });
    afterAll(teardown);

    it('sums throughput across reporters inside [start, end), and counts a re-sent report once', async () => {
      const t = freshRange();
      await store.insertThroughput({ reporter: 'a', timestampMs: t + 1000, throughput: [{ service: 'cart', operation: 'GET /cart', count: 10 }, { service: 'cart', operation: 'POST /pay', count: 2 }] });
      await store.insertThroughput({ reporter: 'b', timestampMs: t + 2000, throughput: [{ service: 'cart', operation: 'GET /cart', count: 5 }] });
      await store.insertThroughput({ reporter: 'b', timestampMs: t + 2000, throughput: [{ service: 'cart', operation: 'GET /cart', count: 5 }] });
      await store.insertThroughput({ reporter: 'a', timestampMs: t + 60_000, throughput: [{ service: 'cart', operation: 'GET /cart', count: 100 }] });
      await store.insertThroughput({ reporter: 'a', timestampMs: t + 3000, throughput: [] });

      expect(sortThroughput(await store.getThroughput(t, t + 60_000))).toEqual([
        { service: 'cart', operation: 'GET /cart', count: 15 },
        { service: 'cart', operation: 'POST /pay', count: 2 },
      ]);
      expect(await store.getThroughput(t + 60_000, t + 60_001)).toEqual([{ service: 'cart', operation: 'GET /cart', count: 100 }]);
      expect(await store.getThroughput(t - 10_000, t)).toEqual([]);
    });

    it('returns the newest probabilities snapshot: greatest sequence within a term', async () => {
      const t = freshRange();
      const term = 1_000;
      const snapshot = (timestampMs: number, sequence: number, p: number) => ({ timestampMs, leader: 'x', term, sequence, probabilities: { cart: { 'GET /cart': p, 'a.b c': 1 } }, qps: { cart: { 'GET /cart': 3.5, 'a.b c': 0 } } });
      await store.insertProbabilities(snapshot(t + 1000, 1, 0.5));
      await store.insertProbabilities(snapshot(t + 3000, 3, 0.25));
      await store.insertProbabilities(snapshot(t + 2000, 2, 0.75));
      expect(await store.getLatestProbabilities()).toEqual(snapshot(t + 3000, 3, 0.25));
    });

    it('orders snapshots by lease term, not by the leader\'s clock: a new leader whose clock is behind is served', async () => {
      const t = freshRange();
      const term = 2_000;
      const old = { timestampMs: t + 50_000, leader: 'old', term, sequence: 40, probabilities: { cart: { get: 0.5 } }, qps: { cart: { get: 1 } } };
      const next = { timestampMs: t + 1000, leader: 'new', term: term + 1, sequence: 1, probabilities: { cart: { get: 0.25 } }, qps: { cart: { get: 2 } } };
      await store.insertProbabilities(old);
      await store.insertProbabilities(next);
      expect(await store.getLatestProbabilities()).toEqual(next);
      // A deposed leader's late write (its old term) does not supersede the new leader's.
      await store.insertProbabilities({ ...old, timestampMs: t + 60_000, sequence: 41 });
      expect(await store.getLatestProbabilities()).toEqual(next);
    });

    it('grants a lease to one holder at a time, renews it, and hands it over once expired or released', async () => {
      const lease = `lease-${Math.random().toString(36).slice(2)}`;
      const now = Date.now();
      expect(await store.tryAcquireLease(lease, 'a', 10_000, now)).toEqual({ term: 1 });
      expect(await store.tryAcquireLease(lease, 'b', 10_000, now + 1000)).toBeUndefined();
      expect(await store.tryAcquireLease(lease, 'a', 10_000, now + 5000)).toEqual({ term: 1 });
      // a renewed at now+5s: still a's at now+12s, free at now+15s.
      expect(await store.tryAcquireLease(lease, 'b', 10_000, now + 12_000)).toBeUndefined();
      expect(await store.tryAcquireLease(lease, 'b', 10_000, now + 15_000)).toEqual({ term: 2 });
      await store.releaseLease(lease, 'a');
      expect(await store.tryAcquireLease(lease, 'a', 10_000, now + 16_000)).toBeUndefined();
      await store.releaseLease(lease, 'b');
      // Released, not forgotten: the next holder's term is still greater.
      expect(await store.tryAcquireLease(lease, 'a', 10_000, now + 16_000)).toEqual({ term: 3 });
      await store.releaseLease(lease, 'a');
      expect(await store.tryAcquireLease(lease, 'a', 10_000, now + 17_000)).toEqual({ term: 3 });
    });

    it('lets exactly one of many concurrent contenders win a free lease', async () => {
      const lease = `race-${Math.random().toString(36).slice(2)}`;
      const now = Date.now();
      const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((holder) => store.tryAcquireLease(lease, holder, 10_000, now)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
