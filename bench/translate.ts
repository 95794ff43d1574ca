/**
 * OTLP translation throughput on the benchmark workload's span shape: a 512-span
 * ExportTraceServiceRequest of 3-span traces (HTTP server "/ping/GRM" with 12 attributes, a Redis
 * client "ping" with 9, a MySQL client "gorm.Raw" with 6; one resource with 5 attributes).
 * Prints spans/s (median, min, max over several timed runs after a warm-up); asserts nothing.
 *
 *   taskset -c 0 node bench/run-ts.cjs bench/translate.ts [--runs 7] [--seconds 1]
 */
import { cpus, loadavg } from 'node:os';
import { longToBigInt, otlp } from '@waymark/idl';
import { EMPTY_SCOPE, spanIdFromBytes, traceIdFromBytes } from '@waymark/span-model';
import type { Attribute, AttributeValue, Resource, Span } from '@waymark/span-model';
import { decodeOtlpJson, decodeOtlpProto, encodeOtlpJson, encodeOtlpProto } from '@waymark/span-translate';
import { seededId, workloadRequest } from './otlp-workload';

const SPANS = 512;
const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = arg('runs', 7);
const SECONDS = arg('seconds', 1);

type KV = otlp.common.v1.KeyValue.$Properties;

/** The request, built with the generated protobufjs code so it does not depend on the encoder measured. */
const workload = (): Uint8Array => workloadRequest({ spans: SPANS, startUnixNano: 1_750_000_000_000_000_000n, id: seededId }).bytes;

/** For comparison only: protobufjs' generated decoder, then a straightforward mapping to the model. */
function viaGeneratedCode(bytes: Uint8Array): Span[] {
  const value = (v: otlp.common.v1.AnyValue.$Properties | null | undefined): AttributeValue => {
    if (v?.stringValue != null) return { type: 'string', value: v.stringValue };
    if (v?.intValue != null) return { type: 'int', value: longToBigInt(v.intValue) };
    if (v?.boolValue != null) return { type: 'bool', value: v.boolValue };
    if (v?.doubleValue != null) return { type: 'double', value: v.doubleValue };
    return { type: 'empty' };
  };
  const attrs = (list: KV[] | null | undefined): Attribute[] => (list ?? []).map((kv) => ({ key: kv.key ?? '', value: value(kv.value) }));
  const out: Span[] = [];
  for (const rs of otlp.collector.trace.v1.ExportTraceServiceRequest.decode(bytes).resourceSpans) {
    const attributes = attrs(rs.resource?.attributes);
    const resource: Resource = { serviceName: 'grm-ping', attributes, droppedAttributesCount: 0, schemaUrl: rs.schemaUrl ?? '' };
    for (const ss of rs.scopeSpans ?? []) {
      for (const sp of ss.spans ?? []) {
        const traceId = traceIdFromBytes(sp.traceId ?? new Uint8Array());
        const spanId = spanIdFromBytes(sp.spanId ?? new Uint8Array());
        if (!traceId || !spanId) continue;
        out.push({
          traceId, spanId, parentSpanId: spanIdFromBytes(sp.parentSpanId ?? new Uint8Array()), traceState: sp.traceState ?? '', flags: sp.flags ?? 0,
          name: sp.name ?? '', kind: 'server', startTimeUnixNano: longToBigInt(sp.startTimeUnixNano), endTimeUnixNano: longToBigInt(sp.endTimeUnixNano),
          attributes: attrs(sp.attributes), droppedAttributesCount: 0, events: [], droppedEventsCount: 0, links: [], droppedLinksCount: 0,
          status: { code: 'unset', message: '' }, resource, scope: EMPTY_SCOPE, warnings: [],
        });
      }
    }
  }
  return out;
}

/** Runs `fn` repeatedly for SECONDS per run; returns spans/s of each run. */
function measure(fn: () => unknown, spansPerCall: number): number[] {
  const deadline = (seconds: number) => process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  for (const end = deadline(1); process.hrtime.bigint() < end; ) fn(); // warm-up: let V8 optimize
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = process.hrtime.bigint();
    const end = deadline(SECONDS);
    let calls = 0;
    while (process.hrtime.bigint() < end) {
      fn();
      calls++;
    }
    rates.push((calls * spansPerCall) / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  return rates.sort((a, b) => a - b);
}

function report(name: string, rates: number[]): void {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(11);
  const median = rates[Math.floor(rates.length / 2)] ?? 0;
  console.log(`${name.padEnd(44)} ${fmt(median)} spans/s  (min ${fmt(rates[0] ?? 0)}, max ${fmt(rates[rates.length - 1] ?? 0)})`);
}

const bytes = workload();
const model = decodeOtlpProto(bytes).spans;
const json = encodeOtlpJson(model);
if (model.length !== SPANS || viaGeneratedCode(bytes).length !== SPANS) throw new Error('workload did not decode to 512 spans');
console.log(`OTLP translate benchmark: ${SPANS} spans/request, protobuf ${bytes.length} bytes, JSON ${json.length} bytes`);
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`${RUNS} runs × ${SECONDS} s after a 1 s warm-up each, ${new Date().toISOString()}`);
report('decodeOtlpProto (protobuf → model)', measure(() => decodeOtlpProto(bytes), SPANS));
report('protobufjs generated decode only', measure(() => otlp.collector.trace.v1.ExportTraceServiceRequest.decode(bytes), SPANS));
report('protobufjs generated decode + map to model', measure(() => viaGeneratedCode(bytes), SPANS));
report('encodeOtlpProto (model → protobuf)', measure(() => encodeOtlpProto(model), SPANS));
report('decode + encode (collector → Kafka path)', measure(() => encodeOtlpProto(decodeOtlpProto(bytes).spans), SPANS));
report('decodeOtlpJson (OTLP/JSON text → model)', measure(() => decodeOtlpJson(json), SPANS));
report('encodeOtlpJson (model → OTLP/JSON text)', measure(() => encodeOtlpJson(model), SPANS));
