import { describeSamplingStoreConformance } from '@waymark/storage-testing';
import { MemorySamplingStore } from './memory-sampling-store';

describeSamplingStoreConformance('memory', async () => new MemorySamplingStore());

describe('MemorySamplingStore', () => {
  it('keeps at most maxReports reports, forgetting the oldest', async () => {
    const store = new MemorySamplingStore({ maxReports: 2 });
    for (const t of [1, 2, 3]) await store.insertThroughput({ reporter: 'r', timestampMs: t, throughput: [{ service: 's', operation: 'o', count: t }] });
    expect(await store.getThroughput(0, 10)).toEqual([{ service: 's', operation: 'o', count: 5 }]);
  });
});
