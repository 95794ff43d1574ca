import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '@waymark/span-model';
import { decodeZipkinV2Json } from './decode-zipkin-v2-json';

/**
 * The golden JSON_V2 body @opentelemetry/exporter-zipkin 2.12.1 posted from a BasicTracerProvider
 * (test/capture/zipkin-otel-exporter.cjs): a SERVER root with typed attributes and an ERROR
 * status, a CLIENT child with an event, and an INTERNAL child with a link and an OK status.
 *
 * What the exporter itself drops, and so cannot come back: the instrumentation scope
 * (`capture-lib` 1.2.3), the INTERNAL kind (no Zipkin kind), the link, event attributes
 * (`attempt: 2`) and attribute types (every tag is a string). Resource attributes arrive copied
 * into every span's tags and go back to one resource.
 */
const body = readFileSync(join(__dirname, '../../test/fixtures/zipkin/otel-exporter-zipkin.json'));
const TRACE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const T0 = 1_700_000_000_000_000_000n; // ns
const MS = 1_000_000n;
const s = (value: string) => ({ type: 'string', value });

describe('@opentelemetry/exporter-zipkin golden JSON_V2 body', () => {
  const result = decodeZipkinV2Json(body);
  // The exporter posts spans in the order they ended.
  const [query, render, root] = result.spans as [Span, Span, Span];

  it('decodes all three spans of one trace, in the order sent, none rejected', () => {
    expect(result.rejected).toBe(0);
    expect(result.rejections.size).toBe(0);
    expect(result.spans.map((span) => [span.name, span.kind, span.spanId])).toEqual([
      ['SELECT cart', 'client', 'c0ffee0000000002'],
      ['render', 'unspecified', 'c0ffee0000000003'],
      ['GET /checkout', 'server', 'c0ffee0000000001'],
    ]);
    for (const span of result.spans) expect([span.traceId, span.traceState, span.flags]).toEqual([TRACE, '', 0]);
  });

  it('decodes the SERVER root: µs times, attributes as strings, ERROR status from otel.status_code + error', () => {
    expect(root.parentSpanId).toBeUndefined();
    expect([root.startTimeUnixNano, root.endTimeUnixNano]).toEqual([T0, T0 + 12n * MS]);
    // `otel.status_code` and `error` became the status; the resource tags went to the resource.
    expect(root.attributes).toEqual([
      { key: 'http.request.method', value: s('GET') },
      { key: 'http.response.status_code', value: s('503') },
      { key: 'ratio', value: s('0.25') },
      { key: 'cache.hit', value: s('true') },
    ]);
    expect(root.status).toEqual({ code: 'error', message: 'upstream timeout' });
    expect([root.events, root.links]).toEqual([[], []]);
  });

  it('decodes the CLIENT child: parent, times, the annotation as an event without its attributes', () => {
    expect(query.parentSpanId).toBe('c0ffee0000000001');
    expect([query.startTimeUnixNano, query.endTimeUnixNano]).toEqual([T0 + 2n * MS, T0 + 8n * MS]);
    // peer.service is a span attribute (a remote service), not a resource attribute.
    expect(query.attributes).toEqual([
      { key: 'db.system', value: s('postgresql') },
      { key: 'peer.service', value: s('postgres') },
    ]);
    expect(query.events).toEqual([{ timeUnixNano: T0 + 3n * MS, name: 'cache-miss', attributes: [], droppedAttributesCount: 0 }]);
    expect(query.status).toEqual({ code: 'unset', message: '' });
  });

  it('decodes the INTERNAL child as unspecified with an OK status and no link (the exporter sends none)', () => {
    expect(render.parentSpanId).toBe('c0ffee0000000001');
    expect([render.startTimeUnixNano, render.endTimeUnixNano]).toEqual([T0 + 9n * MS, T0 + 10n * MS]);
    expect(render.attributes).toEqual([]);
    expect(render.status).toEqual({ code: 'ok', message: '' });
    expect([render.links, render.droppedLinksCount]).toEqual([[], 0]);
  });

  it('rebuilds one resource from localEndpoint.serviceName and the copied resource tags, shared by every span', () => {
    expect(root.resource).toEqual({
      serviceName: 'checkout',
      attributes: [
        { key: 'service.name', value: s('checkout') },
        { key: 'service.version', value: s('1.4.0') },
        { key: 'deployment.environment', value: s('test') },
        { key: 'host.name', value: s('capture-host') },
      ],
      droppedAttributesCount: 0,
      schemaUrl: '',
    });
    expect(query.resource).toBe(root.resource);
    expect(render.resource).toBe(root.resource);
  });

  it('leaves every span without scope, dropped counts or warnings', () => {
    for (const span of result.spans) {
      expect([span.scope.name, span.scope.version, span.warnings]).toEqual(['', '', []]);
      expect([span.droppedAttributesCount, span.droppedEventsCount, span.droppedLinksCount]).toEqual([0, 0, 0]);
    }
  });
});
