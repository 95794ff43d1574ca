/**
 * The ingester's storage throughput against its ceiling, on the local Kafka and Elasticsearch.
 *
 * 1. Produces `--spans` seed-shaped spans (512-span requests, fresh ids) to a fresh topic of
 *    `--partitions` partitions, through the collector's KafkaSpanWriter (records per partition).
 * 2. For each tag layout (`--layouts waymark,jaeger`: tags as fields, and Jaeger's default nested
 *    tags), alternating `--runs` times:
 *    - ceiling: a raw `_bulk` loader sends the SAME span documents, built before the clock starts,
 *      into indices made from the same templates, with `--bulk` documents per request and
 *      `--concurrency` requests in flight (the best of the grid is the ceiling);
 *    - ingester: the production bundle (dist/apps/ingester/main.js) in its own process, a fresh
 *      consumer group from the beginning of the topic; spans/s = spans / time from ready until its
 *      `waymark_ingester_spans_total{result="stored"}` reaches the total.
 *    Every run ends with a refresh and a count that must equal the number of spans.
 *    Per ingester run: its CPU seconds per 100k spans (user + system, from /proc, ready → done),
 *    its peak RSS (VmHWM, start → done) and its GC time (prom-client's nodejs_gc_duration_seconds).
 * Prints figures; asserts nothing. Deletes its indices and templates (not the topic) afterwards.
 *
 *   node tools/build-app.mjs ingester
 *   node bench/run-ts.cjs bench/ingester.ts [--spans 200000] [--partitions 6] [--runs 2] \
 *     [--bulk 1000,3000] [--concurrency 2,4] [--layouts waymark,jaeger] [--cpu-prof <dir>] [--isolate] \
 *     [--no-ceiling] [--variants 'base=bench/.work/ingester-base/main.js;new=dist/apps/ingester/main.js|--max-semi-space-size=32']
 * `--variants`: ingester bundles to compare (label=main.js, then `|`-separated node flags and
 * `KEY=value` environment variables), run in
 * turn within every run (the order rotating), each from a private copy made at start so that a
 * rebuild mid-series changes nothing. `--no-ceiling`: no raw loader, the ingester only, with
 * ES_BULK_CONCURRENCY left at its default (or `--es-concurrency N`).
 * Env: KAFKA_BROKERS (127.0.0.1:9092), ELASTICSEARCH_URL (http://127.0.0.1:9200).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Registry } from 'prom-client';
import { createLogger, EnvReader } from '@waymark/platform';
import { createKafka, ensureTopic, KafkaSpanWriter } from '@waymark/queue-kafka';
import type { Span } from '@waymark/span-model';
import { decodeOtlpProto, encodeOtlpProto, JAEGER_TAGS_POLICY, spanDocumentId, spanToEsDocument, WAYMARK_TAGS_POLICY } from '@waymark/span-translate';
import { createElasticsearchClient, dailyIndexName, IndexTemplates, indexBaseOf, indexDayOf, readElasticsearchConfig, templatesFor } from '@waymark/storage-elasticsearch';
import { freePort, machineBusySeconds, processCpuSeconds, statusMiB } from './collector-process';
import { freshIds, randomId, workloadRequest } from './otlp-workload';

const option = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? String(process.argv[at + 1]) : fallback;
};
const SPANS = Number(option('spans', '200000'));
const PARTITIONS = Number(option('partitions', '6'));
const RUNS = Number(option('runs', '2'));
const BULK = option('bulk', '1000,3000').split(',').map(Number);
const CONCURRENCY = option('concurrency', '2,4').split(',').map(Number);
const LAYOUTS = option('layouts', 'waymark,jaeger').split(',') as Array<'waymark' | 'jaeger'>;
/** `--cpu-prof <dir>`: the ingester writes a V8 CPU profile there when it exits. */
const CPU_PROF = option('cpu-prof', '');
/**
 * `--isolate`: Elasticsearch (the local infra's JVM) on CPU 1, Kafka, this loader and the ingester
 * on CPU 0, so the ingester's own CPU does not come out of Elasticsearch's share: the ratio then
 * measures how well the ingester keeps Elasticsearch busy, as on separate machines. Affinities are
 * restored at the end.
 */
