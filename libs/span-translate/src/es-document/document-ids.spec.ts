import fc from 'fast-check';
import { makeSpan, spanArb } from '@waymark/storage-testing';
import type { Span, SpanId, TraceId } from '@waymark/span-model';
import { canonicalSpanJson, serviceDocumentId, serviceDocumentOf, spanDocumentId } from './document-ids';
import { fnv1a64Hex } from './fnv1a64';

/** Every kind of field and value, escapes and non-ASCII text included. */
const pinned: Span = {
  traceId: '0000000000000000d269b633813fc60c' as TraceId,
  spanId: 'eee19b7ec3c1b174' as SpanId,
  parentSpanId: 'eee19b7ec3c1b173' as SpanId,
  traceState: 'rojo=1',
  flags: 0x101,
  name: 'GET /api/orders é "q" \n',
  kind: 'client',
  startTimeUnixNano: 1485467191639875123n,
  endTimeUnixNano: 1485467191639880000n,
  attributes: [
    { key: 'http.method', value: { type: 'string', value: 'GET' } },
    { key: 'http.status_code', value: { type: 'int', value: 500n } },
    { key: 'ratio', value: { type: 'double', value: 0.25 } },
    { key: 'nan', value: { type: 'double', value: NaN } },
    { key: 'negzero', value: { type: 'double', value: -0 } },
    { key: 'ok', value: { type: 'bool', value: true } },
    { key: 'blob', value: { type: 'bytes', value: new Uint8Array([0, 1, 254, 255]) } },
    { key: 'list', value: { type: 'array', value: [{ type: 'int', value: 2n ** 63n - 1n }, { type: 'empty' }] } },
    { key: 'map', value: { type: 'kvlist', value: [{ key: 'k', value: { type: 'string', value: 'v😀\ud800' } }] } },
  ],
  droppedAttributesCount: 2,
  events: [{ timeUnixNano: 1485467191639877001n, name: 'sent', attributes: [{ key: 'size', value: { type: 'int', value: 3n } }], droppedAttributesCount: 1 }],
  droppedEventsCount: 0,
  links: [{ traceId: '0af7651916cd43dd8448eb211c80319c' as TraceId, spanId: 'b7ad6b7169203331' as SpanId, traceState: '', attributes: [], droppedAttributesCount: 0, flags: 1 }],
  droppedLinksCount: 3,
  status: { code: 'error', message: 'boom' },
  resource: {
    serviceName: 'frontend',
    attributes: [
      { key: 'service.name', value: { type: 'string', value: 'frontend' } },
      { key: 'host.name', value: { type: 'string', value: 'web-1' } },
    ],
    droppedAttributesCount: 0,
    schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
  },
  scope: { name: 'io.opentelemetry.http', version: '1.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
  warnings: ['clipped'],
};

describe('document ids', () => {
  it('gives a span document the id trace-span-hash of its canonical content', () => {
    const span = makeSpan({ service: 'frontend', name: 'GET /x', startMs: 1_700_000_000_000 });
    const id = spanDocumentId(span);
    expect(id).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{16}$/);
    expect(id.startsWith(`${span.traceId}-${span.spanId}-`)).toBe(true);
  });

  it('keeps the ids already written: pinned, since a changed id would store redelivered spans twice', () => {
    // Computed by the first implementation (FNV-1a 64 over the TextEncoder bytes of canonicalSpanJson).
    expect(spanDocumentId(pinned)).toBe('0000000000000000d269b633813fc60c-eee19b7ec3c1b174-e05176ad84545697');
    expect(fnv1a64Hex(canonicalSpanJson(pinned))).toBe('e05176ad84545697');
  });

  it('hashes exactly the canonical text, without building it', () => {
    fc.assert(
      fc.property(spanArb(), (span) => {
        expect(spanDocumentId(span)).toBe(`${span.traceId}-${span.spanId}-${fnv1a64Hex(canonicalSpanJson(span))}`);
      }),
      { numRuns: 300 },
    );
  });

  it('is the same for a redelivered span and differs for any change of content', () => {
    fc.assert(
      fc.property(spanArb(), (span) => {
        expect(spanDocumentId({ ...span, attributes: [...span.attributes] })).toBe(spanDocumentId(span));
        expect(spanDocumentId({ ...span, name: `${span.name}!` })).not.toBe(spanDocumentId(span));
        expect(spanDocumentId({ ...span, endTimeUnixNano: span.endTimeUnixNano + 1n })).not.toBe(spanDocumentId(span));
        expect(spanDocumentId({ ...span, warnings: [...span.warnings, 'w'] })).not.toBe(spanDocumentId(span));
      }),
      { numRuns: 100 },
    );
  });

  it('tells apart values JSON alone would not (int vs string, 2 vs 2.0, -0 vs 0)', () => {
    const span = makeSpan();
    const withValue = (value: Parameters<typeof canonicalSpanJson>[0]['attributes'][number]['value']) => canonicalSpanJson({ ...span, attributes: [{ key: 'k', value }] });
    const texts = [
      withValue({ type: 'int', value: 2n }),
      withValue({ type: 'string', value: '2' }),
      withValue({ type: 'double', value: 2 }),
      withValue({ type: 'double', value: -0 }),
      withValue({ type: 'double', value: 0 }),
      withValue({ type: 'double', value: NaN }),
    ];
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('gives a service document the id Jaeger gives it: fnv64a(service + operation) in hex without leading zeros', () => {
    expect(serviceDocumentOf(makeSpan({ service: 'frontend', name: 'HTTP GET /dispatch' }))).toEqual({ serviceName: 'frontend', operationName: 'HTTP GET /dispatch' });
    expect(serviceDocumentId({ serviceName: 'frontend', operationName: 'HTTP GET /dispatch' })).toBe('15441fb455e8c7b6');
    // Go's strconv.FormatUint(h, 16) drops the leading zero of 0x016f8ec2952bbab7.
    expect(serviceDocumentId({ serviceName: 'svc1', operationName: '100' })).toBe('16f8ec2952bbab7');
  });
});
