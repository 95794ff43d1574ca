import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '@waymark/span-model';
import { DecodeError } from '../decode-result';
import { decodeZipkinV1Json } from './decode-zipkin-v1-json';
import { decodeZipkinV2Json } from './decode-zipkin-v2-json';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test/fixtures/zipkin', name));
/** The fields both encodings carry; v1 has no `shared` flag to compare, the rest must agree. */
const essentials = (span: Span) => ({
  ids: [span.traceId, span.spanId, span.parentSpanId],
  name: span.name,
  kind: span.kind,
  times: [span.startTimeUnixNano, span.endTimeUnixNano],
  flags: span.flags,
  service: span.resource.serviceName,
  attributes: span.attributes,
  events: span.events,
  status: span.status,
});
const key = (span: Span) => `${span.spanId}/${span.kind}`;

describe('decodeZipkinV1Json', () => {
  it('decodes the zipkin-js JSON_V1 capture exactly as its JSON_V2 twin', () => {
    const v1 = decodeZipkinV1Json(fixture('zipkin-js-v1.json'));
    const v2 = decodeZipkinV2Json(fixture('zipkin-js-v2.json'));
    expect(v1.rejected).toBe(0);
    const sorted = (spans: Span[]) => [...spans].sort((a, b) => key(a).localeCompare(key(b))).map(essentials);
    expect(sorted(v1.spans)).toEqual(sorted(v2.spans));
  });

  it('splits a v1 span holding both sides of an RPC into a client and a server span', () => {
    const body = [
      {
        traceId: 'a1b2c3d4e5f60718',
        id: 'c0ffee0000000002',
        name: 'get',
        timestamp: 100,
        duration: 50,
        annotations: [
          { timestamp: 100, value: 'cs', endpoint: { serviceName: 'web' } },
          { timestamp: 110, value: 'sr', endpoint: { serviceName: 'api' } },
          { timestamp: 140, value: 'ss', endpoint: { serviceName: 'api' } },
          { timestamp: 150, value: 'cr', endpoint: { serviceName: 'web' } },
          { timestamp: 120, value: 'db-call', endpoint: { serviceName: 'api' } },
        ],
        binaryAnnotations: [
          { key: 'http.path', value: '/x', endpoint: { serviceName: 'web' } },
          { key: 'rows', value: 3, type: 'I32', endpoint: { serviceName: 'api' } },
          { key: 'ca', value: true, endpoint: { serviceName: '', ipv4: '10.0.0.1' } },
        ],
      },
    ];
    const [client, server] = decodeZipkinV1Json(JSON.stringify(body)).spans as [Span, Span];
    expect([client.kind, client.resource.serviceName, client.startTimeUnixNano, client.endTimeUnixNano]).toEqual(['client', 'web', 100_000n, 150_000n]);
    expect(client.attributes).toEqual([{ key: 'http.path', value: { type: 'string', value: '/x' } }]);
    expect([server.kind, server.resource.serviceName, server.startTimeUnixNano, server.endTimeUnixNano]).toEqual(['server', 'api', 110_000n, 140_000n]);
    expect(server.attributes).toEqual([
      { key: 'rows', value: { type: 'string', value: '3' } },
      { key: 'net.peer.ip', value: { type: 'string', value: '10.0.0.1' } },
    ]);
    expect(server.events.map((e) => e.name)).toEqual(['db-call']);
  });

  it('reads a span without core annotations as a local span named by its binary annotation endpoint', () => {
    const body = [{ traceId: 'a1b2c3d4e5f60718', id: 'c0ffee0000000003', name: 'work', timestamp: 5, duration: 2, binaryAnnotations: [{ key: 'lc', value: 'cron', endpoint: { serviceName: 'jobs' } }] }];
    const span = decodeZipkinV1Json(JSON.stringify(body)).spans[0] as Span;
    expect([span.kind, span.resource.serviceName, span.startTimeUnixNano, span.endTimeUnixNano]).toEqual(['unspecified', 'jobs', 5000n, 7000n]);
    expect(span.attributes).toEqual([{ key: 'lc', value: { type: 'string', value: 'cron' } }]);
  });

  it('rejects a span with invalid ids once, however many v2 spans it holds', () => {
    const body = [{ traceId: 'nope', id: 'c0ffee0000000002', annotations: [{ timestamp: 1, value: 'cs' }, { timestamp: 2, value: 'sr' }] }];
    expect(decodeZipkinV1Json(JSON.stringify(body))).toMatchObject({ rejected: 1, spans: [] });
  });

  it.each([
    ['a v2 body', '[{"traceId":"a1b2c3d4e5f60718","id":"c0ffee0000000002","localEndpoint":{}}]', /JSON_V2/],
    ['an object binary annotation value', '[{"traceId":"a1b2c3d4e5f60718","id":"c0ffee0000000002","binaryAnnotations":[{"key":"k","value":{}}]}]', /binaryAnnotations\[0\]\.value/],
    ['not a list', '{}', /expected a JSON list/],
  ])('refuses %s with a DecodeError', (_, text, message) => {
    expect(() => decodeZipkinV1Json(text)).toThrow(DecodeError);
    expect(() => decodeZipkinV1Json(text)).toThrow(message);
  });
});
