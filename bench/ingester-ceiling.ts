/**
 * The ceiling of the ingester's storage path: OTLP protobuf (as read from Kafka) → model spans →
 * Elasticsearch `_bulk` through EsSpanWriter, with fresh ids per batch so every document is a
 * create. Two figures:
 * 1. CPU only: decode + EsSpanWriter with a `_bulk` stand-in that answers 201 at once — what one
 *    core can prepare, the upper bound whatever the cluster;
 * 2. the real Elasticsearch at ELASTICSEARCH_URL (default http://127.0.0.1:9200): `--writers`
 *    concurrent write loops of `--batch` spans for `--seconds`, then a refresh and a count that
 *    checks every acknowledged span is there.
 * It writes under a fresh index prefix and deletes it afterwards. Asserts nothing.
 *
 *   node bench/run-ts.cjs bench/ingester-ceiling.ts [--seconds 15] [--writers 4] [--batch 512] [--concurrency 2]
 */
import { cpus, loadavg } from 'node:os';
import { Registry } from 'prom-client';
import { createLogger, EnvReader } from '@waymark/platform';
import { decodeOtlpProto } from '@waymark/span-translate';
import { createElasticsearchClient, createEsSpanWriter, EsSpanWriter, indexBaseOf, readElasticsearchConfig, templatesFor } from '@waymark/storage-elasticsearch';
import { freshIds, randomId, workloadRequest } from './otlp-workload';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const SECONDS = arg('seconds', 15);
const WRITERS = arg('writers', 4);
const BATCH = arg('batch', 512);
const CONCURRENCY = arg('concurrency', 2);
const logger = createLogger({ service: 'bench', level: 'warn' });

const nextRequest = freshIds(workloadRequest({ spans: BATCH, startUnixNano: BigInt(Date.now()) * 1_000_000n, id: randomId }));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs `writers` loops of decode + write until `seconds` have passed; returns spans written. */
async function drive(write: (bytes: Uint8Array) => Promise<void>, seconds: number, writers: number): Promise<{ spans: number; elapsed: number }> {
  const started = process.hrtime.bigint();
  const end = started + BigInt(Math.round(seconds * 1e9));
  let spans = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (process.hrtime.bigint() < end) {
        await write(nextRequest());
        spans += BATCH;
      }
    }),
  );
  return { spans, elapsed: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** Quantile from a prom-client histogram's cumulative buckets (upper bound of the bucket). */
async function quantile(registry: Registry, name: string, q: number): Promise<string> {
  const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
  const buckets = values.filter((v) => v.labels['le'] !== undefined);
  const total = buckets.find((b) => b.labels['le'] === '+Inf' && b.labels['result'] === 'ok')?.value ?? 0;
  const hit = buckets.filter((b) => b.labels['result'] === 'ok').find((b) => b.value >= q * total);
  return hit ? `≤ ${hit.labels['le']} s` : 'n/a';
}

/** Lines of an NDJSON body: two per action. */
function newlines(body: Buffer): number {
  let count = 0;
  for (let at = body.indexOf(10); at !== -1; at = body.indexOf(10, at + 1)) count++;
  return count;
}

async function main(): Promise<void> {
  const env = new EnvReader({ ELASTICSEARCH_URL: process.env['ELASTICSEARCH_URL'], ES_INDEX_PREFIX: `bench-ceiling-${Date.now().toString(36)}`, ES_BULK_CONCURRENCY: String(CONCURRENCY) });
  const config = readElasticsearchConfig(env);
  env.done();
  console.log(`ingester ceiling: ${BATCH} spans/batch, ${WRITERS} writers, ${CONCURRENCY} bulk requests in flight, ${SECONDS} s per figure`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const stub = new EsSpanWriter({
    sendBulk: async (body) => ({ items: Array.from({ length: newlines(body) >> 1 }, () => ({ create: { status: 201 } })) }),
    templates: { ensure: async () => undefined },
    indexPrefix: config.indexPrefix,
    tagsPolicy: config.indexSettings.tagsPolicy,
    bulk: config.bulk,
    retry: config.retry,
    serviceCache: config.serviceCache,
    registry: new Registry(),
    logger,
  });
  const cpu = await drive((bytes) => stub.write(decodeOtlpProto(bytes).spans), Math.min(SECONDS, 5), 1);
  console.log(`CPU only (decode + documents + NDJSON, 201 stand-in): ${fmt(cpu.spans / cpu.elapsed)} spans/s on one event loop`);

  const client = createElasticsearchClient(config.client);
  const registry = new Registry();
  const writer = createEsSpanWriter(client, config, { registry, logger });
  const pattern = `${config.indexPrefix}-*`;
  try {
    await writer.start();
    const real = await drive((bytes) => writer.write(decodeOtlpProto(bytes).spans), SECONDS, WRITERS);
    await client.indices.refresh({ index: pattern });
    const stored = (await client.count({ index: `${config.indexPrefix}-jaeger-span-*` })).count;
    const items = (await registry.getSingleMetric('waymark_es_bulk_items_total')?.get())?.values ?? [];
    const byResult = items.filter((v) => v.labels['kind'] === 'span' && v.value > 0).map((v) => `${v.labels['result']} ${fmt(v.value)}`);
    console.log(`Elasticsearch at ${config.client.nodes.join(',')}: ${fmt(real.spans / real.elapsed)} spans/s acknowledged (${fmt(real.spans)} in ${real.elapsed.toFixed(1)} s)`);
    console.log(`  stored after refresh: ${fmt(stored)} of ${fmt(real.spans)}; span items: ${byResult.join(', ')}`);
    console.log(`  bulk latency p50 ${await quantile(registry, 'waymark_es_bulk_duration_seconds', 0.5)}, p99 ${await quantile(registry, 'waymark_es_bulk_duration_seconds', 0.99)}`);
  } finally {
    await writer.stop();
    await client.indices.delete({ index: pattern, ignore_unavailable: true, allow_no_indices: true });
    for (const template of templatesFor(indexBaseOf(config.indexPrefix), config.indexSettings)) {
      await client.indices.deleteIndexTemplate({ name: template.name }).catch(() => undefined);
    }
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
