import { Client } from '@elastic/elasticsearch';
import { describeSamplingStoreConformance } from '@waymark/storage-testing';
import { elasticsearchUrl, uniqueName } from '@waymark/test-infra';
import { EsSamplingStore, samplingIndexWildcard } from '../src';

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
});
