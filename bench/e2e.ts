/**
 * End-to-end benchmark: Waymark and Jaeger v2 side by side, each as a split stack
 * (collector → Kafka → ingester → Elasticsearch) on the same local Kafka and Elasticsearch, driven
 * by the Go load generator of bench/loadgen (the OpenTelemetry Go SDK with its default
 * BatchSpanProcessor). Per run it records spans generated, dropped in the SDK, accepted by the
 * collector, refused with a retryable status, stored (counted in Elasticsearch, and checked for
 * duplicates), time to drain, request latency, and CPU and peak RSS of every process.
 * Prints figures; asserts nothing. See bench/README.md ("e2e.ts").
 *
 *   npm run bench:e2e -- [--systems waymark,jaeger] [--scenarios burst,sustained] [--runs 1]
 *        [--workers 8] [--traces 10000] [--sustained-workers 32] [--seconds 30] [--rate 0] [--partitions 6]
 *        [--drain-timeout 300] [--quiet 5] [--no-build] [--keep] [--cpu-prof <dir>] [--node-options '<flags>']
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { benchKafka } from './collector-kafka';
import { infraPid } from './collector-process';
import { sleep, UsageWatch } from './e2e-processes';
import { startJaeger, startWaymark } from './e2e-stacks';
import type { Stack, SystemName } from './e2e-stacks';
import { countStored, createTopic, deleteIndices, deleteTopics, distinctStored, groupLag } from './e2e-stores';
import { runLoadgen } from './e2e-loadgen';
import type { LoadgenSummary } from './e2e-loadgen';
import { summaryTables } from './e2e-summary';
import type { E2eResult } from './e2e-summary';

const ROOT = resolve(__dirname, '..', '..');
const WORK = join(ROOT, 'bench', '.work', 'e2e');
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && argv[at + 1] !== undefined ? (argv[at + 1] as string) : fallback;
};
const SYSTEMS = option('systems', 'waymark,jaeger').split(',') as SystemName[];
const SCENARIOS = option('scenarios', 'burst,sustained').split(',') as Array<'burst' | 'sustained'>;
const RUNS = Number(option('runs', '1'));
const WORKERS = Number(option('workers', '8'));
// 8 workers sleep-bound at 100 µs per child make ≈ 12,000 spans/s here; 32 reach ≈ 45,000, the
// offered load of the published overload experiment (1.3 M spans in 30 s).
const SUSTAINED_WORKERS = Number(option('sustained-workers', '32'));
const TRACES = Number(option('traces', '10000'));
const SECONDS = Number(option('seconds', '30'));
const RATE = Number(option('rate', '0'));
const PARTITIONS = Number(option('partitions', '6'));
const DRAIN_TIMEOUT_S = Number(option('drain-timeout', '300'));
const QUIET_S = Number(option('quiet', '5'));
/**
 * Flags for the node of Waymark's collector and ingester: `--node-options '--trace-gc'`; `--cpu-prof <dir>`
 * makes both write V8 CPU profiles there (bench/collector-profile.ts reads them).
 */
const CPU_PROF = option('cpu-prof', '');
const NODE_ARGS = [...option('node-options', '').split(' ').filter(Boolean), ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [])];
const INFRA_STATE = process.env['WAYMARK_INFRA_STATE'] ?? join(ROOT, 'deploy', 'local', '.state');
const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
const ES = process.env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200';
const LOADGEN = join(ROOT, 'bench', 'loadgen', '.bin', 'loadgen');
const JAEGER = join(ROOT, 'bench', 'jaeger', '.bin', 'jaeger');

const sh = (command: string, args: string[], cwd = ROOT) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  return result.stdout;
};

