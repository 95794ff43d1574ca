/**
 * OTLP translation throughput on the benchmark workload's span shape: a 512-span
 * ExportTraceServiceRequest of 3-span traces (HTTP server "/ping/GRM" with 12 attributes, a Redis
 * client "ping" with 9, a MySQL client "gorm.Raw" with 6; one resource with 5 attributes).
 * Prints spans/s (median, min, max over several timed runs after a warm-up); asserts nothing.
 *
 *   taskset -c 0 node bench/run-ts.cjs bench/translate.ts [--runs 7] [--seconds 1]
 */
import { cpus, loadavg } from 'node:os';
import { bigIntToLong, longToBigInt, otlp } from '@waymark/idl';
import { EMPTY_SCOPE, spanIdFromBytes, traceIdFromBytes } from '@waymark/span-model';
import type { Attribute, AttributeValue, Resource, Span } from '@waymark/span-model';
import { decodeOtlpJson, decodeOtlpProto, encodeOtlpJson, encodeOtlpProto } from '@waymark/span-translate';

const SPANS = 512;
const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = arg('runs', 7);
const SECONDS = arg('seconds', 1);

type KV = otlp.common.v1.KeyValue.$Properties;
const s = (key: string, value: string): KV => ({ key, value: { stringValue: value } });
const i = (key: string, value: number): KV => ({ key, value: { intValue: bigIntToLong(BigInt(value)) } });

function id(bytes: number, seed: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let b = 0; b < bytes; b++) out[b] = (seed * 31 + b * 17 + 1) & 0xff;
  out[0] = 1 + (seed % 250);
  return out;
}

/** The request, built with the generated protobufjs code so it does not depend on the encoder measured. */
function workload(): Uint8Array {
  const spans: otlp.trace.v1.Span.$Properties[] = [];
  const t0 = 1_750_000_000_000_000_000n;
  for (let trace = 0; spans.length < SPANS; trace++) {
    const traceId = id(16, trace);
    const server = id(8, trace * 3 + 1);
    const start = t0 + BigInt(trace) * 1_000_000n;
    const time = (offset: bigint) => bigIntToLong(start + offset, true);
    const span = (spanId: Uint8Array, parent: Uint8Array | undefined, name: string, kind: number, begin: bigint, end: bigint, attributes: KV[]) =>
      spans.push({ traceId, spanId, parentSpanId: parent, name, kind, startTimeUnixNano: time(begin), endTimeUnixNano: time(end), attributes, flags: 0x101, status: {} });
    span(server, undefined, '/ping/GRM', 2, 0n, 900_000n, [
      s('http.request.method', 'GET'), s('http.route', '/ping/GRM'), s('http.scheme', 'http'), i('http.status_code', 200),
      s('http.target', '/ping/GRM'), s('network.type', 'ipv4'), s('network.local.address', '10.0.3.17'), i('network.local.port', 8080),
      s('network.protocol.name', 'http'), s('network.protocol.version', '1.1'), s('network.peer.address', '10.0.7.201'), i('network.peer.port', 53122),
    ]);
    span(id(8, trace * 3 + 2), server, 'ping', 3, 100_000n, 300_000n, [
      s('code.filepath', '/app/internal/store/redis.go'), s('code.function', 'github.com/example/app/internal/store.(*Redis).Ping'), i('code.lineno', 42),
      s('db.system', 'redis'), s('db.connection_string', 'redis://redis:6379'), s('server.address', 'redis'), i('server.port', 6379),
      s('db.operation.name', 'ping'), s('db.query.text', 'ping'),
    ]);
    span(id(8, trace * 3 + 3), server, 'gorm.Raw', 3, 400_000n, 800_000n, [
      s('db.system', 'mysql'), s('server.address', 'mysql'), i('server.port', 3306), s('db.operation.name', 'select'), s('db.query.text', 'SELECT 1'), i('db.rows_affected', 0),
    ]);
  }
  spans.length = SPANS;
  const resource = { attributes: [s('service.name', 'grm-ping'), s('service.version', '1.4.2'), s('host.name', 'bench-host-01'), s('telemetry.sdk.language', 'go'), s('telemetry.sdk.name', 'opentelemetry')] };
  const request = { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'go.opentelemetry.io/otel', version: '1.36.0' }, spans }] }] };
  return otlp.collector.trace.v1.ExportTraceServiceRequest.encode(request).finish();
}

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
