import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { jaegerApiV2 } from '@waymark/idl';
import { createLogger } from '@waymark/platform';
import { createAllInOne } from '../src/all-in-one';
import type { AllInOneApp } from '../src/all-in-one';
import { loadAllInOneConfig } from '../src/config';
import { startBundle, freePorts } from './support/bundle-process';
import { expectCheckoutTrace, getJson, searchUntilFound } from './support/checkout-expectations';
import type { UiTrace } from './support/checkout-expectations';
import { grpcUnary } from './support/grpc-call';
import { runOtelApp } from './support/otel-app';

/**
 * The "done when": spans an OpenTelemetry SDK sends to the all-in-one's OTLP port are
 * found through GET /api/traces on its query port; once in-process (createAllInOne, as main.ts
 * composes it) and once as the bundle `npm start` builds and runs.
 */
const silent = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const ZERO_PORTS = { OTLP_GRPC_PORT: '0', OTLP_HTTP_PORT: '0', JAEGER_GRPC_PORT: '0', JAEGER_THRIFT_HTTP_PORT: '0', ZIPKIN_HTTP_PORT: '0', ADMIN_PORT: '0', QUERY_HTTP_PORT: '0', SAMPLING_HTTP_PORT: '0', SAMPLING_GRPC_PORT: '0' };
const GET_STRATEGY = '/jaeger.api_v2.SamplingManager/GetSamplingStrategy';

describe('all-in-one in-process over memory storage', () => {
  let app: AllInOneApp;
  let strategiesFile: string;
  const queryBase = () => `http://127.0.0.1:${app.query.port}`;

  beforeAll(async () => {
    strategiesFile = join(mkdtempSync(join(tmpdir(), 'waymark-aio-')), 'strategies.json');
    writeFileSync(strategiesFile, JSON.stringify({ default_strategy: { type: 'probabilistic', param: 0.5 }, service_strategies: [{ service: 'shop', type: 'ratelimiting', param: 7 }] }));
    app = createAllInOne(loadAllInOneConfig({ ...ZERO_PORTS, SAMPLING_STRATEGIES_FILE: strategiesFile }), { logger: silent });
    await app.lifecycle.start();
  });
  afterAll(async () => {
    await app?.lifecycle.stop();
  });

  it.each(['otlp-proto', 'otlp-json', 'otlp-grpc'] as const)('%s: the OTel SDK pointed at OTEL_EXPORTER_OTLP_ENDPOINT is acknowledged, and its trace is served by search and by id', async (exporter) => {
    const port = app.receivers.port(exporter === 'otlp-grpc' ? 'otlp-grpc' : 'otlp-http');
    const service = `shop-${exporter}`;
    const exported = await runOtelApp(exporter, `http://127.0.0.1:${port}`, service);
    expect(exported.results).toEqual([{ code: 0 }]);

    // Memory storage: a 2xx means stored, so the first search finds it.
    const { data: found } = await getJson<{ data: UiTrace[] }>(`${queryBase()}/api/traces?service=${service}&lookback=1h`);
    expect(found.map((trace) => trace.traceID)).toEqual([exported.ids.traceId]);
    expectCheckoutTrace(found[0] as UiTrace, exported, service);
    const { data: byId } = await getJson<{ data: UiTrace[] }>(`${queryBase()}/api/traces/${exported.ids.traceId}`);
    expect(byId).toHaveLength(1);
    expectCheckoutTrace(byId[0] as UiTrace, exported, service);
    expect((await getJson<{ data: string[] }>(`${queryBase()}/api/services`)).data).toContain(service);
  });

  it('serves the same strategies on :5778, :5779 and the collector locations :14268/api/sampling and :14250', async () => {
    const shop = { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 7 } };
    expect(await getJson(`http://127.0.0.1:${app.samplingHttp.port}/sampling?service=shop`)).toEqual(shop);
    expect(await getJson(`http://127.0.0.1:${app.receivers.port('jaeger-thrift-http')}/api/sampling?service=shop`)).toEqual(shop);
    expect(await getJson(`http://127.0.0.1:${app.receivers.port('jaeger-thrift-http')}/sampling?service=other`)).toEqual({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.5 } });

    const request = jaegerApiV2.SamplingStrategyParameters.encode({ serviceName: 'shop' }).finish();
    for (const port of [app.samplingGrpc.port, app.receivers.port('jaeger-grpc')]) {
      const answer = await grpcUnary(`127.0.0.1:${port}`, GET_STRATEGY, request);
      expect(answer.code).toBe(0);
      const strategy = jaegerApiV2.SamplingStrategyResponse.decode(answer.response as Buffer);
      expect([strategy.strategyType, strategy.rateLimitingSampling?.maxTracesPerSecond]).toEqual([jaegerApiV2.SamplingStrategyType.RATE_LIMITING, 7]);
    }
    const invalid = await grpcUnary(`127.0.0.1:${app.receivers.port('jaeger-grpc')}`, GET_STRATEGY, jaegerApiV2.SamplingStrategyParameters.encode({ serviceName: '' }).finish());
    expect(invalid).toMatchObject({ code: 3, details: "'service' parameter must be provided once" });
  });
});

