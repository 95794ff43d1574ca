import { Client } from '@elastic/elasticsearch';
import { elasticsearchUrl, uniqueName } from '@waymark/test-infra';

// Walking skeleton: the real Elasticsearch node started by the test harness indexes a
// document through the 8.x client and finds it again with a search.
describe('Elasticsearch (real node)', () => {
  const client = new Client({ node: elasticsearchUrl() });
  const index = uniqueName('skeleton-jaeger-span');

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('finds an indexed document by a keyword search', async () => {
    await client.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { properties: { traceID: { type: 'keyword' }, startTimeMillis: { type: 'date', format: 'epoch_millis' } } },
    });
    await client.index({ index, id: 'a1', document: { traceID: '5b8efff798038103d269b633813fc60c', startTimeMillis: 1544712660000 }, refresh: 'wait_for' });

    const result = await client.search<{ traceID: string }>({ index, query: { term: { traceID: '5b8efff798038103d269b633813fc60c' } } });

    expect(result.hits.hits.map((hit) => [hit._id, hit._source?.traceID])).toEqual([['a1', '5b8efff798038103d269b633813fc60c']]);
  });
});
