import { spanIdFromBytes, traceIdFromBytes } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource, Span, SpanId, TraceId } from '@waymark/span-model';
import { encodeOtlpProto } from './otlp-proto-encode';
import { scanOtlpProto } from './otlp-proto-scan';
import type { OtlpScanRules } from './otlp-proto-scan';

const text = (key: string, value: string): Attribute => ({ key, value: { type: 'string', value } });
const int = (key: string, value: number): Attribute => ({ key, value: { type: 'int', value: BigInt(value) } });

/**
 * Runs the OTLP fast path (scan, then regroup into `groups` partitions) over a synthetic request
 * of `spans` spans, `rounds` times, and returns how long it took in ms. Called before the
 * receivers listen: cold (interpreted) code takes tens of milliseconds over a request an SDK
 * sends at full speed, longer than its export queue lasts, so the first clients of a fresh
 * collector would otherwise pay for compilation with dropped spans.
 *
 * @throws Error if the synthetic request does not pass the scan under `rules` (a bug, or rules
 *   so strict that no ordinary span passes them: the fast path would never be taken).
 */
export function warmUpOtlpProtoPath(rules: OtlpScanRules, options: { rounds?: number; spans?: number; groups?: number } = {}): number {
  const { rounds = 30, spans = 512, groups = 6 } = options;
  const started = performance.now();
  const bytes = encodeOtlpProto(syntheticSpans(spans, rules.window?.nowMs ?? Date.now()));
  const groupOf = (buf: Uint8Array, offset: number) => (buf[offset + 15] as number) % groups;
  for (let round = 0; round < rounds; round++) {
    const batch = scanOtlpProto(bytes, rules);
    if (batch === undefined) throw new Error('the OTLP warm-up request does not pass the scan: check the span limits and time window');
    batch.regroup(groupOf);
  }
  return performance.now() - started;
}

/** 3-span traces (server, then two clients), a handful of attributes each, starting just before `nowMs`. */
function syntheticSpans(count: number, nowMs: number): Span[] {
  const resource: Resource = {
    serviceName: 'waymark-warm-up',
    attributes: [text('service.name', 'waymark-warm-up'), text('telemetry.sdk.language', 'go'), text('host.name', 'warm-up')],
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
  const scope: InstrumentationScope = { name: 'warm-up', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const start = BigInt(Math.trunc(nowMs) - 1) * 1_000_000n;
  const out: Span[] = [];
  for (let i = 0; i < count; i++) {
    const trace = Math.floor(i / 3);
    const root = i % 3 === 0;
    out.push({
      traceId: idOf(16, trace + 1) as TraceId,
      spanId: idOf(8, i + 1) as SpanId,
      parentSpanId: root ? undefined : (idOf(8, trace * 3 + 1) as SpanId),
      traceState: '',
      flags: 1,
      name: root ? '/ping/GRM' : 'ping',
      kind: root ? 'server' : 'client',
      startTimeUnixNano: start,
      endTimeUnixNano: start + 100_000n,
      attributes: root
        ? [text('http.request.method', 'GET'), text('http.route', '/ping/:id'), int('http.response.status_code', 200), text('network.peer.address', '10.0.0.1'), int('network.peer.port', 52_000 + (i % 1000))]
        : [text('db.system', 'redis'), text('db.query.text', 'PING'), text('server.address', 'redis'), int('server.port', 6379)],
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: 'unset', message: '' },
      resource,
      scope,
      warnings: [],
    });
  }
  return out;
}

function idOf(bytes: 16 | 8, n: number): TraceId | SpanId {
  const buf = new Uint8Array(bytes);
  new DataView(buf.buffer).setUint32(bytes - 4, n);
  buf[0] = 0x57; // never all zero
  return (bytes === 16 ? traceIdFromBytes(buf) : spanIdFromBytes(buf)) as TraceId | SpanId;
}
