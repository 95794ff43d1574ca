/**
 * The CPU cost of the Elasticsearch write path's document building, on the benchmark workload's
 * span shape (the 512-span request of otlp-workload.ts, decoded as the ingester decodes it):
 * (a) `spanDocumentId` alone (the deterministic `_id` with its content hash), (b)
 * `spanToEsDocument` + `JSON.stringify` (the document text), (c) the whole `bulkItemsOf`
 * (both, the action lines, the service documents, the byte counts, the UTF-8 body: what EsSpanWriter does per
 * span before the request leaves), and for scale (d) decode + `bulkItemsOf`, the ingester's whole
 * per-span CPU before `_bulk`. Prints spans per second of CPU time (median, min, max over
 * several timed runs after a warm-up; steadier than wall-clock time on a shared machine, and
 * what "per core" means) and the wall-clock median; asserts nothing. It also checks that the batch's NDJSON hash is what it was
 * (`--expect <hash>`), so a faster build that changed a byte shows at once.
 *
 *   taskset -c 0 node bench/run-ts.cjs bench/es-documents.ts [--runs 7] [--seconds 1] [--only a,b,c,d]
 */
import { createHash } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { decodeOtlpProto, SpanDocumentEncoder, spanDocumentId, spanToEsDocument, WAYMARK_TAGS_POLICY } from '@waymark/span-translate';
// Not part of the adapter's public API: the bench measures the function itself.
import { bulkItemsOf } from '../libs/storage/elasticsearch/src/bulk-items';
import { seededId, workloadRequest } from './otlp-workload';

const SPANS = 512;
const argText = (name: string): string | undefined => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const arg = (name: string, fallback: number): number => Number(argText(name) ?? fallback);
const RUNS = arg('runs', 7);
const SECONDS = arg('seconds', 1);
const ONLY = new Set((argText('only') ?? 'a,b,c,d,e,f').split(','));

interface Rates {
  /** Spans per second of the process's CPU time (user + system): steady on a shared machine. */
  readonly cpu: number[];
  /** Spans per second of wall-clock time: lower whenever another process had the core. */
  readonly wall: number[];
}

/** Runs `fn` repeatedly for SECONDS per run; returns spans/s of each run, sorted. */
function measure(fn: () => unknown, spansPerCall: number): Rates {
  const deadline = (seconds: number) => process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  for (const end = deadline(1); process.hrtime.bigint() < end; ) fn(); // warm-up: let V8 optimize
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    const end = deadline(SECONDS);
    let calls = 0;
    while (process.hrtime.bigint() < end) {
      fn();
      calls++;
    }
    const used = process.cpuUsage(cpuStarted);
    cpu.push((calls * spansPerCall) / ((used.user + used.system) / 1e6));
    wall.push((calls * spansPerCall) / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  return { cpu: cpu.sort((a, b) => a - b), wall: wall.sort((a, b) => a - b) };
}

function report(name: string, rates: Rates): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
  const median = (list: number[]) => list[Math.floor(list.length / 2)] ?? 0;
  const { cpu, wall } = rates;
  console.log(
    `${name.padEnd(52)} ${fmt(median(cpu))} spans/CPU-s (min ${fmt(cpu[0] ?? 0)}, max ${fmt(cpu[cpu.length - 1] ?? 0)})  wall ${fmt(median(wall))} spans/s`,
  );
}

const bytes = workloadRequest({ spans: SPANS, startUnixNano: 1_750_000_000_000_000_000n, id: seededId }).bytes;
const spans = decodeOtlpProto(bytes).spans;
if (spans.length !== SPANS) throw new Error('workload did not decode to 512 spans');
const bulk = () => bulkItemsOf(spans, 'bench-', WAYMARK_TAGS_POLICY, () => false);
const { items } = bulk();
const ndjson = Buffer.concat(items.map((item) => item.body));
const bodyBytes = items.reduce((sum, item) => sum + item.bytes, 0);
if (bodyBytes !== ndjson.length) throw new Error(`item byte counts add up to ${bodyBytes}, the body has ${ndjson.length}`);
const digest = createHash('sha256').update(ndjson).digest('hex').slice(0, 16);
console.log(`ES document benchmark: ${SPANS} spans/batch, ${items.length} bulk items, NDJSON ${bodyBytes} bytes (${Math.round(bodyBytes / SPANS)} per span), sha256 ${digest}`);
const expected = argText('expect');
if (expected !== undefined && expected !== digest) throw new Error(`NDJSON changed: sha256 ${digest}, expected ${expected}`);
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${RUNS} runs × ${SECONDS} s after a 1 s warm-up each, ${new Date().toISOString()}`);
if (ONLY.has('a')) report('(a) spanDocumentId', measure(() => spans.map(spanDocumentId), SPANS));
if (ONLY.has('b')) report('(b) spanToEsDocument + JSON.stringify', measure(() => spans.map((span) => JSON.stringify(spanToEsDocument(span, WAYMARK_TAGS_POLICY))), SPANS));
if (ONLY.has('c')) report('(c) bulkItemsOf (ids + documents + NDJSON + bytes)', measure(bulk, SPANS));
if (ONLY.has('d')) report('(d) decodeOtlpProto + bulkItemsOf', measure(() => bulkItemsOf(decodeOtlpProto(bytes).spans, 'bench-', WAYMARK_TAGS_POLICY, () => false), SPANS));
if (ONLY.has('e')) report('(e) SpanDocumentEncoder.documentId, one per batch', measure(() => { const encoder = new SpanDocumentEncoder(WAYMARK_TAGS_POLICY); return spans.map((span) => encoder.documentId(span)); }, SPANS));
if (ONLY.has('f')) report('(f) SpanDocumentEncoder.encode, one per batch', measure(() => { const encoder = new SpanDocumentEncoder(WAYMARK_TAGS_POLICY); return spans.map((span) => encoder.encode(span)); }, SPANS));
