import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '@waymark/span-model';
import { decodeJaegerThriftBatch } from './decode-jaeger-thrift';

/**
 * The golden body jaeger-client 3.19.0's HTTPSender posted to /api/traces
 * (test/capture/jaeger-client.cjs): a server span with STRING/DOUBLE/BOOL/BINARY tags, a producer
 * child, and a client child with a log, an error tag and CHILD_OF + FOLLOWS_FROM references.
 * (jaeger-client sends every JS number as DOUBLE, so LONG is covered by the encoder tests.)
 */
const FIXTURE = join(__dirname, '../../test/fixtures/jaeger/jaeger-client-batch.bin');
const TRACE_ID = 'f1e2d3c4b5a697880123456789abcdef';
const T0 = 1_700_000_000_000_000_000n; // ns
const s = (value: string) => ({ type: 'string', value });

describe('jaeger-client golden Thrift batch', () => {
  const result = decodeJaegerThriftBatch(readFileSync(FIXTURE));
  const byName = (name: string): Span => {
    const span = result.spans.find((candidate) => candidate.name === name);
    if (!span) throw new Error(`no span ${name}`);
    return span;
  };

  it('decodes all three spans of one 128-bit trace, none rejected', () => {
    expect(result.rejected).toBe(0);
    expect(result.spans.map((span) => span.name)).toEqual(['enqueue order', 'SELECT cart', 'GET /checkout']);
    expect(new Set(result.spans.map((span) => span.traceId))).toEqual(new Set([TRACE_ID]));
  });

  it('maps the process to one resource shared by every span', () => {
    const [first, ...rest] = result.spans as [Span, ...Span[]];
    for (const span of rest) expect(span.resource).toBe(first.resource);
    expect(first.resource.serviceName).toBe('checkout');
    expect(first.resource.attributes).toEqual([
      { key: 'service.name', value: s('checkout') },
      { key: 'host.name', value: s('capture-host') },
      { key: 'ip', value: s('10.1.2.3') },
      { key: 'deployment.environment', value: s('test') },
      { key: 'opencensus.exporterversion', value: s('Jaeger-Node-3.19.0') },
      { key: 'client-uuid', value: s('00000000-0000-4000-8000-000000000001') },
    ]);
  });

  it('decodes the root server span with a tag of every type jaeger-client sends', () => {
    const root = byName('GET /checkout');
    expect(root).toMatchObject({ spanId: '0123456789abcdef', parentSpanId: undefined, kind: 'server', flags: 1, traceState: '' });
    expect([root.startTimeUnixNano, root.endTimeUnixNano]).toEqual([T0, T0 + 12_000_000n]);
    expect(root.attributes).toEqual([
      { key: 'sampler.type', value: s('const') },
      { key: 'sampler.param', value: { type: 'bool', value: true } },
      { key: 'http.method', value: s('GET') },
      { key: 'http.status_code', value: { type: 'double', value: 200 } },
      { key: 'ratio', value: { type: 'double', value: 0.25 } },
      { key: 'cache.hit', value: { type: 'bool', value: true } },
      { key: 'payload', value: { type: 'bytes', value: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) } },
      { key: 'request.meta', value: s('{"retry":false}') },
    ]);
    expect(root.status).toEqual({ code: 'unset', message: '' });
    expect([root.events, root.links, root.warnings]).toEqual([[], [], []]);
    expect(root.scope.name).toBe('');
  });

  it('decodes the producer child (negative i64 span id) with sub-millisecond times', () => {
    const enqueue = byName('enqueue order');
    expect(enqueue).toMatchObject({ spanId: '8000000000000001', parentSpanId: '0123456789abcdef', kind: 'producer', attributes: [] });
    expect([enqueue.startTimeUnixNano, enqueue.endTimeUnixNano]).toEqual([T0 + 1_500_000n, T0 + 2_250_000n]);
  });

  it('decodes the client child: error status, log → event, FOLLOWS_FROM → link', () => {
    const query = byName('SELECT cart');
    expect(query).toMatchObject({ spanId: '00000000000000a2', parentSpanId: '0123456789abcdef', kind: 'client' });
    expect([query.startTimeUnixNano, query.endTimeUnixNano]).toEqual([T0 + 3_000_000n, T0 + 10_750_000n]);
    expect(query.status).toEqual({ code: 'error', message: '' });
    expect(query.attributes).toEqual([{ key: 'db.system', value: s('postgresql') }]);
    expect(query.events).toEqual([
      {
        timeUnixNano: T0 + 3_500_000n,
        name: 'cache-miss',
        attributes: [
          { key: 'message', value: s('cart not cached') },
          { key: 'attempt', value: { type: 'double', value: 2 } },
        ],
        droppedAttributesCount: 0,
      },
    ]);
    expect(query.links).toEqual([{ traceId: TRACE_ID, spanId: '8000000000000001', traceState: '', attributes: [{ key: 'opentracing.ref_type', value: s('follows_from') }], droppedAttributesCount: 0, flags: 0 }]);
  });
});
