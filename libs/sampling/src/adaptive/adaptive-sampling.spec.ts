import { Writable } from 'node:stream';
import { createLogger, createMetricsRegistry } from '@waymark/platform';
import { MemorySamplingStore } from '@waymark/storage-memory';
import { SamplingMetrics } from '../sampling-metrics';
import { DEFAULT_ADAPTIVE_OPTIONS } from './adaptive-options';
import type { AdaptiveOptions } from './adaptive-options';
import { AdaptiveSampling } from './adaptive-sampling';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const INTERVAL = 60_000;

/**
 * A controlled world: a clock, one store, replicas, and an operation whose SDKs emit `rate` root
 * spans per second and keep each with the probability the replicas serve (the expected count,
 * so the run is deterministic). Each interval the collectors report what was kept, then every
 * replica runs its election, calculation and refresh rounds, as their timers would.
 */
function world(overrides: Partial<AdaptiveOptions> = {}) {
  let now = 1_000_000_000_000;
  const clock = () => now;
  const store = new MemorySamplingStore();
  const options: AdaptiveOptions = { ...DEFAULT_ADAPTIVE_OPTIONS, targetSamplesPerSecond: 10, calculationDelayMs: 0, calculationIntervalMs: INTERVAL, ...overrides };
  /** A replica; `skewMs` puts its clock ahead (+) or behind (−) the world's. */
  const replica = (holder: string, skewMs = 0) => new AdaptiveSampling({ store, options, holder, logger, metrics: new SamplingMetrics(createMetricsRegistry()), now: () => clock() + skewMs });
  const served = (r: AdaptiveSampling, op = 'GET /cart') => {
    const strategy = r.getStrategy('cart').operationSampling;
    return strategy?.perOperationStrategies.find((s) => s.operation === op)?.probabilisticSampling.samplingRate ?? strategy?.defaultSamplingProbability ?? NaN;
  };
  const interval = async (replicas: AdaptiveSampling[], rate = 1000, sampler = replicas[0] as AdaptiveSampling) => {
    const kept = Math.round(rate * served(sampler) * (INTERVAL / 1000));
    now += INTERVAL - 1;
    await store.insertThroughput({ reporter: 'collector-1', timestampMs: now, throughput: [{ service: 'cart', operation: 'GET /cart', count: kept }] });
    now += 1;
    for (const r of replicas) await r.electionRound();
    for (const r of replicas) await r.calculationRound();
    for (const r of replicas) await r.refresh();
    return kept / (INTERVAL / 1000);
  };
  const advance = (ms: number) => (now += ms);
  const init = async (replicas: AdaptiveSampling[]) => {
    for (const r of replicas) await r.electionRound();
    for (const r of replicas) await r.aggregator.initialize();
  };
  return { store, options, replica, served, interval, advance, init, clock };
}

