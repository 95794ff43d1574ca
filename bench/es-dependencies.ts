// Query-time dependency computation against the real Elasticsearch: writes --spans spans (3-span
// traces over 6 services, through EsSpanWriter) under a unique prefix, then times
// EsSpanReader.getDependencies over the window (--runs times) and prints spans joined per second.
// Deletes its indices afterwards. Usage: node bench/run-ts.cjs bench/es-dependencies.ts [--spans 200000] [--runs 3]
import { loadavg } from 'node:os';
import { Registry } from 'prom-client';
import { createLogger, EnvReader } from '@waymark/platform';
import { createElasticsearchClient, createEsSpanReader, createEsSpanWriter, readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import { makeSpan, randomTraceId } from '@waymark/storage-testing';
import type { Span } from '@waymark/span-model';

const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

async function main(): Promise<void> {
  const total = arg('spans', 200_000);
  const runs = arg('runs', 3);
  const prefix = `bench-deps-${Date.now().toString(36)}`;
  const env = new EnvReader({ ELASTICSEARCH_URL: process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200', ES_INDEX_PREFIX: prefix, ES_BULK_MAX_ACTIONS: '5000', ES_DEPENDENCIES_MAX_SPANS: String(total * 2) });
  const config = readElasticsearchConfig(env);
  env.done();
  const client = createElasticsearchClient(config.client);
  const writer = createEsSpanWriter(client, config, { registry: new Registry(), logger: createLogger({ service: 'bench', level: 'silent' }) });
  const reader = createEsSpanReader(client, config);
  await writer.start();
  try {
    const now = Date.now();
    const services = ['web', 'cart', 'pay', 'db', 'cache', 'auth'];
    const started = Date.now();
    for (let written = 0; written < total; ) {
      const batch: Span[] = [];
      for (let i = 0; i < 3000 && written < total; i += 3, written += 3) {
        const traceId = randomTraceId();
        const s = (i / 3) % services.length;
        const root = makeSpan({ traceId, service: services[s], startMs: now - 600_000 + (written % 600_000) });
        const mid = makeSpan({ traceId, parentSpanId: root.spanId, service: services[(s + 1) % services.length], startMs: now - 600_000 + (written % 600_000) });
        const leaf = makeSpan({ traceId, parentSpanId: mid.spanId, service: services[(s + 2) % services.length], startMs: now - 600_000 + (written % 600_000) });
        batch.push(root, mid, leaf);
      }
      await writer.write(batch);
    }
    await client.indices.refresh({ index: `${prefix}-*` });
    console.log(`wrote ${total} spans in ${((Date.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (let run = 0; run < runs; run++) {
      const t0 = process.hrtime.bigint();
      const links = await reader.getDependencies(now, 3_600_000);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const calls = links.reduce((sum, link) => sum + link.callCount, 0);
      console.log(`run ${run + 1}: ${links.length} links, ${calls} calls, ${seconds.toFixed(2)} s, ${Math.round(total / seconds)} spans/s; heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
    }
  } finally {
    await writer.stop();
    await client.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
    await client.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