const ISOLATE = process.argv.includes('--isolate');
const NO_CEILING = process.argv.includes('--no-ceiling');
const ES_CONCURRENCY = option('es-concurrency', '');
const STATE = process.env['WAYMARK_INFRA_STATE'] ?? join(__dirname, '..', '..', 'deploy', 'local', '.state');
const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const ES = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
const ROOT = join(__dirname, '..', '..');
const logger = createLogger({ service: 'bench', level: 'warn' });
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const id = Date.now().toString(36);

/** An ingester bundle under comparison: a label, a private copy of its main.js, extra node flags. */
interface Variant {
  readonly label: string;
  readonly main: string;
  readonly nodeArgs: readonly string[];
  /** Extra environment of the ingester (`KEY=value` entries of the spec). */
  readonly env: Readonly<Record<string, string>>;
}

/** Parses `--variants` and copies each bundle (and its source map) to bench/.work/ingester-<label>/. */
function variantsOf(spec: string): Variant[] {
  return spec.split(';').map((entry) => {
    const [head = '', ...flags] = entry.split('|');
    const at = head.indexOf('=');
    const label = at > 0 ? head.slice(0, at) : 'current';
    const source = at > 0 ? head.slice(at + 1) : head;
    const from = isAbsolute(source) ? source : join(ROOT, source);
    // Inside the checkout, so that the bundle's external packages resolve from its node_modules.
    const dir = join(ROOT, 'bench', '.work', `ingester-run-${label}`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(from, join(dir, 'main.js'));
    if (existsSync(`${from}.map`)) copyFileSync(`${from}.map`, join(dir, 'main.js.map'));
    const env = Object.fromEntries(flags.filter((flag) => /^[A-Z][A-Z0-9_]*=/.test(flag)).map((flag) => [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]));
    return { label, main: join(dir, 'main.js'), nodeArgs: flags.filter((flag) => flag !== '' && !/^[A-Z][A-Z0-9_]*=/.test(flag)), env };
  });
}
const VARIANTS = variantsOf(option('variants', 'current=dist/apps/ingester/main.js'));

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

function esConfig(prefix: string, layout: 'waymark' | 'jaeger', extra: Record<string, string> = {}) {
  const env = new EnvReader({ ELASTICSEARCH_URL: ES, ES_INDEX_PREFIX: prefix, ES_TAGS_AS_FIELDS: layout, ...extra });
  const config = readElasticsearchConfig(env);
  env.done();
  return config;
}

async function es(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${ES}${path}`, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

async function countSpans(prefix: string): Promise<number> {
  await es(`/${prefix}-jaeger-span-*/_refresh`, { method: 'POST' });
  return ((await es(`/${prefix}-jaeger-span-*/_count`)) as { count: number }).count;
}

async function cleanUp(prefix: string, layout: 'waymark' | 'jaeger'): Promise<void> {
  await fetch(`${ES}/${prefix}-jaeger-*?ignore_unavailable=true&allow_no_indices=true`, { method: 'DELETE' });
  for (const template of templatesFor(indexBaseOf(prefix), esConfig(prefix, layout).indexSettings)) await fetch(`${ES}/_index_template/${template.name}`, { method: 'DELETE' });
}

/** Produces the workload; returns the spans as the ingester will decode them. */
async function produce(topic: string): Promise<Span[]> {
  const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-ingester', tls: false, connectionTimeoutMs: 3000, requestTimeoutMs: 30_000 }, logger);
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopic(admin, { topic, partitions: PARTITIONS, replicationFactor: 1 });
  await admin.disconnect();
  const writer = new KafkaSpanWriter({ kafka, topic, encode: encodeOtlpProto, compression: 'none', maxBatchBytes: 900 * 1024, maxMessageBytes: 900 * 1024, maxInFlight: 4, ackTimeoutMs: 30_000, retryAfterMs: 1000, registry: new Registry() });
  await writer.start();
  const next = freshIds(workloadRequest({ spans: 512, startUnixNano: BigInt(Date.now()) * 1_000_000n, id: randomId }));
  const all: Span[] = [];
  const pending: Array<Promise<void>> = [];
  while (all.length < SPANS) {
    const spans = decodeOtlpProto(next()).spans.slice(0, SPANS - all.length);
    all.push(...spans);
    pending.push(writer.write(spans));
    if (pending.length >= 8) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await writer.stop();
  return all;
}

/** The raw loader: pre-built NDJSON bodies, `concurrency` in flight, the same templates. */
async function ceiling(spans: readonly Span[], layout: 'waymark' | 'jaeger', bulk: number, concurrency: number): Promise<number> {
  const prefix = `bench-raw-${id}-${layout}-${bulk}-${concurrency}`.toLowerCase();
  const config = esConfig(prefix, layout);
  const client = createElasticsearchClient(config.client);
  await new IndexTemplates(client, config.indexSettings).ensure(indexBaseOf(prefix));
  const policy = layout === 'waymark' ? WAYMARK_TAGS_POLICY : JAEGER_TAGS_POLICY;
  const base = indexBaseOf(prefix);
  const bodies: string[] = [];
  for (let i = 0; i < spans.length; i += bulk) {
    let body = '';
    for (const span of spans.slice(i, i + bulk)) {
      const index = dailyIndexName(base, 'span', indexDayOf(Number(span.startTimeUnixNano / 1_000_000n)) as string);
      body += `${JSON.stringify({ create: { _index: index, _id: spanDocumentId(span) } })}\n${JSON.stringify(spanToEsDocument(span, policy))}\n`;
    }
    bodies.push(body);
  }
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        const answer = (await es('/_bulk?filter_path=errors', { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body })) as { errors: boolean };
        if (answer.errors) throw new Error('bulk item errors in the ceiling run');
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = await countSpans(prefix);
  if (stored !== spans.length) throw new Error(`ceiling stored ${stored} of ${spans.length}`);
  // What the layout costs Elasticsearch: Lucene documents (nested tags are one each) and bytes on disk.
  await es(`/${prefix}-jaeger-span-*/_flush`, { method: 'POST' });
  const stats = (await es(`/${prefix}-jaeger-span-*/_stats/docs,store`)) as { _all: { primaries: { docs: { count: number }; store: { size_in_bytes: number } } } };
  lastLayoutCost.set(layout, { luceneDocsPerSpan: stats._all.primaries.docs.count / spans.length, bytesPerSpan: stats._all.primaries.store.size_in_bytes / spans.length });
  await client.close();
  await cleanUp(prefix, layout);
  return spans.length / seconds;
}

/** Per layout, from its last ceiling run: Lucene documents and stored bytes per span. */
const lastLayoutCost = new Map<string, { luceneDocsPerSpan: number; bytesPerSpan: number }>();

/** The sum of the series of `name` whose line contains `label` (every series when `label` is ''). */
async function metric(port: number, name: string, label: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const lines = text.split('\n').filter((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && l.includes(label));
  return lines.reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

interface IngesterRun {
  readonly rate: number;
  /** CPU seconds per 100,000 spans, ready → done. */
  readonly cpuPer100k: number;
  /** Share of a core, ready → done. */
  readonly cpu: number;
  readonly busy: number;
  /** Peak resident set (VmHWM) in MiB, start → done. */
  readonly peakRssMiB: number;
  /** GC seconds (prom-client's nodejs_gc_duration_seconds) per 100,000 spans, ready → done. */
  readonly gcPer100k: number;
  readonly inFlight: number;
  readonly bulkMs: number;
}

async function ingester(topic: string, layout: 'waymark' | 'jaeger', run: number, bulkConcurrency: number | undefined, variant: Variant): Promise<IngesterRun> {
  const prefix = `bench-ing-${id}-${layout}-${run}-${variant.label}`.toLowerCase();
  const adminPort = await freePort();
  const profile = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  const command = ISOLATE ? ['taskset', '-c', '0', process.execPath] : [process.execPath];
  const concurrency = bulkConcurrency === undefined ? {} : { ES_BULK_CONCURRENCY: String(bulkConcurrency) };
  const child = spawn(command[0] as string, [...command.slice(1), ...variant.nodeArgs, ...profile, variant.main], {
    env: { ...process.env, ...concurrency, ...variant.env, KAFKA_BROKERS: BROKERS, KAFKA_TOPIC: topic, KAFKA_CREATE_TOPIC: 'false', KAFKA_CONSUMER_GROUP_ID: `${prefix}-group`, ELASTICSEARCH_URL: ES, ES_INDEX_PREFIX: prefix, ES_TAGS_AS_FIELDS: layout, ADMIN_PORT: String(adminPort), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`ingester exited with ${child.exitCode}`);
      if ((await fetch(`http://127.0.0.1:${adminPort}/ready`).then((r) => r.status, () => 0)) === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const started = performance.now();
    const cpu0 = processCpuSeconds(child.pid as number);
    const busy0 = machineBusySeconds();
    const gc0 = await metric(adminPort, 'nodejs_gc_duration_seconds_sum', '');
    while ((await metric(adminPort, 'waymark_ingester_spans_total', 'result="stored"')) < SPANS) await new Promise((resolve) => setTimeout(resolve, 100));
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = processCpuSeconds(child.pid as number) - cpu0;
    const busy = (machineBusySeconds() - busy0) / seconds;
    const peakRssMiB = statusMiB(child.pid as number, 'VmHWM');
    const gcSeconds = (await metric(adminPort, 'nodejs_gc_duration_seconds_sum', '')) - gc0;
    // How busy the ingester kept Elasticsearch: bulk requests in flight on average, and their latency.
    const bulkSeconds = await metric(adminPort, 'waymark_es_bulk_duration_seconds_sum', '');
    const bulks = await metric(adminPort, 'waymark_es_bulk_duration_seconds_count', '');
    const stored = await countSpans(prefix);
    if (stored !== SPANS) throw new Error(`ingester stored ${stored} of ${SPANS}`);
    return {
      rate: SPANS / seconds,
      cpuPer100k: (cpuSeconds * 100_000) / SPANS,
      cpu: cpuSeconds / seconds,
      busy,
      peakRssMiB,
      gcPer100k: (gcSeconds * 100_000) / SPANS,
      inFlight: bulkSeconds / seconds,
      bulkMs: (1000 * bulkSeconds) / Math.max(1, bulks),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await cleanUp(prefix, layout);
  }
}

/** Pins every thread of a process to `cpus` (taskset); returns how to undo it. */
function pin(pidFile: string, cpuList: string): () => void {
  const pid = readFileSync(pidFile, 'utf8').trim();
  execFileSync('taskset', ['-a', '-pc', cpuList, pid], { stdio: 'ignore' });
  return () => execFileSync('taskset', ['-a', '-pc', `0-${cpus().length - 1}`, pid], { stdio: 'ignore' });
}

async function main(): Promise<void> {
  const undo: Array<() => void> = [];
  if (ISOLATE) {
    undo.push(pin(join(STATE, 'es', 'es.pid'), '1'), pin(join(STATE, 'kafka', 'kafka.pid'), '0'));
    execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
    console.log('isolated: Elasticsearch on CPU 1; Kafka, the loader and the ingester on CPU 0');
  }
  try {
    await measure();
  } finally {
    for (const restore of undo) restore();
  }
}

const spread = (values: number[], digits = 0) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;

async function measure(): Promise<void> {
  const topic = `bench-ingester-${id}`;
  console.log(`ingester vs raw _bulk: ${fmt(SPANS)} seed-shaped spans, topic ${topic} (${PARTITIONS} partitions), ${RUNS} alternating runs per layout`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`ingester variants: ${VARIANTS.map((v) => `${v.label} (${[...Object.entries(v.env).map(([k, val]) => `${k}=${val}`), 'node', ...v.nodeArgs, 'main.js'].join(' ')})`).join(', ')}`);
  const spans = await produce(topic);
  console.log(`produced ${fmt(spans.length)} spans`);
  for (const layout of LAYOUTS) {
    const ceilings: number[] = [];
    const results = new Map<string, IngesterRun[]>(VARIANTS.map((v) => [v.label, []]));
    for (let run = 0; run < RUNS; run++) {
      let best = { rate: 0, bulk: 0, concurrency: 0 };
      if (!NO_CEILING) {
        for (const bulk of BULK) {
          for (const concurrency of CONCURRENCY) {
            const rate = await ceiling(spans, layout, bulk, concurrency);
            console.log(`  [${layout} run ${run + 1}] raw _bulk ${bulk} docs × ${concurrency} in flight: ${fmt(rate)} spans/s`);
            if (rate > best.rate) best = { rate, bulk, concurrency };
          }
        }
        ceilings.push(best.rate);
      }
      const bulkConcurrency = NO_CEILING ? (ES_CONCURRENCY === '' ? undefined : Number(ES_CONCURRENCY)) : best.concurrency;
      // Rotate the order, so that drifting background load does not always favour the same variant.
      const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length] as Variant);
      for (const variant of order) {
        const result = await ingester(topic, layout, run, bulkConcurrency, variant);
        results.get(variant.label)?.push(result);
        const ratio = NO_CEILING ? '' : `; ratio to best raw ${(result.rate / best.rate).toFixed(2)}`;
        console.log(
          `  [${layout} run ${run + 1}] ingester ${variant.label} (ES_BULK_CONCURRENCY=${bulkConcurrency ?? 'default'}): ${fmt(result.rate)} spans/s, ` +
            `${result.cpuPer100k.toFixed(2)} CPU s per 100k spans (${(result.cpu * 100).toFixed(0)} % of a core; GC ${result.gcPer100k.toFixed(2)} s per 100k), ` +
            `peak RSS ${result.peakRssMiB.toFixed(0)} MiB, machine ${(result.busy * 100).toFixed(0)} % of ${cpus().length * 100}, ` +
            `bulk requests in flight ${result.inFlight.toFixed(2)} on average, ${result.bulkMs.toFixed(0)} ms each${ratio}; load average ${loadavg()[0]?.toFixed(2)}`,
        );
      }
    }
    const cost = lastLayoutCost.get(layout);
    if (!NO_CEILING) console.log(`${layout} tags: ceiling median ${fmt(median(ceilings))} spans/s; ${cost?.luceneDocsPerSpan.toFixed(1)} Lucene documents and ${fmt(cost?.bytesPerSpan ?? 0)} bytes stored per span`);
    for (const [label, runs] of results) {
      const rates = runs.map((r) => r.rate);
      const ratio = NO_CEILING ? '' : `, ratio ${(median(rates) / median(ceilings)).toFixed(2)}`;
      console.log(
        `${layout} tags, ingester ${label}, median (min–max) of ${runs.length}: ${spread(rates)} spans/s${ratio}, ` +
          `${spread(runs.map((r) => r.cpuPer100k), 2)} CPU s per 100k spans, GC ${spread(runs.map((r) => r.gcPer100k), 2)} s per 100k, peak RSS ${spread(runs.map((r) => r.peakRssMiB))} MiB`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
