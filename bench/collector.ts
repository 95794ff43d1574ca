/**
 * End-to-end collector throughput and latency against the real local Kafka: starts the built
 * collector in its own process on a fresh topic, drives OTLP/HTTP protobuf requests of the
 * benchmark workload (512 spans of 3-span traces, fresh random ids per request) from
 * concurrent keep-alive senders, then reads the topic back to check it holds what the collector
 * acknowledged. Prints figures; asserts nothing.
 *
 *   node bench/run-ts.cjs bench/collector.ts [--seconds 30] [--senders 8] [--granularity trace|partition]
 *        [--rate 40000] [--phases rate,max] [--warmup 5] [--partitions 6] [--verify spans|records]
 *        [--cpu-prof] [--node-options '<flags for the collector's node>'] [--no-build | --build-only]
 *        [--collector <main.js> (another build, for A/B runs)] [--keep-topic]
 *
 * Phases: `rate` offers a fixed --rate spans/s, `rate:N` offers N spans/s (under capacity: latency,
 * zero refusals expected); `max` sends again as soon as each answer arrives (capacity). A warm-up
 * at max comes first.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { freshIds, randomId, workloadRequest } from './otlp-workload';
import { quantile, runLoad } from './collector-load';
import type { LoadResult } from './collector-load';
import { freePort, infraPid, machineBusySeconds, processCpuSeconds, startCollector, statusMiB, waitReady } from './collector-process';
import { benchKafka, deleteTopic, readTopic, topicRecordCounts } from './collector-kafka';

const ROOT = resolve(__dirname, '..', '..');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? (argv[at + 1] as string) : fallback;
};
const SECONDS = Number(option('seconds', '30'));
const SENDERS = Number(option('senders', '8'));
const GRANULARITY = option('granularity', 'trace');
const RATE = Number(option('rate', '40000'));
const PHASES = option('phases', 'rate,max').split(',').filter(Boolean);
const WARMUP = Number(option('warmup', '5'));
const PARTITIONS = Number(option('partitions', '6'));
const VERIFY = option('verify', 'spans');
const SPANS = 512;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const sh = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  return result.stdout;
};

/** Kafka from KAFKA_BROKERS if set, else the local one from deploy/local/infra.sh (started if down). */
function brokers(): string[] {
  if (process.env['KAFKA_BROKERS']) return process.env['KAFKA_BROKERS'].split(',');
  sh('bash', ['deploy/local/infra.sh', 'up', 'kafka']);
  const line = sh('bash', ['deploy/local/infra.sh', 'env']).split('\n').find((l) => l.startsWith('KAFKA_BROKERS='));
  return (line ?? 'KAFKA_BROKERS=127.0.0.1:9092').slice('KAFKA_BROKERS='.length).replace(/^"|"$/g, '').split(',');
}

/** Builds the collector, then runs a private copy so a rebuild by someone else mid-series changes nothing here. */
function collectorMain(): string {
  const dir = join(ROOT, 'bench', '.work', 'collector');
  if (!flag('no-build')) {
    sh(process.execPath, ['tools/build-app.mjs', 'collector']);
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(ROOT, 'dist/apps/collector/main.js'), join(dir, 'main.js'));
    copyFileSync(join(ROOT, 'dist/apps/collector/main.js.map'), join(dir, 'main.js.map'));
  }
  return join(dir, 'main.js');
}

interface Snapshot {
  readonly at: number;
  readonly collector: number;
  readonly kafka: number;
  readonly es: number;
  readonly self: number;
  readonly machine: number;
  readonly produce: { count: number; sum: number; spans: number };
}

async function produceMetrics(adminPort: number): Promise<Snapshot['produce']> {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  return {
    count: value(/^waymark_kafka_produce_duration_seconds_count(?:\{[^}]*\})? (\S+)$/m),
    sum: value(/^waymark_kafka_produce_duration_seconds_sum(?:\{[^}]*\})? (\S+)$/m),
    spans: value(/^waymark_kafka_spans_produced_total\{[^}]*result="ok"[^}]*\} (\S+)$/m),
  };
}

async function snapshot(pids: { collector: number; kafka?: number; es?: number }, adminPort: number): Promise<Snapshot> {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    collector: processCpuSeconds(pids.collector),
    kafka: pids.kafka ? processCpuSeconds(pids.kafka) : 0,
    es: pids.es ? processCpuSeconds(pids.es) : 0,
    self: (usage.user + usage.system) / 1e6,
    machine: machineBusySeconds(),
    produce: await produceMetrics(adminPort),
  };
}