describe('adaptive sampling under a controlled clock', () => {
  it('brings an operation emitting 1,000 root spans/s from the initial 0.001 to the target (10/s ± 30 %) within 4 intervals, and keeps it there', async () => {
    const w = world();
    const a = w.replica('a');
    await w.init([a]);
    const keptPerSecond: number[] = [];
    for (let i = 0; i < 8; i++) keptPerSecond.push(await w.interval([a]));
    // 0.001 → 0.002 → 0.004 → 0.008: kept 1, 2, 4, then 8/s, within tolerance from the 4th interval on.
    expect(keptPerSecond.slice(0, 4)).toEqual([1, 2, 4, 8]);
    for (const kept of keptPerSecond.slice(3)) expect(Math.abs(kept - 10) / 10).toBeLessThan(0.3);
    expect(w.served(a)).toBeCloseTo(0.008, 12);
  });

  it('brings an operation sampled at 100 % down to the target in one interval', async () => {
    const w = world({ initialSamplingProbability: 1 });
    const a = w.replica('a');
    await w.init([a]);
    expect(await w.interval([a])).toBe(1000);
    expect(await w.interval([a])).toBe(10);
    expect(w.served(a)).toBeCloseTo(0.01, 12);
  });

  it('has two replicas serve the same probabilities, calculated by one leader', async () => {
    const w = world();
    const [a, b] = [w.replica('a'), w.replica('b')];
    await w.init([a, b]);
    for (let i = 0; i < 3; i++) {
      await w.interval([a, b]);
      expect(b.getStrategy('cart')).toEqual(a.getStrategy('cart'));
    }
    expect([a.election.isLeader(), b.election.isLeader()]).toEqual([true, false]);
    expect((await w.store.getLatestProbabilities())?.leader).toBe(a.instanceId);
    expect(w.served(b)).toBeCloseTo(0.008, 12);
  });

  it('moves the work to another replica when the leader stops, continuing from its probabilities', async () => {
    const w = world();
    const [a, b] = [w.replica('a'), w.replica('b')];
    await w.init([a, b]);
    await w.interval([a, b]);
    await w.interval([a, b]);
    expect(w.served(b)).toBeCloseTo(0.004, 12);
    await a.stop(); // graceful: releases the lease
    await w.interval([b], 1000, b);
    expect(b.election.isLeader()).toBe(true);
    expect((await w.store.getLatestProbabilities())?.leader).toBe(b.instanceId);
    // Continued from 0.004 (kept 4/s → doubled), not restarted from 0.001.
    expect(w.served(b)).toBeCloseTo(0.008, 12);
  });

  it('moves the work when the leader crashes, once its lease has expired', async () => {
    const w = world({ leaseTtlMs: 30_000, leaderLeaseRefreshMs: 5_000 });
    const [a, b] = [w.replica('a'), w.replica('b')];
    await w.init([a, b]);
    await w.interval([a, b]);
    // a stops renewing without a word. Within its TTL b cannot take over…
    w.advance(10_000);
    expect(await b.electionRound()).toBe(false);
    // …and once the TTL has passed since a's last renewal, it does; a no longer counts itself leader.
    w.advance(20_000);
    expect(await b.electionRound()).toBe(true);
    expect(a.election.isLeader()).toBe(false);
  });

  it('lets only one of two replicas configured with the same id lead (each process holds its own lease id)', async () => {
    const w = world();
    const [a, b] = [w.replica('same'), w.replica('same')];
    expect(a.instanceId).not.toBe(b.instanceId);
    expect(a.instanceId).toMatch(/^same-[0-9a-f]{8}$/);
    await w.init([a, b]);
    await w.interval([a, b]);
    expect([a.election.isLeader(), b.election.isLeader()]).toEqual([true, false]);
  });

  it('serves a new leader\'s probabilities after a failover even when its clock is further behind the old leader\'s than one interval', async () => {
    // A lease TTL longer than the skew, so the lease itself still holds: only the ordering is tested.
    const w = world({ leaseTtlMs: 300_000 });
    const [a, b, c] = [w.replica('a'), w.replica('b', -90_000), w.replica('c')];
    await w.init([a, b, c]);
    await w.interval([a, b, c]);
    await w.interval([a, b, c]);
    const before = await w.store.getLatestProbabilities();
    expect(before?.leader).toBe(a.instanceId);
    await a.stop();
    await w.interval([b, c], 1000, c);
    const latest = await w.store.getLatestProbabilities();
    expect(latest?.leader).toBe(b.instanceId);
    expect(latest?.term).toBeGreaterThan(before?.term ?? Infinity);
    expect(latest?.timestampMs).toBeLessThan(before?.timestampMs ?? 0);
    // The follower serves what the new leader calculated, not the old leader's last snapshot.
    expect(c.provider.timestampMs).toBe(latest?.timestampMs);
    expect(c.getStrategy('cart')).toEqual(b.getStrategy('cart'));
    expect(w.served(c)).toBe(latest?.probabilities['cart']?.['GET /cart']);
  });
});
