import { Client } from '@elastic/elasticsearch';
import { describeSamplingStoreConformance } from '@waymark/storage-testing';
import { elasticsearchUrl, uniqueName } from '@waymark/test-infra';
import { EsSamplingStore, samplingIndexName, samplingIndexWildcard } from '../src';

// The SamplingStore contract against the real Elasticsearch node, under a unique index prefix.
let client: Client | undefined;
let prefix = '';

describeSamplingStoreConformance(
  'elasticsearch',
  async () => {
    prefix = uniqueName('es-sampling');
    client = new Client({ node: elasticsearchUrl() });
    return new EsSamplingStore({ client, indexPrefix: prefix, createTemplates: true, indexSettings: { shards: 1, replicas: 0 } });
  },
  async () => {
    await client?.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
    await client?.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
    await client?.close();
  },
);

describe('EsSamplingStore layout', () => {
  it('writes Jaeger-shaped throughput documents into daily jaeger-sampling indices', async () => {
    const name = uniqueName('es-sampling-doc');
    const es = new Client({ node: elasticsearchUrl() });
    try {
      const store = new EsSamplingStore({ client: es, indexPrefix: name, createTemplates: true, indexSettings: { shards: 1, replicas: 0 } });
      const t = Date.UTC(2026, 0, 8, 13, 0, 0);
      await store.insertThroughput({ reporter: 'c1', timestampMs: t, throughput: [{ service: 'cart', operation: 'GET /cart', count: 7 }] });
      const hits = await es.search({ index: samplingIndexWildcard(name) });
      expect(hits.hits.hits.map((hit) => [hit._index, hit._source])).toEqual([
        [`${name}-jaeger-sampling-2026-01-08`, { timestamp: '2026-01-08T13:00:00.000Z', reporter: 'c1', throughputs: { Service: 'cart', Operation: 'GET /cart', Count: 7, Probabilities: [] } }],
      ]);
    } finally {
      await es.indices.delete({ index: `${name}-*`, ignore_unavailable: true, allow_no_indices: true });
      await es.indices.deleteIndexTemplate({ name: `${name}-*` }, { ignore: [404] });
      await es.close();
    }
  });

  it('orders snapshots by lease term in a daily index created before the ordering fields existed', async () => {
    const name = uniqueName('es-sampling-upgrade');
    const es = new Client({ node: elasticsearchUrl() });
    try {
      const t = Date.now();
      // Today's index as the first release's template made it: no leaseTerm / sequence mapping.
      await es.indices.create({
        index: samplingIndexName(name, t),
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: { dynamic: false, properties: { timestamp: { type: 'date' }, probabilitiesandqps: { properties: { Hostname: { type: 'keyword' }, Probabilities: { type: 'object', enabled: false }, QPS: { type: 'object', enabled: false } } } } },
      });
      const store = new EsSamplingStore({ client: es, indexPrefix: name, createTemplates: true, indexSettings: { shards: 1, replicas: 0 } });
      const newLeader = { timestampMs: t, leader: 'new', term: 5, sequence: 1, probabilities: { cart: { get: 0.25 } }, qps: {} };
      await store.insertProbabilities(newLeader);
      await store.insertProbabilities({ timestampMs: t + 5000, leader: 'old', term: 4, sequence: 9, probabilities: { cart: { get: 0.5 } }, qps: {} });
      expect(await store.getLatestProbabilities()).toEqual(newLeader);
    } finally {
      await es.indices.delete({ index: `${name}-*`, ignore_unavailable: true, allow_no_indices: true });
      await es.indices.deleteIndexTemplate({ name: `${name}-*` }, { ignore: [404] });
      await es.close();
    }
  });
});