/** Builds what the run needs: the Waymark bundles (copied privately), the load generator, Jaeger. */
function build(): { collector: string; ingester: string } {
  mkdirSync(WORK, { recursive: true });
  const bundles = { collector: join(WORK, 'collector', 'main.js'), ingester: join(WORK, 'ingester', 'main.js') };
  if (!flag('no-build')) {
    for (const app of ['collector', 'ingester'] as const) {
      sh(process.execPath, ['tools/build-app.mjs', app]);
      mkdirSync(join(WORK, app), { recursive: true });
      copyFileSync(join(ROOT, 'dist', 'apps', app, 'main.js'), bundles[app]);
    }
    sh('go', ['build', '-trimpath', '-o', LOADGEN, '.'], join(ROOT, 'bench', 'loadgen'));
  }
  if (SYSTEMS.includes('jaeger') && !existsSync(JAEGER)) {
    console.log('building Jaeger v2 (bench/jaeger/build, minutes on first build) …');
    sh('go', ['build', '-trimpath', '-o', JAEGER, 'github.com/jaegertracing/jaeger/cmd/jaeger'], join(ROOT, 'bench', 'jaeger', 'build'));
  }
  return bundles;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** Error lines the run's processes logged (zap's console `\terror\t`, pino's level 50 and up). */
function logErrors(logFile: string): number {
  const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
  return text.split('\n').filter((line) => /\t(error|fatal|panic)\t|"level":(50|60)/.test(line)).length;
}

/** The stack of the run in progress, stopped if the bench is interrupted. */
let current: Stack | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping the stack under test (its topic and indices are left behind)`);
    void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function runOnce(system: SystemName, scenario: 'burst' | 'sustained', run: number, bundles: { collector: string; ingester: string }, stamp: string): Promise<E2eResult> {
  const id = `e2e-${system}-${scenario}-${stamp}-${run}`;
  const kafka = benchKafka(BROKERS.split(','));
  const options = { runId: id, brokers: BROKERS, es: ES, topic: id, groupId: `${id}-group`, indexPrefix: id, partitions: PARTITIONS, logFile: join(WORK, `${id}.log`) };
  const loadAtStart = load();
  await createTopic(kafka, options.topic, PARTITIONS);
  let stack: Stack | undefined;
  let result: E2eResult;
  try {
    stack = system === 'waymark' ? await startWaymark(options, bundles, NODE_ARGS) : await startJaeger(options, JAEGER, join(ROOT, 'bench', 'jaeger'));
    current = stack;
    const pids = new Map<string, { pid: number; hwm: boolean }>([
      ['collector', { pid: stack.collector.pid, hwm: true }],
      ['ingester', { pid: stack.ingester.pid, hwm: true }],
    ]);
    for (const service of ['kafka', 'es'] as const) {
      const pid = infraPid(INFRA_STATE, service);
      if (pid) pids.set(service, { pid, hwm: false });
    }
    const usage = new UsageWatch(pids);
    const started = performance.now();
    const args = scenario === 'burst' ? ['-workers', String(WORKERS), '-traces', String(TRACES)] : ['-workers', String(SUSTAINED_WORKERS), '-duration', `${SECONDS}s`, '-rate', String(RATE)];
    const loadgen: LoadgenSummary = await runLoadgen(LOADGEN, ['-endpoint', stack.otlpEndpoint, ...args], options.logFile);
    const loadEnded = performance.now();

    // Drain: the group has committed every record, the stack's counters say every accepted span
    // was passed on (Stack.settled), and the stored count has not moved for QUIET_S seconds.
    let stored = -1;
    let lastChange = loadEnded;
    let stableSince = performance.now();
    let timedOut = false;
    let lastProgress = loadEnded;
    for (;;) {
      const count = await countStored(ES, options.indexPrefix);
      const now = performance.now();
      if (count !== stored) {
        stored = count;
        lastChange = now;
        stableSince = now;
      }
      const { lag } = await groupLag(kafka, options.groupId, options.topic);
      if (now - lastProgress >= 5000) {
        lastProgress = now;
        console.log(`  draining ${((now - loadEnded) / 1000).toFixed(0)} s: stored ${stored.toLocaleString('en-US')}, records not committed ${lag.toLocaleString('en-US')}`);
      }
      if (lag === 0 && (await stack.settled()) && now - stableSince >= QUIET_S * 1000) break;
      if (now - loadEnded > DRAIN_TIMEOUT_S * 1000) {
        timedOut = true;
        break;
      }
      await sleep(500);
    }
    const processes = usage.stop();
    const windowSeconds = (lastChange - started) / 1000;
    const collector = await stack.collectorCounts();
    const ingester = await stack.ingesterCounts();
    const { distinct, duplicated } = await distinctStored(ES, options.indexPrefix);
    result = {
      system,
      scenario,
      run,
      loadAverageAtStart: loadAtStart,
      workers: scenario === 'burst' ? WORKERS : SUSTAINED_WORKERS,
      tracesPerWorker: scenario === 'burst' ? TRACES : undefined,
      seconds: scenario === 'sustained' ? SECONDS : undefined,
      generated: loadgen.spansEnded,
      droppedInSdk: loadgen.spansDroppedInSdk,
      exported: loadgen.spansExported,
      exportFailed: loadgen.spansFailed,
      refusedRetryable: loadgen.spansRefusedRetryable,
      refusedOther: loadgen.spansRefusedOther,
      rejectedPartial: loadgen.spansRejectedPartialSuccess,
      statuses: loadgen.statuses,
      accepted: collector.accepted,
      collectorRefused: collector.refused,
      collectorDetail: collector.detail,
      ingester,
      stored,
      distinctStored: distinct,
      duplicated,
      lostAfterAccept: collector.accepted - distinct,
      lostTotal: loadgen.spansEnded - distinct,
      generateSeconds: loadgen.generateSeconds,
      flushSeconds: loadgen.flushSeconds,
      drainSeconds: (lastChange - loadEnded) / 1000,
      drainTimedOut: timedOut,
      savedPerSecond: windowSeconds > 0 ? distinct / windowSeconds : 0,
      latencyMs: loadgen.requestLatencyMs,
      processes: { ...processes, loadgen: { cpuSeconds: loadgen.cpuSeconds, peakRssMiB: loadgen.peakRssMiB } },
      windowSeconds,
      logErrors: 0,
    };
  } finally {
    await stack?.stop();
    current = undefined;
    if (!flag('keep')) {
      await deleteIndices(ES, options.indexPrefix);
      await deleteTopics(kafka, stack?.topics ?? [options.topic], options.groupId);
    }
  }
  return { ...result, logErrors: logErrors(options.logFile) };
}

function print(result: E2eResult): void {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const p = result.processes;
  const cpu = (name: string) => `${name} ${((p[name]?.cpuSeconds ?? 0) / result.windowSeconds * 100).toFixed(0)} % / ${Math.round(p[name]?.peakRssMiB ?? 0)} MiB`;
  console.log(`[${result.system} ${result.scenario} run ${result.run}] load ${result.loadAverageAtStart}`);
  console.log(`  generated ${n(result.generated)}, dropped in SDK ${n(result.droppedInSdk)} (${(result.droppedInSdk / Math.max(1, result.generated) * 100).toFixed(2)} %), exported ${n(result.exported)}, export failed ${n(result.exportFailed)}, refused retryable ${n(result.refusedRetryable)} (attempts), statuses ${JSON.stringify(result.statuses)}`);
  console.log(`  collector accepted ${n(result.accepted)}, stored ${n(result.stored)} (distinct ${n(result.distinctStored)}, duplicated ${n(result.duplicated)}), lost after accept ${n(result.lostAfterAccept)}, lost in total ${n(result.lostTotal)}`);
  console.log(`  generate ${result.generateSeconds.toFixed(1)} s + SDK flush ${result.flushSeconds.toFixed(1)} s, drain ${result.drainSeconds.toFixed(1)} s${result.drainTimedOut ? ' (TIMED OUT)' : ''}, saved ${n(result.savedPerSecond)} spans/s; request p50 ${result.latencyMs.p50.toFixed(1)} ms p99 ${result.latencyMs.p99.toFixed(1)} ms max ${result.latencyMs.max.toFixed(0)} ms`);
  console.log(`  CPU (% of a core over ${result.windowSeconds.toFixed(1)} s) / peak RSS: ${['collector', 'ingester', 'kafka', 'es', 'loadgen'].map(cpu).join(', ')}`);
  console.log(`  collector ${JSON.stringify({ refused: result.collectorRefused, ...result.collectorDetail })}, ingester ${JSON.stringify(result.ingester)}, error lines in the logs ${result.logErrors}`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

async function main(): Promise<void> {
  console.log(`e2e: systems ${SYSTEMS.join(',')}, scenarios ${SCENARIOS.join(',')} (burst ${WORKERS} × ${TRACES} traces; sustained ${SUSTAINED_WORKERS} workers × ${SECONDS} s at ${RATE > 0 ? `${RATE} traces/s` : 'max'}), ${RUNS} run(s), ${PARTITIONS} partitions`);
  console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${load()}`);
  sh('bash', ['deploy/local/infra.sh', 'up']);
  const bundles = build();
  const stamp = Date.now().toString(36);
  const results: E2eResult[] = [];
  for (let run = 1; run <= RUNS; run++) {
    for (const scenario of SCENARIOS) {
      // Alternate which system goes first, so drifting background load hits both alike.
      const order = run % 2 === 1 ? SYSTEMS : [...SYSTEMS].reverse();
      for (const system of order) {
        try {
          const result = await runOnce(system, scenario, run, bundles, stamp);
          print(result);
          results.push(result);
        } catch (error) {
          // One failed run (say, Elasticsearch restarted by someone else) does not end the series.
          console.log(`[${system} ${scenario} run ${run}] FAILED: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
  console.log('');
  console.log(summaryTables(results));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
