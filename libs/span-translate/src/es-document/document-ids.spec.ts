import fc from 'fast-check';
import { makeSpan, spanArb } from '@waymark/storage-testing';
import { canonicalSpanJson, serviceDocumentId, serviceDocumentOf, spanDocumentId } from './document-ids';

describe('document ids', () => {
  it('gives a span document the id trace-span-hash of its canonical content', () => {
    const span = makeSpan({ service: 'frontend', name: 'GET /x', startMs: 1_700_000_000_000 });
    const id = spanDocumentId(span);
    expect(id).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{16}$/);
    expect(id.startsWith(`${span.traceId}-${span.spanId}-`)).toBe(true);
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
