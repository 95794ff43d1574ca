/**
 * Medians (min–max) of the RESULT and VERIFY lines that `bench/collector.ts` printed, by
 * granularity and phase, as markdown tables. Prints figures; asserts nothing.
 *
 *   node bench/run-ts.cjs bench/collector-summary.ts bench/results/collector-<date>.txt [--quiet-below 20]
 *
 * `--quiet-below N` adds a table of only the phases during which processes other than the
 * collector, Kafka, Elasticsearch and the load generator used less than N % of a core.
 */
import { readFileSync } from 'node:fs';

type Row = Record<string, unknown> & { granularity: string; phase?: string; cpu?: Record<string, number> };

const file = process.argv[2];
if (!file) throw new Error('usage: collector-summary.ts <raw output .txt>');
const lines = readFileSync(file, 'utf8').split('\n');
const parse = (tag: string): Row[] => lines.filter((line) => line.startsWith(`${tag} `)).map((line) => JSON.parse(line.slice(tag.length + 1)) as Row);

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const fmt = (n: number, digits: number) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** "median (min–max)" of one figure over rows. */
function cell(rows: Row[], pick: (row: Row) => number, digits = 0): string {
  const values = rows.map(pick).filter((v) => Number.isFinite(v));
  if (values.length === 0) return '–';
  if (values.length === 1) return fmt(values[0] as number, digits);
  return `${fmt(median(values), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}
const groupBy = (rows: Row[], key: (row: Row) => string) => {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
};

const num = (row: Row, key: string) => Number(row[key]);
const cpu = (key: string) => (row: Row) => Number(row.cpu?.[key]);

function phaseTable(results: Row[]): void {
  console.log('| granularity | phase | runs | accepted spans/s | requests/s | p50 ms | p95 ms | p99 ms | refused (non-2xx) | collector CPU % | Kafka CPU % | load gen CPU % | other CPU % | machine busy % (of 200) | collector peak RSS MiB | produce requests/s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const [key, rows] of groupBy(results, (row) => `${row.granularity} | ${row.phase === 'rate' ? `rate ${fmt(num(row, 'offeredSpansPerSec'), 0)}/s` : 'max'}`)) {
    console.log(`| ${key} | ${rows.length} | ${cell(rows, (r) => num(r, 'spansPerSec'))} | ${cell(rows, (r) => num(r, 'requestsPerSec'), 1)} | ${cell(rows, (r) => num(r, 'p50'), 1)} | ${cell(rows, (r) => num(r, 'p95'), 1)} | ${cell(rows, (r) => num(r, 'p99'), 1)} | ${cell(rows, (r) => num(r, 'refused'))} | ${cell(rows, cpu('collector'))} | ${cell(rows, cpu('kafka'))} | ${cell(rows, cpu('loadgen'))} | ${cell(rows, cpu('other'))} | ${cell(rows, cpu('machine'))} | ${cell(rows, (r) => num(r, 'collectorPeakRssMiB'))} | ${cell(rows, (r) => num(r, 'produceRequestsPerSec'), 1)} |`);
  }
}

const quietAt = process.argv.indexOf('--quiet-below');
phaseTable(parse('RESULT'));
if (quietAt >= 0) {
  const limit = Number(process.argv[quietAt + 1]);
  console.log(`\nOnly phases with other processes below ${limit} % of a core:\n`);
  phaseTable(parse('RESULT').filter((row) => cpu('other')(row) < limit));
}
console.log('\n| granularity | runs | records per accepted request | value bytes per span | bytes per record | spans read back = accepted | traces on >1 partition | undecodable |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [granularity, rows] of groupBy(parse('VERIFY'), (row) => row.granularity)) {
  const matches = rows.filter((r) => r['spans'] === undefined || num(r, 'spans') === num(r, 'acceptedSpans')).length;
  console.log(`| ${granularity} | ${rows.length} | ${cell(rows, (r) => num(r, 'recordsPerRequest'), 1)} | ${cell(rows, (r) => num(r, 'bytesPerSpan'), 1)} | ${cell(rows, (r) => num(r, 'bytesPerRecord'))} | ${matches}/${rows.length} | ${cell(rows, (r) => num(r, 'tracesOnSeveralPartitions'))} | ${cell(rows, (r) => num(r, 'undecodable'))} |`);
}
