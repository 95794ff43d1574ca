/**
 * Query latency over the real Elasticsearch with a large store: loads `--spans` spans (default
 * 1,000,000) through the ingester's writer (EsSpanWriter) under a fresh index prefix, then runs
 * the query app in this process and measures, over HTTP, sequential requests of
 *   - get-trace-by-id: `GET /api/traces/{id}` of random stored traces (`--trace-size` spans each);
 *   - service+tag search: `GET /api/traces?service=…&tag=customer.id:…&limit=20&lookback=1h`.
 * Prints p50/p95/p99/max and requests/s per kind; asserts nothing. The load generator, the query
 * app and Elasticsearch share the machine: read the load average it prints.
 *
 *   node bench/run-ts.cjs bench/query.ts [--spans 1000000] [--trace-size 10] [--requests 500]
 *        [--prefix <existing prefix> --no-load] [--keep]
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createLogger, EnvReader } from '@waymark/platform';
import type { Span, TraceId } from '@waymark/span-model';
import { createElasticsearchClient, createEsSpanWriter, readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import { makeSpan, randomSpanId, randomTraceId } from '@waymark/storage-testing';
import { Registry } from 'prom-client';
import { loadQueryConfig } from '../apps/query/src/config';
import { createQuery } from '../apps/query/src/query';

const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const option = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
};
const SPANS = Number(option('spans', '1000000'));
const TRACE_SIZE = Number(option('trace-size', '10'));
const REQUESTS = Number(option('requests', '500'));
const PREFIX = option('prefix', `bench-query-${Date.now().toString(36)}`);
const ES_URL = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
const SERVICES = 20;
const CUSTOMERS = 1000;
const BATCH = 5000;

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function traceOf(now: number, index: number): Span[] {
  const traceId = randomTraceId();
  const service = `svc-${index % SERVICES}`;
  const customer = String(index % CUSTOMERS);
  const start = now - 50 * 60_000 + (index % 3_000_000) / 1000; // spread over 50 minutes
  const rootId = randomSpanId();
  const spans: Span[] = [makeSpan({ traceId, spanId: rootId, service, name: `GET /api/${index % 50}`, kind: 'server', startMs: start, durationMicros: 20_000 + (index % 5000), attributes: { 'customer.id': customer, 'http.status_code': 200 } })];
  for (let i = 1; i < TRACE_SIZE; i++) {
    spans.push(makeSpan({ traceId, parentSpanId: rootId, service: `svc-${(index + i) % SERVICES}`, name: `call-${i}`, kind: 'client', startMs: start + i, durationMicros: 1000 + i, attributes: { 'db.system': 'redis', 'peer.index': i } }));
  }
  return spans;
}

async function load(): Promise<void> {
  const reader = new EnvReader({ ELASTICSEARCH_URL: ES_URL, ES_INDEX_PREFIX: PREFIX, ES_BULK_MAX_ACTIONS: '2000', ES_BULK_CONCURRENCY: '2' });
  const config = readElasticsearchConfig(reader);
  reader.done();
  const client = createElasticsearchClient(config.client);
  const writer = createEsSpanWriter(client, config, { registry: new Registry(), logger: createLogger({ service: 'bench-writer', level: 'warn' }) });
  await writer.start();
  const now = Date.now();
  const started = performance.now();
  let written = 0;
  let traceIndex = 0;
  while (written < SPANS) {
    const batch: Span[] = [];
    while (batch.length < BATCH && written + batch.length < SPANS) batch.push(...traceOf(now, traceIndex++));
    await writer.write(batch);
    written += batch.length;
    if (traceIndex % (50_000 / TRACE_SIZE) < BATCH / TRACE_SIZE) console.log(`loaded ${written} spans (${Math.round(written / ((performance.now() - started) / 1000))} spans/s)`);
  }
  await writer.stop();
  await client.indices.refresh({ index: `${PREFIX}-*`, ignore_unavailable: true, allow_no_indices: true });
  const count = await client.count({ index: `${PREFIX}-jaeger-span-*` });
  console.log(`LOAD ${JSON.stringify({ spans: written, stored: count.count, traces: traceIndex, seconds: Math.round((performance.now() - started) / 100) / 10 })}`);
  await client.close();
}

async function measure(name: string, urls: () => string, expectStatus: number): Promise<void> {
  for (let i = 0; i < 20; i++) await (await fetch(urls())).arrayBuffer(); // warm-up
  const latencies: number[] = [];
  let bytes = 0;
  let wrong = 0;
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const response = await fetch(urls());
    bytes += (await response.arrayBuffer()).byteLength;
    latencies.push(performance.now() - t0);
    if (response.status !== expectStatus) wrong++;
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ms = (v: number) => Math.round(v * 10) / 10;
  console.log(
    `RESULT ${JSON.stringify({ name, requests: REQUESTS, perSecond: Math.round(REQUESTS / seconds), p50ms: ms(percentile(latencies, 50)), p95ms: ms(percentile(latencies, 95)), p99ms: ms(percentile(latencies, 99)), maxMs: ms(latencies.at(-1) ?? NaN), meanBytes: Math.round(bytes / REQUESTS), unexpectedStatus: wrong })}`,
  );
}

async function main(): Promise<void> {
  console.log(`query bench: prefix ${PREFIX}, ${SPANS} spans in traces of ${TRACE_SIZE}, ${REQUESTS} requests per kind; ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  if (!flag('no-load')) await load();
  const app = createQuery(loadQueryConfig({ ELASTICSEARCH_URL: ES_URL, ES_INDEX_PREFIX: PREFIX, QUERY_HTTP_PORT: '0', ADMIN_PORT: '0', LOG_LEVEL: 'warn' }));
  await app.lifecycle.start();
  const base = `http://127.0.0.1:${app.server.port}`;
  try {
    const services = (await (await fetch(`${base}/api/services`)).json()) as { data: string[] };
    console.log(`services: ${services.data.length}`);
    // Trace ids to fetch: found by searches, so every id exists.
    const ids: TraceId[] = [];
    for (let s = 0; s < SERVICES && ids.length < 2000; s++) {
      const found = (await (await fetch(`${base}/api/traces?service=svc-${s}&limit=100&lookback=2h`)).json()) as { data: Array<{ traceID: string }> };
      ids.push(...found.data.map((trace) => trace.traceID as TraceId));
    }
    console.log(`trace ids to fetch: ${ids.length}`);
    let n = 0;
    const pick = <T>(list: readonly T[]): T => list[(n = (n * 1103515245 + 12345) % 2147483648) % list.length] as T;
    await measure('get-trace-by-id', () => `${base}/api/traces/${pick(ids)}`, 200);
    await measure('service+tag search', () => `${base}/api/traces?service=svc-${pick([...Array(SERVICES).keys()])}&tag=customer.id:${pick([...Array(CUSTOMERS).keys()])}&limit=20&lookback=1h`, 200);
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await app.lifecycle.stop();
    if (!flag('keep')) {
      const reader = new EnvReader({ ELASTICSEARCH_URL: ES_URL });
      const client = createElasticsearchClient(readElasticsearchConfig(reader).client);
      await client.indices.delete({ index: `${PREFIX}-*`, ignore_unavailable: true, allow_no_indices: true });
      await client.indices.deleteIndexTemplate({ name: `${PREFIX}-*` }, { ignore: [404] });
      await client.close();
      console.log(`deleted ${PREFIX}-* (pass --keep to keep them)`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
