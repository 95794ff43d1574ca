import { Writable } from 'node:stream';
import { createLogger, createMetricsRegistry } from '@waymark/platform';
import { RootSpanCounter, ThroughputReporter } from '@waymark/receivers';
import type { AdaptiveSampling } from '@waymark/sampling';
import { createElasticsearchClient, EsSamplingStore } from '@waymark/storage-elasticsearch';
import { makeSpan, randomSpanId } from '@waymark/storage-testing';
import { elasticsearchUrl, uniqueName } from '@waymark/test-infra';
import { loadSamplingManagerConfig } from '../src/config';
import { createSamplingManager } from '../src/sampling-manager';
import type { SamplingManagerApp } from '../src/sampling-manager';
import { eventually } from './support';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const OP = 'GET /cart';
const RATE = 1000; // root spans per second the simulated service starts
const TARGET = 10;
const FOLLOWER_REFRESH_MS = 500;

/**
 * Adaptive sampling end to end on the real Elasticsearch: two sampling-manager replicas share one
 * store (unique index prefix); the collector's throughput feed (RootSpanCounter →
 * ThroughputReporter → EsSamplingStore) reports the root spans a simulated service keeps at the
 * probability replica A serves. Real clocks, short intervals (1 s calculation, 2 s delay, 500 ms lease
 * retries, 3 s lease TTL).
 */
