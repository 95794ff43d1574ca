/**
 * The benchmark workload's OTLP request, shared by the benches: `spans` spans of 3-span traces
 * (HTTP server "/ping/GRM" with 12 attributes, a Redis client "ping" with 9, a MySQL client
 * "gorm.Raw" with 6), one resource with 5 attributes, one scope. Built with the generated
 * protobufjs code, so the encoder a bench measures does not build its own input.
 */
import { randomFillSync } from 'node:crypto';
import { bigIntToLong, otlp } from '@waymark/idl';

type KV = otlp.common.v1.KeyValue.$Properties;
const s = (key: string, value: string): KV => ({ key, value: { stringValue: value } });
const i = (key: string, value: number): KV => ({ key, value: { intValue: bigIntToLong(BigInt(value)) } });

/** Makes an id of `bytes` bytes; `seed` numbers the ids of one request. */
export type IdMaker = (bytes: number, seed: number) => Uint8Array;

/** Deterministic, never all-zero ids: the same request on every run (translate.ts). */
export const seededId: IdMaker = (bytes, seed) => {
  const out = new Uint8Array(bytes);
  for (let b = 0; b < bytes; b++) out[b] = (seed * 31 + b * 17 + 1) & 0xff;
  out[0] = 1 + (seed % 250);
  return out;
};

/** Random ids; the first byte is never zero, so an id is never the invalid all-zero one. */
export const randomId: IdMaker = (bytes) => {
  const out = randomFillSync(new Uint8Array(bytes));
  out[0] = out[0] || 1;
  return out;
};

export interface WorkloadOptions {
  readonly spans: number;
  /** Start of the first trace; traces start 1 ms apart. */
  readonly startUnixNano: bigint;
  readonly id: IdMaker;
}

export interface Workload {
  /** The encoded ExportTraceServiceRequest. */
  readonly bytes: Uint8Array;
  /** Every trace id and span id used, in the order made (for patching fresh ids in). */
  readonly traceIds: readonly Uint8Array[];
  readonly spanIds: readonly Uint8Array[];
}

/** The 512-span request of the benchmark workload (any span count; the last trace may be cut short). */
export function workloadRequest(options: WorkloadOptions): Workload {
  const spans: otlp.trace.v1.Span.$Properties[] = [];
  const traceIds: Uint8Array[] = [];
  const spanIds: Uint8Array[] = [];
  const newSpanId = (seed: number) => {
    const id = options.id(8, seed);
    spanIds.push(id);
    return id;
  };
  for (let trace = 0; spans.length < options.spans; trace++) {
    const traceId = options.id(16, trace);
    traceIds.push(traceId);
    const server = newSpanId(trace * 3 + 1);
    const start = options.startUnixNano + BigInt(trace) * 1_000_000n;
    const time = (offset: bigint) => bigIntToLong(start + offset, true);
    const span = (spanId: Uint8Array, parent: Uint8Array | undefined, name: string, kind: number, begin: bigint, end: bigint, attributes: KV[]) =>
      spans.push({ traceId, spanId, parentSpanId: parent, name, kind, startTimeUnixNano: time(begin), endTimeUnixNano: time(end), attributes, flags: 0x101, status: {} });
    span(server, undefined, '/ping/GRM', 2, 0n, 900_000n, [
      s('http.request.method', 'GET'), s('http.route', '/ping/GRM'), s('http.scheme', 'http'), i('http.status_code', 200),
      s('http.target', '/ping/GRM'), s('network.type', 'ipv4'), s('network.local.address', '10.0.3.17'), i('network.local.port', 8080),
      s('network.protocol.name', 'http'), s('network.protocol.version', '1.1'), s('network.peer.address', '10.0.7.201'), i('network.peer.port', 53122),
    ]);
    span(newSpanId(trace * 3 + 2), server, 'ping', 3, 100_000n, 300_000n, [
      s('code.filepath', '/app/internal/store/redis.go'), s('code.function', 'github.com/example/app/internal/store.(*Redis).Ping'), i('code.lineno', 42),
      s('db.system', 'redis'), s('db.connection_string', 'redis://redis:6379'), s('server.address', 'redis'), i('server.port', 6379),
      s('db.operation.name', 'ping'), s('db.query.text', 'ping'),
    ]);
    span(newSpanId(trace * 3 + 3), server, 'gorm.Raw', 3, 400_000n, 800_000n, [
      s('db.system', 'mysql'), s('server.address', 'mysql'), i('server.port', 3306), s('db.operation.name', 'select'), s('db.query.text', 'SELECT 1'), i('db.rows_affected', 0),
    ]);
  }
  spans.length = options.spans;
  spanIds.length = options.spans; // made in span order, so the cut-off spans' ids go too
  const resource = { attributes: [s('service.name', 'grm-ping'), s('service.version', '1.4.2'), s('host.name', 'bench-host-01'), s('telemetry.sdk.language', 'go'), s('telemetry.sdk.name', 'opentelemetry')] };
  const request = { resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 'go.opentelemetry.io/otel', version: '1.36.0' }, spans }] }] };
  return { bytes: otlp.collector.trace.v1.ExportTraceServiceRequest.encode(request).finish(), traceIds, spanIds };
}

/**
 * Copies of `workload` with fresh random trace and span ids (so Kafka keys vary request to
 * request), made by overwriting the id bytes in place rather than re-encoding: a copy and
 * a few thousand small writes, cheap enough not to steal CPU from the process measured.
 * The workload must have been built with random ids, so every id occurs only where it is used.
 */
export function freshIds(workload: Workload): () => Buffer {
  const template = Buffer.from(workload.bytes);
  const sites = (ids: readonly Uint8Array[]) => ids.map((id) => occurrences(template, id));
  const traceSites = sites(workload.traceIds);
  const spanSites = sites(workload.spanIds);
  const pool = Buffer.alloc(workload.traceIds.length * 16 + workload.spanIds.length * 8);
  return () => {
    const out = Buffer.from(template);
    randomFillSync(pool);
    let at = 0;
    const patch = (siteList: number[][], size: number) => {
      for (const offsets of siteList) {
        pool[at] = pool[at] || 1;
        for (const offset of offsets) pool.copy(out, offset, at, at + size);
        at += size;
      }
    };
    patch(traceSites, 16);
    patch(spanSites, 8);
    return out;
  };
}

function occurrences(haystack: Buffer, needle: Uint8Array): number[] {
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) found.push(at);
  if (found.length === 0) throw new Error('an id of the workload does not occur in its bytes');
  return found;
}
