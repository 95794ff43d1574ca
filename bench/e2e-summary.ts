/**
 * The side-by-side tables of bench/e2e.ts: one markdown table per scenario, a column per system
 * (median of its runs, with min–max when there are several) and the Waymark / Jaeger ratio.
 */
import type { SystemName } from './e2e-stacks';

export interface E2eResult {
  readonly system: SystemName;
  readonly scenario: 'burst' | 'sustained';
  readonly run: number;
  readonly loadAverageAtStart: string;
  readonly workers: number;
  readonly tracesPerWorker: number | undefined;
  readonly seconds: number | undefined;
  readonly generated: number;
  readonly droppedInSdk: number;
  readonly exported: number;
  readonly exportFailed: number;
  /** Spans in requests answered 429/502/503/504, counted per attempt (a retried request counts again). */
  readonly refusedRetryable: number;
  readonly refusedOther: number;
  readonly rejectedPartial: number;
  readonly statuses: Record<string, number>;
  readonly accepted: number;
  readonly collectorRefused: Record<string, number>;
  readonly collectorDetail: Record<string, number>;
  readonly ingester: Record<string, number>;
  readonly stored: number;
  readonly distinctStored: number;
  readonly duplicated: number;
  readonly lostAfterAccept: number;
  readonly lostTotal: number;
  readonly generateSeconds: number;
  readonly flushSeconds: number;
  readonly drainSeconds: number;
  readonly drainTimedOut: boolean;
  /** Distinct spans stored / seconds from the start of the load to the last span stored. */
  readonly savedPerSecond: number;
  readonly latencyMs: { requests: number; p50: number; p99: number; max: number };
  readonly processes: Record<string, { cpuSeconds: number; peakRssMiB: number }>;
  readonly windowSeconds: number;
  /** Error lines in the logs of the run's collector, ingester and load generator. */
  readonly logErrors: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface Row {
  readonly label: string;
  readonly value: (result: E2eResult) => number;
  readonly digits: number;
  /** Show a Waymark / Jaeger ratio. */
  readonly ratio?: boolean;
}

const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);
const cpuPct = (name: string) => (r: E2eResult) => pct(r.processes[name]?.cpuSeconds ?? 0, r.windowSeconds);
const rss = (name: string) => (r: E2eResult) => r.processes[name]?.peakRssMiB ?? 0;

const ROWS: readonly Row[] = [
  { label: 'spans generated (ended in the SDK)', value: (r) => r.generated, digits: 0 },
  { label: 'dropped in the SDK (queue full)', value: (r) => r.droppedInSdk, digits: 0 },
  { label: 'dropped in the SDK, % of generated', value: (r) => pct(r.droppedInSdk, r.generated), digits: 2 },
  { label: 'export failed in the SDK (batch given up)', value: (r) => r.exportFailed, digits: 0 },
  { label: 'refused with a retryable status (spans × attempts)', value: (r) => r.refusedRetryable, digits: 0 },
  { label: 'accepted by the collector', value: (r) => r.accepted, digits: 0 },
  { label: 'stored in Elasticsearch (distinct spans)', value: (r) => r.distinctStored, digits: 0 },
  { label: 'stored more than once', value: (r) => r.duplicated, digits: 0 },
  { label: 'lost after the collector accepted them', value: (r) => r.lostAfterAccept, digits: 0 },
  { label: 'lost in total (generated − stored)', value: (r) => r.lostTotal, digits: 0 },
  { label: 'lost in total, % of generated', value: (r) => pct(r.lostTotal, r.generated), digits: 2 },
  { label: 'load: generate + SDK flush (s)', value: (r) => r.generateSeconds + r.flushSeconds, digits: 1, ratio: true },
  { label: 'time to drain after the load (s)', value: (r) => r.drainSeconds, digits: 1, ratio: true },
  { label: '**saved spans/s** (stored ÷ load start → last stored)', value: (r) => r.savedPerSecond, digits: 0, ratio: true },
  { label: 'request latency p50 (ms)', value: (r) => r.latencyMs.p50, digits: 1, ratio: true },
  { label: 'request latency p99 (ms)', value: (r) => r.latencyMs.p99, digits: 1, ratio: true },
  { label: 'collector CPU (% of a core)', value: cpuPct('collector'), digits: 0, ratio: true },
  { label: 'ingester CPU (% of a core)', value: cpuPct('ingester'), digits: 0, ratio: true },
  { label: 'Kafka CPU (% of a core)', value: cpuPct('kafka'), digits: 0, ratio: true },
  { label: 'Elasticsearch CPU (% of a core)', value: cpuPct('es'), digits: 0, ratio: true },
  { label: 'load generator CPU (% of a core)', value: cpuPct('loadgen'), digits: 0 },
  { label: 'collector peak RSS (MiB)', value: rss('collector'), digits: 0, ratio: true },
  { label: 'ingester peak RSS (MiB)', value: rss('ingester'), digits: 0, ratio: true },
  { label: 'drain timed out (runs)', value: (r) => (r.drainTimedOut ? 1 : 0), digits: 0 },
  { label: 'error lines in the logs (collector, ingester)', value: (r) => r.logErrors ?? 0, digits: 0 },
];

const fmt = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function cell(results: readonly E2eResult[], row: Row): string {
  if (results.length === 0) return '—';
  const values = results.map(row.value);
  const mid = fmt(median(values), row.digits);
  if (values.length === 1) return mid;
  return `${mid} (${fmt(Math.min(...values), row.digits)}–${fmt(Math.max(...values), row.digits)})`;
}

/** Markdown tables, one per scenario present in `results`. */
export function summaryTables(results: readonly E2eResult[]): string {
  const out: string[] = [];
  for (const scenario of ['burst', 'sustained'] as const) {
    const waymark = results.filter((r) => r.scenario === scenario && r.system === 'waymark');
    const jaeger = results.filter((r) => r.scenario === scenario && r.system === 'jaeger');
    if (waymark.length + jaeger.length === 0) continue;
    const any = (waymark[0] ?? jaeger[0]) as E2eResult;
    const title = scenario === 'burst' ? `${any.workers} workers × ${fmt(any.tracesPerWorker ?? 0, 0)} traces` : `${any.seconds} s sustained, ${any.workers} workers at the highest rate the generator reaches`;
    out.push(`### ${title} (median of ${waymark.length} Waymark / ${jaeger.length} Jaeger run(s); min–max in brackets)`, '');
    out.push('| | Waymark | Jaeger v2 | Waymark ÷ Jaeger |', '|---|---:|---:|---:|');
    for (const row of ROWS) {
      const ratio = row.ratio && waymark.length > 0 && jaeger.length > 0 && median(jaeger.map(row.value)) !== 0 ? `${(median(waymark.map(row.value)) / median(jaeger.map(row.value))).toFixed(2)}×` : '';
      out.push(`| ${row.label} | ${cell(waymark, row)} | ${cell(jaeger, row)} | ${ratio} |`);
    }
    out.push('', `Load average at the start of each run: ${results.filter((r) => r.scenario === scenario).map((r) => `${r.system} #${r.run}: ${r.loadAverageAtStart}`).join('; ')}`, '');
  }
  return out.join('\n');
}