describe('adaptive sampling over Elasticsearch, two replicas', () => {
  const prefix = uniqueName('sampling-adaptive');
  const es = createElasticsearchClient({ nodes: [elasticsearchUrl()], requestTimeoutMs: 30_000 });
  const apps = new Map<string, SamplingManagerApp>();
  let feed: NodeJS.Timeout | undefined;
  let reporter: ThroughputReporter;

  const start = async (id: string) => {
    const app = createSamplingManager(
      loadSamplingManagerConfig({
        LISTEN_HOST: '127.0.0.1',
        ADMIN_PORT: '0',
        SAMPLING_HTTP_PORT: '0',
        SAMPLING_GRPC_PORT: '0',
        SAMPLING_STRATEGY_SOURCE: 'adaptive',
        SAMPLING_REPLICA_ID: id,
        ELASTICSEARCH_URL: elasticsearchUrl(),
        ES_INDEX_PREFIX: prefix,
        SAMPLING_TARGET_SAMPLES_PER_SECOND: String(TARGET),
        SAMPLING_CALCULATION_INTERVAL: '1s',
        // A report is stamped when its flush starts and becomes searchable only after the
        // Elasticsearch refresh it waits for (1 s, longer on a busy node): windows are read 2 s
        // after they end, as production reads them 2 m after (ADR 007), or reports are missed.
        SAMPLING_CALCULATION_DELAY: '2s',
        SAMPLING_LEASE_TTL: '3s',
        SAMPLING_LEADER_LEASE_REFRESH: '500ms',
        SAMPLING_FOLLOWER_LEASE_REFRESH: `${FOLLOWER_REFRESH_MS}ms`,
        SAMPLING_PROBABILITIES_REFRESH: '300ms',
      }),
      { logger },
    );
    await app.lifecycle.start();
    apps.set(id, app);
    return app;
  };
  const adaptive = (app: SamplingManagerApp) => app.provider as AdaptiveSampling;
  const served = async (app: SamplingManagerApp) => {
    const answer = (await (await fetch(`http://127.0.0.1:${app.http.port}/sampling?service=cart`)).json()) as {
      operationSampling: { defaultSamplingProbability: number; perOperationStrategies: Array<{ operation: string; probabilisticSampling: { samplingRate: number } }> };
    };
    return answer.operationSampling.perOperationStrategies.find((s) => s.operation === OP)?.probabilisticSampling.samplingRate ?? answer.operationSampling.defaultSamplingProbability;
  };

  beforeAll(async () => {
    const a = await start('replica-a');
    await start('replica-b');
    // The write path: every 100 ms the service starts RATE/10 root spans; the SDK keeps each with the
    // probability replica A serves (expected count; fractional remainders carried over).
    const counter = new RootSpanCounter(1000);
    reporter = new ThroughputReporter({
      counter,
      store: new EsSamplingStore({ client: es, indexPrefix: prefix, createTemplates: true, indexSettings: { shards: 1, replicas: 0 } }),
      reporter: 'collector-1',
      flushIntervalMs: 250,
      maxPendingReports: 10,
      logger,
      registry: createMetricsRegistry(),
    });
    await reporter.start();
    let carry = 0;
    let p = await served(a);
    feed = setInterval(() => {
      carry += (RATE / 10) * p;
      const kept = Math.floor(carry);
      carry -= kept;
      counter.record(Array.from({ length: kept }, () => makeSpan({ service: 'cart', name: OP })));
      // Child spans are never counted.
      counter.record([makeSpan({ service: 'cart', name: OP, parentSpanId: randomSpanId() })]);
      void served(apps.get('replica-a') ?? apps.get('replica-b') as SamplingManagerApp).then((value) => (p = value), () => undefined);
    }, 100);
  });

  afterAll(async () => {
    clearInterval(feed);
    await reporter?.stop();
    for (const app of apps.values()) await app.lifecycle.stop();
    await es.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
    await es.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
    await es.close();
  });

  it('elects one leader, converges 1,000 root spans/s to the target within 15 calculation intervals, and both replicas serve the same probabilities', async () => {
    const [a, b] = [apps.get('replica-a') as SamplingManagerApp, apps.get('replica-b') as SamplingManagerApp];
    expect([adaptive(a).election.isLeader(), adaptive(b).election.isLeader()]).toEqual([true, false]);
    // 0.001 (1/s kept) doubles each 1 s interval: 0.008 (8/s) is within 30 % of 10/s after 3–4 rounds
    // plus the 2 s delay; allow 15 s.
    await eventually(async () => Math.abs((await served(a)) * RATE - TARGET) / TARGET < 0.3, 15_000, 'converged');
    await eventually(async () => (await served(a)) === (await served(b)), 3000, 'replicas agree');
    const snapshot = await new EsSamplingStore({ client: es, indexPrefix: prefix, createTemplates: false, indexSettings: { shards: 1, replicas: 0 } }).getLatestProbabilities();
    expect(snapshot?.leader).toBe(adaptive(a).instanceId);
    expect(adaptive(a).instanceId).toMatch(/^replica-a-[0-9a-f]{8}$/);
    expect(snapshot?.qps['cart']?.[OP]).toBeGreaterThan(0);
  });

  it('moves the work to the other replica within one follower retry (500 ms) when the leader stops', async () => {
    const a = apps.get('replica-a') as SamplingManagerApp;
    const b = apps.get('replica-b') as SamplingManagerApp;
    const before = await served(b);
    await a.lifecycle.stop();
    apps.delete('replica-a');
    const took = await eventually(() => adaptive(b).election.isLeader(), 5000, 'replica-b leads');
    expect(took).toBeLessThan(FOLLOWER_REFRESH_MS + 1000);
    const store = new EsSamplingStore({ client: es, indexPrefix: prefix, createTemplates: false, indexSettings: { shards: 1, replicas: 0 } });
    await eventually(async () => (await store.getLatestProbabilities())?.leader === adaptive(b).instanceId, 5000, 'replica-b calculates');
    // A later lease term than replica-a's: its snapshots supersede a's whatever the clocks say.
    expect((await store.getLatestProbabilities())?.term).toBeGreaterThan(1);
    // It continued from the stored probabilities (around 0.01), not from the initial 0.001. (With
    // real 1 s windows and 250 ms flushes, a window holds 3 to 5 flushes, so single rounds swing
    // by ±25 %: the check is an order of magnitude, the convergence itself is tested above.)
    expect(before).toBeGreaterThan(0.005);
    expect(await served(b)).toBeGreaterThan(0.004);
  });
});
