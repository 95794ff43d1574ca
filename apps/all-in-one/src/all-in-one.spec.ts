import { Writable } from 'node:stream';
import { createLogger } from '@waymark/platform';
import { loadAllInOneConfig } from './config';
import { createAllInOne } from './all-in-one';
import type { AllInOneApp } from './all-in-one';

const silent = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const PORTS = { OTLP_GRPC_PORT: '0', OTLP_HTTP_PORT: '0', JAEGER_GRPC_PORT: '0', JAEGER_THRIFT_HTTP_PORT: '0', ZIPKIN_HTTP_PORT: '0', ADMIN_PORT: '0', QUERY_HTTP_PORT: '0', SAMPLING_HTTP_PORT: '0', SAMPLING_GRPC_PORT: '0' };

function otlpJson(traceId: string, spanId: string, service: string, name: string) {
  const start = BigInt(Date.now() - 1000) * 1_000_000n;
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ spans: [{ traceId, spanId, name, kind: 2, startTimeUnixNano: String(start), endTimeUnixNano: String(start + 2_000_000n), attributes: [{ key: 'http.method', value: { stringValue: 'GET' } }] }] }],
      },
    ],
  };
}

async function post(app: AllInOneApp, body: unknown): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${app.receivers.port('otlp-http')}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
}

async function metric(app: AllInOneApp, name: string): Promise<number | undefined> {
  return (await app.registry.getSingleMetric(name)?.get())?.values[0]?.value;
}

describe('all-in-one over memory storage', () => {
  let app: AllInOneApp;
  const query = (path: string) => fetch(`http://127.0.0.1:${app.query.port}${path}`);

  beforeAll(async () => {
    app = createAllInOne(loadAllInOneConfig({ ...PORTS, MEMORY_MAX_TRACES: '2', SAMPLING_DEFAULT_PROBABILITY: '0.25' }), { logger: silent });
    await app.lifecycle.start();
  });
  afterAll(async () => {
    await app?.lifecycle.stop();
  });

  it('acknowledges OTLP/HTTP spans once stored, and serves them on the query API', async () => {
    expect(await post(app, otlpJson('5b8efff798038103d269b633813fc60c', 'eee19b7ec3c1b174', 'checkout', 'GET /cart'))).toBe(200);
    const response = await query('/api/traces/5b8efff798038103d269b633813fc60c');
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Array<{ traceID: string; spans: Array<{ spanID: string; operationName: string; processID: string }>; processes: Record<string, { serviceName: string }> }> };
    expect(data.map((trace) => trace.traceID)).toEqual(['5b8efff798038103d269b633813fc60c']);
    const span = data[0]?.spans[0];
    expect([span?.spanID, span?.operationName, data[0]?.processes[span?.processID ?? '']?.serviceName]).toEqual(['eee19b7ec3c1b174', 'GET /cart', 'checkout']);
    expect(await (await query('/api/services')).json()).toMatchObject({ data: ['checkout'] });
  });

  it('evicts the oldest traces beyond MEMORY_MAX_TRACES and counts them', async () => {
    const before = (await metric(app, 'waymark_memory_evicted_traces_total')) ?? 0;
    for (const [i, id] of ['1', '2', '3'].entries()) expect(await post(app, otlpJson(id.repeat(32), `${i + 1}`.repeat(16), 'evict', 'op'))).toBe(200);
    expect((await query(`/api/traces/${'1'.repeat(32)}`)).status).toBe(404);
    expect((await query(`/api/traces/${'3'.repeat(32)}`)).status).toBe(200);
    expect(((await metric(app, 'waymark_memory_evicted_traces_total')) ?? 0) - before).toBe(2);
    expect(await metric(app, 'waymark_memory_stored_traces')).toBe(2);
  });

  it('answers sampling on :5778 and on the collector location :14268/api/sampling from the same strategies', async () => {
    const expected = { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.25 } };
    const direct = await fetch(`http://127.0.0.1:${app.samplingHttp.port}/sampling?service=checkout`);
    expect(await direct.json()).toEqual(expected);
    const legacy = await fetch(`http://127.0.0.1:${app.receivers.port('jaeger-thrift-http')}/api/sampling?service=checkout`);
    expect([legacy.status, await legacy.json()]).toEqual([200, expected]);
    const invalid = await fetch(`http://127.0.0.1:${app.receivers.port('jaeger-thrift-http')}/api/sampling`);
    expect([invalid.status, await invalid.text()]).toEqual([400, "'service' parameter must be provided once\n"]);
  });

  it('is ready once started, with the queue empty after every acknowledged write', async () => {
    expect((await fetch(`http://127.0.0.1:${app.admin.port}/ready`)).status).toBe(200);
    expect(app.queue.depth).toEqual({ spans: 0, bytes: 0 });
    expect(await metric(app, 'waymark_queue_spans')).toBe(0);
  });
});