describe('the bundle npm start runs (dist/apps/all-in-one/main.js)', () => {
  it('starts, says where to send and query, stores OTel SDK spans and serves them, and stops cleanly on SIGTERM', async () => {
    const ports = await freePorts();
    const bundle = await startBundle({ ...ports, LOG_LEVEL: 'info' });
    try {
      // Ready comes first; the log line may reach stdout a moment later (pino writes asynchronously).
      const banner = await eventually(() => bundle.lines().map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry['msg'] === 'Waymark all-in-one is running'));
      expect(banner).toMatchObject({
        'otlp-http': `http://127.0.0.1:${ports['OTLP_HTTP_PORT']}/v1/traces`,
        'otlp-grpc': `127.0.0.1:${ports['OTLP_GRPC_PORT']}`,
        query: `http://127.0.0.1:${ports['QUERY_HTTP_PORT']}`,
        sampling: `http://127.0.0.1:${ports['SAMPLING_HTTP_PORT']}/sampling`,
        admin: `http://127.0.0.1:${ports['ADMIN_PORT']}/metrics`,
      });

      const exported = await runOtelApp('otlp-proto', `http://127.0.0.1:${ports['OTLP_HTTP_PORT']}`, 'shop-bundle');
      expect(exported.results).toEqual([{ code: 0 }]);
      const query = `http://127.0.0.1:${ports['QUERY_HTTP_PORT']}`;
      expectCheckoutTrace(await searchUntilFound(query, 'shop-bundle', exported.ids.traceId), exported, 'shop-bundle');
      const { data } = await getJson<{ data: UiTrace[] }>(`${query}/api/traces/${exported.ids.traceId}`);
      expectCheckoutTrace(data[0] as UiTrace, exported, 'shop-bundle');
      expect(await getJson(`http://127.0.0.1:${ports['SAMPLING_HTTP_PORT']}/sampling?service=shop-bundle`)).toEqual({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.001 } });
      const metrics = await (await fetch(`http://127.0.0.1:${ports['ADMIN_PORT']}/metrics`)).text();
      expect(metrics).toMatch(/^waymark_collector_spans_accepted_total\{[^}]*format="otlp",transport="http"[^}]*\} 2$/m);
      expect(metrics).toMatch(/^waymark_queue_batches_total\{result="stored"[^}]*\} 1$/m);
      expect(metrics).toMatch(/^waymark_memory_stored_spans\{[^}]*\} 2$/m);
    } finally {
      expect(await bundle.stop('SIGTERM')).toBe(0);
    }
    expect(bundle.lines().some((line) => line.includes('"msg":"stopped cleanly"'))).toBe(true);
    await expect(fetch(`http://127.0.0.1:${ports['QUERY_HTTP_PORT']}/api/services`)).rejects.toThrow();
  });
});

describe('all-in-one with adaptive sampling', () => {
  it('calculates per-operation probabilities from the root spans it stored, and serves them on every sampling location', async () => {
    const app = createAllInOne(
      loadAllInOneConfig({ ...ZERO_PORTS, SAMPLING_STRATEGY_SOURCE: 'adaptive', SAMPLING_CALCULATION_INTERVAL: '1s', SAMPLING_CALCULATION_DELAY: '0s', SAMPLING_THROUGHPUT_FLUSH_INTERVAL: '200ms', SAMPLING_INITIAL_PROBABILITY: '0.2' }),
      { logger: silent },
    );
    await app.lifecycle.start();
    try {
      const before = await getJson<{ operationSampling?: { defaultSamplingProbability: number; perOperationStrategies: unknown[] } }>(`http://127.0.0.1:${app.samplingHttp.port}/sampling?service=shop-adaptive`);
      expect(before.operationSampling).toMatchObject({ defaultSamplingProbability: 0.2, perOperationStrategies: [] });

      const exported = await runOtelApp('otlp-proto', `http://127.0.0.1:${app.receivers.port('otlp-http')}`, 'shop-adaptive');
      expect(exported.results).toEqual([{ code: 0 }]);
      const deadline = Date.now() + 15_000;
      let operations: Array<{ operation: string; probabilisticSampling: { samplingRate: number } }> = [];
      while (Date.now() < deadline && operations.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        operations = (await getJson<{ operationSampling?: { perOperationStrategies: typeof operations } }>(`http://127.0.0.1:${app.samplingHttp.port}/sampling?service=shop-adaptive`)).operationSampling?.perOperationStrategies ?? [];
      }
      // Only the stored root span (GET /checkout; SELECT cart is its child) can have put the operation into the calculation.
      expect(operations.map((o) => o.operation)).toEqual(['GET /checkout']);
      expect(operations[0]?.probabilisticSampling.samplingRate).toBeGreaterThanOrEqual(0.2);
      const legacy = await getJson<{ operationSampling?: { perOperationStrategies: typeof operations } }>(`http://127.0.0.1:${app.receivers.port('jaeger-thrift-http')}/api/sampling?service=shop-adaptive`);
      expect(legacy.operationSampling?.perOperationStrategies).toEqual(operations);
    } finally {
      await app.lifecycle.stop();
    }
  });
});

/** The first defined value `probe` gives within `timeoutMs`, polling; undefined after that. */
async function eventually<T>(probe: () => T | undefined, timeoutMs = 5_000): Promise<T | undefined> {
  for (const deadline = Date.now() + timeoutMs; ; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
  }
}
