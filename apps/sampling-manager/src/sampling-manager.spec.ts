import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AlwaysOffSampler } from '@opentelemetry/sdk-trace-base';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { JaegerRemoteSampler } from '@opentelemetry/sampler-jaeger-remote';
import { createLogger } from '@waymark/platform';
import { eventually, grpcStrategy } from '../test/support';
import { loadSamplingManagerConfig } from './config';
import { createSamplingManager } from './sampling-manager';
import type { SamplingManagerApp } from './sampling-manager';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const RELOAD_MS = 200;

const strategies = (checkoutRate: number) =>
  JSON.stringify({
    default_strategy: { type: 'probabilistic', param: 0.5 },
    service_strategies: [
      {
        service: 'checkout',
        type: 'probabilistic',
        param: checkoutRate,
        operation_strategies: [
          { operation: 'GET /health', type: 'probabilistic', param: 0 },
          { operation: 'POST /pay', type: 'probabilistic', param: 1 },
        ],
      },
      { service: 'legacy', type: 'ratelimiting', param: 7 },
    ],
  });

describe('sampling-manager with a strategies file', () => {
  let dir: string;
  let file: string;
  let app: SamplingManagerApp;
  const http = (path: string) => fetch(`http://127.0.0.1:${app.http.port}${path}`);
  const served = async (service: string) => (await (await http(`/sampling?service=${service}`)).json()) as { operationSampling?: { defaultSamplingProbability: number } };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sampling-'));
    file = join(dir, 'strategies.json');
    writeFileSync(file, strategies(0.25));
    const config = loadSamplingManagerConfig({
      LISTEN_HOST: '127.0.0.1',
      ADMIN_PORT: '0',
      SAMPLING_HTTP_PORT: '0',
      SAMPLING_GRPC_PORT: '0',
      SAMPLING_STRATEGIES_FILE: file,
      SAMPLING_STRATEGIES_RELOAD_INTERVAL: `${RELOAD_MS}ms`,
    });
    app = createSamplingManager(config, { logger });
    await app.lifecycle.start();
  });
  afterAll(async () => {
    await app?.lifecycle.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves Jaeger\'s strategy JSON on /sampling, /api/sampling and /, the default for unknown services', async () => {
    const expected = {
      strategyType: 'PROBABILISTIC',
      probabilisticSampling: { samplingRate: 0.25 },
      operationSampling: {
        defaultSamplingProbability: 0.25,
        defaultLowerBoundTracesPerSecond: 0,
        perOperationStrategies: [
          { operation: 'GET /health', probabilisticSampling: { samplingRate: 0 } },
          { operation: 'POST /pay', probabilisticSampling: { samplingRate: 1 } },
        ],
        defaultUpperBoundTracesPerSecond: 0,
      },
    };
    for (const path of ['/sampling', '/api/sampling', '/']) {
      const answer = await http(`${path}?service=checkout`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await answer.json()).toEqual(expected);
    }
    expect(await (await http('/sampling?service=legacy')).json()).toEqual({ strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 7 } });
    expect(await (await http('/sampling?service=nobody-knows')).json()).toEqual({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.5 } });
  });

  it('answers 400 when service is missing, repeated or absurd', async () => {
    for (const query of ['', '?service=', '?service=a&service=b', `?service=${'x'.repeat(600)}`, '?service=a%00b']) {
      const answer = await http(`/sampling${query}`);
      expect([query, answer.status]).toEqual([query, 400]);
    }
    expect(await (await http('/sampling?service=a&service=b')).text()).toBe("'service' parameter must be provided once\n");
  });

  it('serves the same strategy over gRPC SamplingManager/GetSamplingStrategy, INVALID_ARGUMENT without a service', async () => {
    const address = `127.0.0.1:${app.grpc.port}`;
    expect(await grpcStrategy(address, 'checkout')).toEqual(await (await http('/sampling?service=checkout')).json());
    expect(await grpcStrategy(address, 'legacy')).toEqual({ strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 7 } });
    await expect(grpcStrategy(address, '')).rejects.toMatchObject({ code: 3 });
  });

  it('is what the real OpenTelemetry JS Jaeger remote sampler fetches, and the SDK samples accordingly', async () => {
    const realSetInterval = global.setInterval;
    const timers: NodeJS.Timeout[] = [];
    // The sampler polls forever and has no shutdown: keep its timer to clear it afterwards.
    const spy = jest.spyOn(global, 'setInterval').mockImplementation(((fn: () => void, ms: number) => {
      const timer = realSetInterval(fn, ms);
      timers.push(timer);
      return timer;
    }) as typeof setInterval);
    const sampler = new JaegerRemoteSampler({ endpoint: `http://127.0.0.1:${app.http.port}`, serviceName: 'checkout', poolingInterval: 50, initialSampler: new AlwaysOffSampler() });
    spy.mockRestore();
    try {
      await eventually(() => sampler.toString().includes('PerOperationSampler'), 5000, 'sampler fetched its strategy');
      const tracer = new BasicTracerProvider({ sampler }).getTracer('test');
      const sampledOf = (name: string, n: number) => {
        let sampled = 0;
        for (let i = 0; i < n; i++) {
          const span = tracer.startSpan(name);
          if (span.isRecording()) sampled++;
          span.end();
        }
        return sampled;
      };
      expect(sampledOf('POST /pay', 200)).toBe(200);
      expect(sampledOf('GET /health', 200)).toBe(0);
      // Other operations: the service's 0.25 (binomial, n = 4000: 1000 ± 27.4; ±5σ).
      const cart = sampledOf('GET /cart', 4000);
      expect(cart).toBeGreaterThan(1000 - 137);
      expect(cart).toBeLessThan(1000 + 137);
    } finally {
      timers.forEach(clearInterval);
    }
  });

  it('serves a changed file within the reload interval, and keeps the last good strategies when the file breaks', async () => {
    writeFileSync(file, strategies(0.75));
    const took = await eventually(async () => (await served('checkout')).operationSampling?.defaultSamplingProbability === 0.75, 2 * RELOAD_MS + 500, 'changed strategy served');
    expect(took).toBeLessThanOrEqual(2 * RELOAD_MS + 500);

    const failedBefore = await reloadsFailed(app);
    writeFileSync(file, '{"service_strategies": [ {"service": "checkout", "type": "probabilistic", "param": 7} ]}');
    await eventually(async () => (await reloadsFailed(app)) > failedBefore, 5 * RELOAD_MS, 'broken file noticed');
    writeFileSync(file, '{ not json');
    await eventually(async () => (await reloadsFailed(app)) > failedBefore + 1, 5 * RELOAD_MS, 'second broken file noticed');
    expect((await served('checkout')).operationSampling?.defaultSamplingProbability).toBe(0.75);
    expect((await http('/sampling?service=checkout')).status).toBe(200);

    writeFileSync(file, strategies(0.1));
    await eventually(async () => (await served('checkout')).operationSampling?.defaultSamplingProbability === 0.1, 2 * RELOAD_MS + 500, 'fixed file served');
  });

  it('counts requests and reports ready on the admin port', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${app.admin.port}/metrics`)).text();
    expect(metrics).toMatch(/waymark_sampling_requests_total\{transport="http",result="ok",service="sampling-manager"\} \d+/);
    expect(metrics).toMatch(/waymark_sampling_requests_total\{transport="http",result="invalid",service="sampling-manager"\} 6/);
    expect((await fetch(`http://127.0.0.1:${app.admin.port}/ready`)).status).toBe(200);
  });
});

