import { Writable } from 'node:stream';
import { createLogger, EnvReader } from '@waymark/platform';
import { createElasticsearchClient, readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import { elasticsearchUrl, freePort, uniqueName } from '@waymark/test-infra';
import { createAllInOne } from '../src/all-in-one';
import type { AllInOneApp } from '../src/all-in-one';
import { loadAllInOneConfig } from '../src/config';
import { expectCheckoutTrace, getJson, searchUntilFound } from './support/checkout-expectations';
import type { UiTrace } from './support/checkout-expectations';
import { runOtelApp } from './support/otel-app';

/** ELASTICSEARCH_URL set: the same all-in-one writes through its queue into the real Elasticsearch and reads from it. */
const silent = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const ZERO_PORTS = { OTLP_GRPC_PORT: '0', OTLP_HTTP_PORT: '0', JAEGER_GRPC_PORT: '0', JAEGER_THRIFT_HTTP_PORT: '0', ZIPKIN_HTTP_PORT: '0', ADMIN_PORT: '0', QUERY_HTTP_PORT: '0', SAMPLING_HTTP_PORT: '0', SAMPLING_GRPC_PORT: '0' };

describe('all-in-one over the real Elasticsearch (ELASTICSEARCH_URL set)', () => {
  const prefix = uniqueName('aio');
  const pattern = `${prefix}-*`;
  const env = { ELASTICSEARCH_URL: elasticsearchUrl(), ES_INDEX_PREFIX: prefix };
  const reader = new EnvReader(env);
  const client = createElasticsearchClient(readElasticsearchConfig(reader).client);
  let app: AllInOneApp;

  beforeAll(async () => {
    app = createAllInOne(loadAllInOneConfig({ ...ZERO_PORTS, ...env }), { logger: silent });
    await app.lifecycle.start();
  });
  afterAll(async () => {
    await app?.lifecycle.stop();
    await client.indices.delete({ index: pattern, ignore_unavailable: true, allow_no_indices: true });
    await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] }).catch(() => undefined);
    await client.close();
  });

  it('keeps no memory store, and is ready with Elasticsearch answering', async () => {
    expect(app.store).toBeUndefined();
    expect((await fetch(`http://127.0.0.1:${app.admin.port}/ready`)).status).toBe(200);
  });

  it('acknowledges OTel SDK spans only once Elasticsearch stored them, then serves them by search and by id', async () => {
    // The first write creates the prefix's indices; on a shared, busy Elasticsearch that can outlast the SDK's default 10 s.
    const exported = await runOtelApp('otlp-proto', `http://127.0.0.1:${app.receivers.port('otlp-http')}`, 'shop-es', 45_000);
    expect(exported.results).toEqual([{ code: 0 }]);
    // The export was acknowledged: both span documents (and the service's) are in the prefix's daily indices already.
    await client.indices.refresh({ index: pattern });
    const { count } = await client.count({ index: `${prefix}-jaeger-span-*`, query: { term: { traceID: exported.ids.traceId } } });
    expect(count).toBe(2);
    expect(app.queue.depth).toEqual({ spans: 0, bytes: 0 });

    const query = `http://127.0.0.1:${app.query.port}`;
    expectCheckoutTrace(await searchUntilFound(query, 'shop-es', exported.ids.traceId), exported, 'shop-es');
    const { data } = await getJson<{ data: UiTrace[] }>(`${query}/api/traces/${exported.ids.traceId}`);
    expectCheckoutTrace(data[0] as UiTrace, exported, 'shop-es');
    expect((await getJson<{ data: string[] }>(`${query}/api/services`)).data).toContain('shop-es');
  });
});

describe('all-in-one with an unreachable Elasticsearch', () => {
  it('is not ready, and answers spans 503 + Retry-After instead of acknowledging them', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    const app = createAllInOne(loadAllInOneConfig({ ...ZERO_PORTS, ELASTICSEARCH_URL: nobody, ES_BULK_MAX_ATTEMPTS: '1', ELASTICSEARCH_REQUEST_TIMEOUT: '500ms', RETRY_AFTER: '2s' }), { logger: silent });
    await app.lifecycle.start();
    try {
      expect((await fetch(`http://127.0.0.1:${app.admin.port}/ready`)).status).toBe(503);
      const start = String(BigInt(Date.now()) * 1_000_000n);
      const body = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'lost?' } }] }, scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), name: 'op', startTimeUnixNano: start, endTimeUnixNano: start }] }] }] };
      const response = await fetch(`http://127.0.0.1:${app.receivers.port('otlp-http')}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await app.registry.getSingleMetric('waymark_queue_batches_total')?.get())?.values.find((v) => v.labels['result'] === 'failed')?.value).toBe(1);
    } finally {
      await app.lifecycle.stop();
    }
  });
});