/** The offered spans/s of a phase (`rate`, `rate:N`), or undefined for `max`. */
function offeredRate(phase: string): number | undefined {
  if (phase === 'max') return undefined;
  if (phase === 'rate') return RATE;
  if (phase.startsWith('rate:')) return Number(phase.slice('rate:'.length));
  throw new Error(`unknown phase ${phase}; expected rate, rate:<spans/s> or max`);
}

function report(phase: string, load: LoadResult, before: Snapshot, after: Snapshot, collectorPid: number): Record<string, unknown> {
  const rate = offeredRate(phase);
  const wall = (after.at - before.at) / 1000;
  const pct = (key: 'collector' | 'kafka' | 'es' | 'self' | 'machine') => ((after[key] - before[key]) / wall) * 100;
  const cpu = { collector: pct('collector'), kafka: pct('kafka'), loadgen: pct('self'), es: pct('es'), machine: pct('machine') };
  const other = Math.max(0, cpu.machine - cpu.collector - cpu.kafka - cpu.loadgen - cpu.es);
  const refused = [...load.statuses.values()].reduce((a, b) => a + b, 0);
  const failed = [...load.errors.values()].reduce((a, b) => a + b, 0);
  const produceRequests = after.produce.count - before.produce.count;
  const produceMs = produceRequests > 0 ? ((after.produce.sum - before.produce.sum) / produceRequests) * 1000 : 0;
  const result = {
    granularity: GRANULARITY,
    phase: rate === undefined ? 'max' : 'rate',
    offeredSpansPerSec: rate ?? null,
    senders: SENDERS,
    seconds: load.elapsedSeconds,
    spansPerSec: load.acceptedSpans / load.elapsedSeconds,
    requestsPerSec: load.acceptedRequests / load.elapsedSeconds,
    p50: quantile(load.latencies, 0.5),
    p95: quantile(load.latencies, 0.95),
    p99: quantile(load.latencies, 0.99),
    max: quantile(load.latencies, 1),
    scheduledP99: rate === undefined ? null : quantile(load.scheduledLatencies, 0.99),
    lateSends: load.lateSends,
    refused,
    refusedByStatus: Object.fromEntries(load.statuses),
    partiallyRejectedSpans: load.partiallyRejectedSpans,
    failed,
    cpu: { ...cpu, other },
    collectorPeakRssMiB: statusMiB(collectorPid, 'VmHWM'),
    produceRequests,
    produceRequestsPerSec: produceRequests / wall,
    meanProduceMs: produceMs,
    spansPerProduceRequest: produceRequests > 0 ? (after.produce.spans - before.produce.spans) / produceRequests : 0,
    loadAverage: loadavg()[0],
  };
  const title = rate === undefined ? 'as fast as answered' : `offered ${fmt(rate)} spans/s`;
  console.log(`\nphase ${phase} (${SENDERS} senders, ${title}): ${fmt(load.elapsedSeconds, 1)} s, ${fmt(load.requests)} requests`);
  console.log(`  accepted   ${fmt(result.spansPerSec)} spans/s, ${fmt(result.requestsPerSec, 1)} requests/s`);
  console.log(`  latency    p50 ${fmt(result.p50, 1)} ms, p95 ${fmt(result.p95, 1)} ms, p99 ${fmt(result.p99, 1)} ms, max ${fmt(result.max, 1)} ms` +
    (rate === undefined ? '' : ` · from schedule p99 ${fmt(result.scheduledP99 ?? 0, 1)} ms, late sends ${load.lateSends}`));
  console.log(`  refused    ${refused === 0 ? 'none' : [...load.statuses].map(([status, n]) => `${status}×${n}`).join(' ')}` +
    ` · partial-success rejected spans ${load.partiallyRejectedSpans} · no answer ${failed === 0 ? 'none' : [...load.errors].map(([m, n]) => `${m}×${n}`).join(', ')}`);
  console.log(`  CPU        (% of one core; 2 cores = 200 %) collector ${fmt(cpu.collector)} · kafka ${fmt(cpu.kafka)} · load generator ${fmt(cpu.loadgen)} · elasticsearch ${fmt(cpu.es)} · other ${fmt(other)} · machine busy ${fmt(cpu.machine)}`);
  console.log(`  collector  peak RSS ${fmt(result.collectorPeakRssMiB)} MiB · ${fmt(result.produceRequestsPerSec, 1)} produce requests/s, mean ack ${fmt(produceMs, 1)} ms, ${fmt(result.spansPerProduceRequest)} spans each`);
  console.log(`RESULT ${JSON.stringify(result)}`);
  return result;
}