async function reloadsFailed(app: SamplingManagerApp): Promise<number> {
  const metric = await app.registry.getSingleMetric('waymark_sampling_strategies_reloads_total')?.get();
  return metric?.values.find((v) => v.labels['result'] === 'failed')?.value ?? 0;
}

describe('sampling-manager configuration', () => {
  it('refuses to start with an invalid strategies file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sampling-bad-'));
    try {
      writeFileSync(join(dir, 's.json'), '{"default_strategy": {"type": "const", "param": 1}}');
      const app = createSamplingManager(loadSamplingManagerConfig({ ADMIN_PORT: '0', SAMPLING_HTTP_PORT: '0', SAMPLING_GRPC_PORT: '0', SAMPLING_STRATEGIES_FILE: join(dir, 's.json') }), { logger });
      await expect(app.lifecycle.start()).rejects.toThrow(/"type" must be "probabilistic" or "ratelimiting"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every bad variable', () => {
    expect(() => loadSamplingManagerConfig({ SAMPLING_STRATEGY_SOURCE: 'magic', SAMPLING_CALCULATION_BUCKETS: '20', SAMPLING_HTTP_PORT: 'x' })).toThrow(
      /SAMPLING_STRATEGY_SOURCE[\s\S]*SAMPLING_HTTP_PORT[\s\S]*calculation buckets cannot exceed aggregation buckets/,
    );
  });
});
