import { JAEGER_TAGS_POLICY } from '@waymark/span-translate';
import { makeSpan } from '@waymark/storage-testing';
import { uniqueName } from '@waymark/test-infra';
import { IndexTemplates, indexBaseOf } from '../src';
import { createEsTestStore, rawClient } from './es-test-store';
import type { EsTestStore } from './es-test-store';

// The composable templates, as the real node accepts and applies them.
describe('index templates (real Elasticsearch)', () => {
  let store: EsTestStore;

  beforeAll(async () => {
    store = await createEsTestStore('es-tpl', { ES_INDEX_REFRESH_INTERVAL: '2s', ES_TOTAL_FIELDS_LIMIT: '2000' });
  });
  afterAll(() => store.cleanup());

  it('installs the span and service templates at start, with the configured settings', async () => {
    const { index_templates: templates } = await store.client.indices.getIndexTemplate({ name: `${store.prefix}-jaeger-*` });
    expect(templates.map((t) => t.name).sort()).toEqual([`${store.prefix}-jaeger-service`, `${store.prefix}-jaeger-span`]);
    const span = templates.find((t) => t.name.endsWith('span'));
    expect(span?.index_template.index_patterns).toEqual([`${store.prefix}-jaeger-span-*`]);
  });

  it('applies them to the daily indices the writer creates: keyword ids, nested tags, tag fields as keywords', async () => {
    const span = makeSpan({ service: 'tpl', startMs: Date.UTC(2025, 3, 2, 12), attributes: { 'http.status_code': 200, 'http.method': 'GET' } });
    await store.writer.write([span]);
    const index = `${store.prefix}-jaeger-span-2025-04-02`;
    const settings = (await store.client.indices.getSettings({ index }))[index]?.settings?.index;
    expect(settings).toMatchObject({ number_of_shards: '1', number_of_replicas: '0', refresh_interval: '2s', mapping: { total_fields: { limit: '2000' } } });
    const mapping = (await store.client.indices.getMapping({ index }))[index]?.mappings;
    expect(mapping?.properties?.['traceID']).toEqual({ type: 'keyword', ignore_above: 256 });
    expect(mapping?.properties?.['tags']).toMatchObject({ type: 'nested' });
    expect(mapping?.properties?.['logs']).toMatchObject({ type: 'nested', properties: { fields: { type: 'nested' } } });
    expect(mapping?.properties?.['tag']).toMatchObject({ properties: { 'http@status_code': { type: 'keyword', ignore_above: 256 }, 'http@method': { type: 'keyword' } } });
    const service = `${store.prefix}-jaeger-service-2025-04-02`;
    expect((await store.client.indices.getMapping({ index: service }))[service]?.mappings?.properties?.['serviceName']).toEqual({ type: 'keyword', ignore_above: 256 });
  });

  it('installs again without complaint (idempotent), and the Jaeger nested variant is accepted too', async () => {
    const templates = new IndexTemplates(store.client, { shards: 1, replicas: 0, tagsPolicy: JAEGER_TAGS_POLICY });
    const base = indexBaseOf(uniqueName('es-tpl-jaeger'));
    const client = rawClient();
    try {
      await templates.ensure(base);
      await templates.ensure(base);
      await new IndexTemplates(store.client, { shards: 1, replicas: 0, tagsPolicy: JAEGER_TAGS_POLICY }).ensure(base);
      const { index_templates: installed } = await client.indices.getIndexTemplate({ name: `${base}jaeger-span` });
      expect(installed[0]?.index_template.template?.settings?.index).toMatchObject({ mapping: { nested_fields: { limit: '50' } } });
    } finally {
      await client.indices.deleteIndexTemplate({ name: `${base}jaeger-*` }, { ignore: [404] });
      await client.close();
    }
  });
});