async function main(): Promise<void> {
  if (flag('build-only')) {
    collectorMain();
    return;
  }
  PHASES.forEach(offeredRate); // an unknown phase fails before anything starts
  const brokerList = brokers();
  const main = flag('collector') ? resolve(option('collector', '')) : collectorMain();
  const [httpPort, adminPort] = [await freePort(), await freePort()];
  const topic = `waymark-bench-${GRANULARITY}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const stateDir = process.env['WAYMARK_INFRA_STATE'] ?? join(ROOT, 'deploy', 'local', '.state');
  const pidsOf = { kafka: infraPid(stateDir, 'kafka'), es: infraPid(stateDir, 'es') };
  const template = workloadRequest({ spans: SPANS, startUnixNano: BigInt(Date.now()) * 1_000_000n, id: randomId });
  const nextBody = freshIds(template);
  const tracesPerRequest = template.traceIds.length;

  console.log(`collector benchmark: OTLP/HTTP protobuf, ${SPANS} spans (${tracesPerRequest} traces) per request, ${template.bytes.length} bytes`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);
  console.log(`collector ${main}${option('node-options', '') ? ` with node ${option('node-options', '')}` : ''}`);
  console.log(`granularity ${GRANULARITY}, topic ${topic} (${PARTITIONS} partitions), brokers ${brokerList.join(',')}, ${SENDERS} senders, phases ${PHASES.join(',')} × ${SECONDS} s after ${WARMUP} s warm-up`);

  const nodeArgs = [...option('node-options', '').split(' ').filter(Boolean), ...(flag('cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir', join(ROOT, 'bench', '.work', 'profiles')] : [])];
  const collector = startCollector(main, {
    KAFKA_BROKERS: brokerList.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
    KAFKA_MESSAGE_GRANULARITY: GRANULARITY,
    RECEIVERS: 'otlp-http',
    OTLP_HTTP_PORT: String(httpPort),
    ADMIN_PORT: String(adminPort),
    LOG_LEVEL: 'warn',
  }, nodeArgs);
  let acceptedSpans = 0;
  let acceptedRequests = 0;
  try {
    await waitReady(collector, adminPort, 60_000);
    const pids = { collector: collector.pid, ...pidsOf };
    const load = (seconds: number, rate?: number) => runLoad({ port: httpPort, senders: SENDERS, seconds, spansPerRequest: SPANS, nextBody, ...(rate === undefined ? {} : { rate }) });
    const count = (result: LoadResult) => {
      acceptedSpans += result.acceptedSpans;
      acceptedRequests += result.acceptedRequests;
    };
    if (WARMUP > 0) count(await load(WARMUP));
    for (const phase of PHASES) {
      await new Promise((done) => setTimeout(done, 1000)); // let the previous phase's tail settle
      const before = await snapshot(pids, adminPort);
      const result = await load(SECONDS, offeredRate(phase));
      const after = await snapshot(pids, adminPort);
      count(result);
      report(phase, result, before, after, collector.pid);
    }
  } finally {
    const code = await collector.stop();
    if (code !== 0) console.log(`collector exited with code ${code}`);
  }

  const kafka = benchKafka(brokerList);
  const ends = await topicRecordCounts(kafka, topic);
  const records = [...ends.values()].reduce((sum, { low, high }) => sum + high - low, 0);
  const expected = GRANULARITY === 'trace' ? `${fmt(acceptedRequests)} accepted requests × ${tracesPerRequest} traces = ${fmt(acceptedRequests * tracesPerRequest)} records` : `≤ ${fmt(acceptedRequests * PARTITIONS)} (accepted requests × partitions)`;
  console.log(`\nKafka ${topic}: ${fmt(records)} records (per partition ${[...ends.values()].map(({ low, high }) => fmt(high - low)).join(' / ')}); expected ${expected}`);
  const verify: Record<string, unknown> = { granularity: GRANULARITY, records, acceptedRequests, acceptedSpans, recordsPerRequest: records / Math.max(1, acceptedRequests) };
  if (VERIFY === 'spans') {
    const contents = await readTopic(kafka, topic, ends, 300_000);
    Object.assign(verify, contents, { bytesPerSpan: contents.valueBytes / Math.max(1, contents.spans), bytesPerRecord: contents.valueBytes / Math.max(1, contents.records) });
    console.log(`  read back  ${fmt(contents.spans)} spans in ${fmt(contents.records)} records (accepted ${fmt(acceptedSpans)} spans)` +
      ` · traces ${fmt(contents.traces)}, on more than one partition ${contents.tracesOnSeveralPartitions} · undecodable ${contents.undecodable}` +
      ` · ${fmt(contents.valueBytes / Math.max(1, contents.spans), 1)} value bytes/span, ${fmt(contents.valueBytes / Math.max(1, contents.records))} bytes/record`);
  }
  console.log(`VERIFY ${JSON.stringify(verify)}`);
  if (!flag('keep-topic')) await deleteTopic(kafka, topic);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
