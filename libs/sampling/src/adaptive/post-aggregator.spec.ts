import { Writable } from 'node:stream';
import { createLogger } from '@waymark/platform';
import type { ProbabilitiesSnapshot } from '@waymark/storage-api';
import { MemorySamplingStore } from '@waymark/storage-memory';
import { DEFAULT_ADAPTIVE_OPTIONS } from './adaptive-options';
import { PostAggregator } from './post-aggregator';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const options = { ...DEFAULT_ADAPTIVE_OPTIONS, calculationDelayMs: 0, calculationIntervalMs: 60_000, targetSamplesPerSecond: 10 };

/** A store whose `getLatestProbabilities` runs `during` while the leader is reading (its calculation is under way). */
class ObservedStore extends MemorySamplingStore {
  during: () => void = () => undefined;
  override async getLatestProbabilities(): Promise<ProbabilitiesSnapshot | undefined> {
    const latest = await super.getLatestProbabilities();
    this.during();
    return latest;
  }
}

describe('PostAggregator', () => {
  let now = 1_000_000_000_000;
  const setup = () => {
    const store = new ObservedStore();
    let term: number | undefined = 7;
    const aggregator = new PostAggregator({ store, options, now: () => now, leaderTerm: () => term, holder: 'a-1', logger });
    return { store, aggregator, depose: () => (term = undefined) };
  };

  it('stamps snapshots with its lease term and a sequence growing by one', async () => {
    const { store, aggregator } = setup();
    await aggregator.initialize();
    for (let i = 0; i < 2; i++) {
      await store.insertThroughput({ reporter: 'c', timestampMs: now + 1, throughput: [{ service: 'cart', operation: 'get', count: 60 }] });
      now += 60_000;
      expect(await aggregator.runRound()).toMatchObject({ result: 'calculated', snapshot: { term: 7, sequence: i + 1, leader: 'a-1' } });
    }
  });

  it('stores nothing when it loses the lease while reading and calculating', async () => {
    const { store, aggregator, depose } = setup();
    await aggregator.initialize();
    await store.insertThroughput({ reporter: 'c', timestampMs: now + 1, throughput: [{ service: 'cart', operation: 'get', count: 60 }] });
    now += 60_000;
    store.during = depose;
    const round = await aggregator.runRound();
    expect(round).toEqual({ result: 'deposed' });
    store.during = () => undefined;
    expect(await store.getLatestProbabilities()).toBeUndefined();
  });
});
