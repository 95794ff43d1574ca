import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '@waymark/span-model';
import { decodeZipkinV2Json } from './decode-zipkin-v2-json';

/**
 * The golden JSON_V2 body zipkin-js 0.22.0's HttpLogger posted (test/capture/zipkin-js.cjs): a
 * SERVER root with endpoints, an error tag and a message annotation; a CLIENT child with a remote
 * service, plus the shared SERVER side of the same call; a debug PRODUCER span in a 64-bit trace.
 */
const body = readFileSync(join(__dirname, '../../test/fixtures/zipkin/zipkin-js-v2.json'));
const TRACE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const T0 = 1_700_000_000_000_000_000n;
const s = (value: string) => ({ type: 'string', value });
const i = (value: bigint) => ({ type: 'int', value });

describe('zipkin-js golden JSON_V2 body', () => {
  const result = decodeZipkinV2Json(body);
  const [sharedServer, client, root, producer] = result.spans as [Span, Span, Span, Span];

  it('decodes all four spans, none rejected', () => {
    expect(result.rejected).toBe(0);
    expect(result.spans.map((span) => [span.name, span.kind])).toEqual([
      ['select', 'server'],
      ['select cart', 'client'],
      ['get /checkout', 'server'],
      ['publish order', 'producer'],
    ]);
  });

  it('decodes the root SERVER span: times, endpoints, error tag → status, annotation → event', () => {
    expect(root).toMatchObject({ traceId: TRACE, spanId: 'c0ffee0000000001', parentSpanId: undefined, flags: 0, traceState: '' });
    expect([root.startTimeUnixNano, root.endTimeUnixNano]).toEqual([T0, T0 + 12_000_000n]);
    expect(root.status).toEqual({ code: 'error', message: 'upstream timeout' });
    expect(root.attributes).toEqual([
      { key: 'http.path', value: s('/checkout') },
      { key: 'http.status_code', value: s('503') },
      { key: 'net.host.ip', value: s('10.1.2.3') },
      { key: 'net.host.port', value: i(8080n) },
      { key: 'net.peer.ip', value: s('192.168.0.7') },
      { key: 'net.peer.port', value: i(51000n) },
    ]);
    expect(root.events).toEqual([{ timeUnixNano: T0 + 1_000_000n, name: 'retrying', attributes: [], droppedAttributesCount: 0 }]);
    expect(root.resource).toEqual({ serviceName: 'checkout', attributes: [{ key: 'service.name', value: s('checkout') }], droppedAttributesCount: 0, schemaUrl: '' });
  });

  it('decodes the CLIENT child with its remote service as peer attributes', () => {
    expect(client).toMatchObject({ traceId: TRACE, spanId: 'c0ffee0000000002', parentSpanId: 'c0ffee0000000001' });
    expect([client.startTimeUnixNano, client.endTimeUnixNano]).toEqual([T0 + 2_000_000n, T0 + 8_000_000n]);
    expect(client.attributes).toEqual([
      { key: 'db.statement', value: s('SELECT * FROM cart') },
      { key: 'peer.service', value: s('postgres') },
      { key: 'net.peer.ip', value: s('10.0.0.9') },
      { key: 'net.peer.port', value: i(5432n) },
    ]);
    expect(client.events.map((e) => [e.name, e.timeUnixNano])).toEqual([['cache-miss', T0 + 3_000_000n]]);
    expect(client.status.code).toBe('unset');
    expect(client.resource).toBe(root.resource);
  });

  it('decodes the shared SERVER side with the client’s span id under its own service', () => {
    expect(sharedServer).toMatchObject({ spanId: client.spanId, parentSpanId: 'c0ffee0000000001', attributes: [], events: [] });
    expect([sharedServer.startTimeUnixNano, sharedServer.endTimeUnixNano]).toEqual([T0 + 2_500_000n, T0 + 7_500_000n]);
    expect(sharedServer.resource.serviceName).toBe('cart-db');
  });

  it('decodes the debug PRODUCER span: 64-bit trace id padded, debug → sampled flag', () => {
    expect(producer).toMatchObject({ traceId: '0000000000000000f00dfeed12345678', spanId: 'f00dfeed12345678', flags: 1 });
    expect([producer.startTimeUnixNano, producer.endTimeUnixNano]).toEqual([T0 + 9_000_000n, T0 + 10_000_000n]);
    expect(producer.attributes).toEqual([
      { key: 'peer.service', value: s('kafka') },
      { key: 'net.peer.ip', value: s('10.0.0.20') },
      { key: 'net.peer.port', value: i(9092n) },
    ]);
  });

  it('leaves every span without scope or warnings', () => {
    for (const span of result.spans) expect([span.scope.name, span.warnings]).toEqual(['', []]);
  });
});