describe('all-in-one configuration', () => {
  it('defaults to the split deployment ports and memory storage', () => {
    const config = loadAllInOneConfig({});
    expect(config.receivers.ports).toEqual({ 'otlp-grpc': 4317, 'otlp-http': 4318, 'jaeger-grpc': 14250, 'jaeger-thrift-http': 14268, 'zipkin-http': 9411 });
    expect([config.common.adminPort, config.query.port, config.sampling.httpPort, config.sampling.grpcPort]).toEqual([14269, 16686, 5778, 5779]);
    expect(config.storage).toEqual({ kind: 'memory', maxTraces: 100_000 });
    expect(config.queue).toEqual({ maxSpans: 100_000, maxBytes: 128 * 1024 * 1024, maxBatchSpans: 5000, maxBatchBytes: 16 * 1024 * 1024, concurrency: 2, retryAfterMs: 1000 });
  });

  it('uses Elasticsearch when ELASTICSEARCH_URL is set', () => {
    const config = loadAllInOneConfig({ ELASTICSEARCH_URL: 'http://127.0.0.1:9201', ES_INDEX_PREFIX: 'aio' });
    expect(config.storage.kind).toBe('elasticsearch');
    expect(config.storage.kind === 'elasticsearch' && [config.storage.elasticsearch.client.nodes, config.storage.elasticsearch.indexPrefix]).toEqual([['http://127.0.0.1:9201'], 'aio']);
  });

  it('names every bad variable', () => {
    const message = (() => {
      try {
        loadAllInOneConfig({ QUERY_HTTP_PORT: 'x', QUEUE_MAX_SPANS: '0', SAMPLING_STRATEGY_SOURCE: 'remote', QUERY_BASE_PATH: 'jaeger' });
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of ['QUERY_HTTP_PORT="x"', 'QUEUE_MAX_SPANS="0"', 'SAMPLING_STRATEGY_SOURCE="remote"', 'QUERY_BASE_PATH="jaeger"']) expect(message).toContain(name);
  });

  it('refuses adaptive sampling under tenancy, whose spans it would never count', () => {
    const load = (env: Record<string, string>) => () => loadAllInOneConfig({ TENANCY_ENABLED: 'true', TENANCY_TENANTS: 'acme', ...env });
    expect(load({ SAMPLING_STRATEGY_SOURCE: 'adaptive' })).toThrow(/SAMPLING_STRATEGY_SOURCE=adaptive cannot be combined with TENANCY_ENABLED=true/);
    expect(load({})).not.toThrow();
  });
});

describe('all-in-one start-up block', () => {
  it('is announced once every listener is up, with the bound ports', async () => {
    const announced: string[] = [];
    const app = createAllInOne(loadAllInOneConfig(PORTS), { logger: silent, announce: (text) => announced.push(text) });
    await app.lifecycle.start();
    try {
      expect(announced).toHaveLength(1);
      expect(announced[0]).toContain(`http://127.0.0.1:${app.receivers.port('otlp-http')}/v1/traces`);
      expect(announced[0]).toContain(`http://127.0.0.1:${app.query.port}/api/traces?service=<name>`);
      expect(announced[0]).toContain(`http://127.0.0.1:${app.samplingHttp.port}/sampling?service=<name>`);
      expect(announced[0]).toContain('Storage: memory, at most 100000 traces');
    } finally {
      await app.lifecycle.stop();
    }
  });
});
