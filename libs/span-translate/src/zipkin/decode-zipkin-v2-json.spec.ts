import { findAttribute } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { DecodeError } from '../decode-result';
import { decodeZipkinV2Json } from './decode-zipkin-v2-json';

const base = { traceId: '5b8efff798038103d269b633813fc60c', id: 'eee19b7ec3c1b174', name: 'op', timestamp: 1_700_000_000_000_000, duration: 10 };
const one = (fields: Record<string, unknown>): Span => {
  const result = decodeZipkinV2Json(JSON.stringify([{ ...base, ...fields }]));
  expect(result.rejected).toBe(0);
  return result.spans[0] as Span;
};

describe('decodeZipkinV2Json: ids', () => {
  it('accepts 16 to 32 hex characters for traceId (left-padded) in either case', () => {
    expect(one({ traceId: 'D269B633813FC60C' }).traceId).toBe('0000000000000000d269b633813fc60c');
    expect(one({ traceId: '1d269b633813fc60c' }).traceId).toBe('0000000000000001d269b633813fc60c');
  });

  it('rejects spans with missing, malformed or zero ids, with a reason each, and keeps the rest', () => {
    const spans = [
      { ...base, traceId: 'xyz' },
      { ...base, traceId: '0'.repeat(32) },
      { ...base, id: 'eee19b7ec3c1b17' },
      { ...base, id: '0000000000000000' },
      { ...base, parentId: 'nothex!!nothex!!' },
      { ...base, traceId: undefined },
      { ...base, id: null },
      base,
    ];
    const result = decodeZipkinV2Json(JSON.stringify(spans));
    expect(result.spans).toHaveLength(1);
    expect(result.rejections).toEqual(
      new Map([
        ['invalid traceId: not 16 to 32 hex characters', 1],
        ['invalid traceId: all zeroes', 1],
        ['invalid id: not 16 hex characters', 1],
        ['invalid id: all zeroes', 1],
        ['invalid parentId: not 16 hex characters', 1],
        ['missing traceId', 1],
        ['missing id', 1],
      ]),
    );
  });

  it('reads a zero parentId, or one equal to the span id, as no parent with a warning', () => {
    expect(one({ parentId: '0000000000000000' })).toMatchObject({ parentSpanId: undefined, warnings: ['zero-parent-id: parentId 0000000000000000 read as no parent'] });
    expect(one({ parentId: base.id }).parentSpanId).toBeUndefined();
    expect(one({ parentId: '' }).parentSpanId).toBeUndefined();
  });
});

describe('decodeZipkinV2Json: conventions', () => {
  it.each([
    ['CLIENT', 'client'],
    ['SERVER', 'server'],
    ['PRODUCER', 'producer'],
    ['CONSUMER', 'consumer'],
  ])('maps kind %s', (kind, expected) => {
    expect(one({ kind }).kind).toBe(expected);
  });

  it('reads span.kind=internal when there is no Zipkin kind, and warns about unknown kinds', () => {
    expect(one({ tags: { 'span.kind': 'internal' } })).toMatchObject({ kind: 'internal', attributes: [] });
    expect(one({ kind: 'LOCAL' })).toMatchObject({ kind: 'unspecified', warnings: ['unknown-kind: Zipkin kind "LOCAL" read as unspecified'] });
  });

  it('takes status from otel.status_code/description', () => {
    const s = one({ tags: { 'otel.status_code': 'ERROR', 'otel.status_description': 'boom', k: 'v' } });
    expect(s.status).toEqual({ code: 'error', message: 'boom' });
    expect(s.attributes.map((a) => a.key)).toEqual(['k']);
  });

  it.each([
    ['true', { code: 'error', message: '' }, false],
    ['', { code: 'error', message: '' }, false],
    ['connection reset', { code: 'error', message: 'connection reset' }, false],
    ['false', { code: 'unset', message: '' }, true],
  ])('reads the error tag %j', (value, status, kept) => {
    const s = one({ tags: { error: value } });
    expect(s.status).toEqual(status);
    expect(findAttribute(s.attributes, 'error') !== undefined).toBe(kept);
  });

  it('keeps an error message that differs from otel.status_description as an attribute', () => {
    const s = one({ tags: { 'otel.status_code': 'ERROR', 'otel.status_description': 'a', error: 'b' } });
    expect(s.status).toEqual({ code: 'error', message: 'a' });
    expect(findAttribute(s.attributes, 'error')).toEqual({ type: 'string', value: 'b' });
  });

  it('moves resource tags (as OTel exporters flatten them) to one shared resource, scope tags to the scope', () => {
    const tags = { 'service.name': 'checkout', 'telemetry.sdk.language': 'nodejs', 'host.name': 'h', 'otel.scope.name': 'lib', 'otel.scope.version': '1', 'http.method': 'GET' };
    const result = decodeZipkinV2Json(JSON.stringify([{ ...base, localEndpoint: { serviceName: 'checkout' }, tags }, { ...base, id: 'eee19b7ec3c1b175', localEndpoint: { serviceName: 'checkout' }, tags }]));
    const [a, b] = result.spans as [Span, Span];
    expect(a.resource).toBe(b.resource);
    expect(a.resource.attributes.map((x) => x.key)).toEqual(['service.name', 'telemetry.sdk.language', 'host.name']);
    expect([a.scope.name, a.scope.version]).toEqual(['lib', '1']);
    expect(a.attributes.map((x) => x.key)).toEqual(['http.method']);
  });

  it('names the service from a service.name tag when localEndpoint has none, else leaves it missing', () => {
    expect(one({ tags: { 'service.name': 'svc' } }).resource.serviceName).toBe('svc');
    expect(one({}).resource).toMatchObject({ serviceName: '', attributes: [] });
    const disagreeing = one({ localEndpoint: { serviceName: 'a' }, tags: { 'service.name': 'b' } });
    expect(disagreeing.resource.serviceName).toBe('a');
    expect(findAttribute(disagreeing.attributes, 'service.name')).toEqual({ type: 'string', value: 'b' });
  });

  it('reads tracestate and dropped counts', () => {
    const s = one({ tags: { 'w3c.tracestate': 'a=1', 'otel.dropped_attributes_count': '3', 'otel.dropped_events_count': '1', 'otel.dropped_links_count': '2' } });
    expect([s.traceState, s.droppedAttributesCount, s.droppedEventsCount, s.droppedLinksCount, s.attributes]).toEqual(['a=1', 3, 1, 2, []]);
  });

  it('prefers IPv6 for the endpoint ip, as OTCC does', () => {
    const s = one({ localEndpoint: { serviceName: 'x', ipv4: '1.2.3.4', ipv6: '::1' } });
    expect(findAttribute(s.attributes, 'net.host.ip')).toEqual({ type: 'string', value: '::1' });
  });

  it('starts a span without timestamp at the epoch and marks it, as OTCC does', () => {
    const s = one({ timestamp: undefined, duration: 5 });
    expect([s.startTimeUnixNano, s.endTimeUnixNano]).toEqual([0n, 5000n]);
    expect(findAttribute(s.attributes, 'otel.zipkin.absentField.startTime')).toEqual({ type: 'bool', value: true });
  });

  it('reads OTCC-encoded event attributes and otlp.link.N tags, leaving malformed ones as written', () => {
    const s = one({
      annotations: [
        { timestamp: 1, value: 'retry|{"attempt":2,"ok":false,"w":0.5}|1' },
        { timestamp: 2, value: 'a|b' },
        { timestamp: 3, value: 'x|{not json}|0' },
      ],
      tags: { 'otlp.link.0': '5b8efff798038103d269b633813fc60c|eee19b7ec3c1b173|k=v|{"a":"b"}|4', 'otlp.link.1': 'garbage' },
    });
    expect(s.events.map((e) => [e.name, e.attributes.length, e.droppedAttributesCount])).toEqual([
      ['retry', 3, 1],
      ['a|b', 0, 0],
      ['x|{not json}|0', 0, 0],
    ]);
    expect(s.events[0]?.attributes[0]).toEqual({ key: 'attempt', value: { type: 'int', value: 2n } });
    expect(s.links).toEqual([{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b173', traceState: 'k=v', attributes: [{ key: 'a', value: { type: 'string', value: 'b' } }], droppedAttributesCount: 4, flags: 0 }]);
    expect(findAttribute(s.attributes, 'otlp.link.1')).toEqual({ type: 'string', value: 'garbage' });
  });

  it('keeps number and boolean tag values as their text', () => {
    expect(one({ tags: { n: 5, b: true } }).attributes.slice(0, 2)).toEqual([
      { key: 'n', value: { type: 'string', value: '5' } },
      { key: 'b', value: { type: 'string', value: 'true' } },
    ]);
  });
});

describe('decodeZipkinV2Json: malformed bodies', () => {
  it.each([
    ['not JSON', '[{', /not valid JSON/],
    ['an object', '{"traceId":"x"}', /expected a JSON list of spans/],
    ['a list of numbers', '[1]', /span\[0\]: expected an object/],
    ['a numeric traceId', '[{"traceId":1,"id":"eee19b7ec3c1b174"}]', /span\[0\]\.traceId: expected a string/],
    ['a string timestamp', `[{"traceId":"${base.traceId}","id":"${base.id}","timestamp":"1"}]`, /span\[0\]\.timestamp: expected an integer/],
    ['a fractional duration', `[{"traceId":"${base.traceId}","id":"${base.id}","duration":1.5}]`, /span\[0\]\.duration/],
    ['a port out of range', `[{"traceId":"${base.traceId}","id":"${base.id}","localEndpoint":{"port":70000}}]`, /span\[0\]\.localEndpoint\.port/],
    ['an object tag value', `[{"traceId":"${base.traceId}","id":"${base.id}","tags":{"k":{}}}]`, /span\[0\]\.tags\.k: expected a string/],
    ['annotations that are not a list', `[{"traceId":"${base.traceId}","id":"${base.id}","annotations":{}}]`, /span\[0\]\.annotations: expected a list/],
    ['a v1 body', `[{"traceId":"${base.traceId}","id":"${base.id}","binaryAnnotations":[]}]`, /JSON_V1/],
    ['a v1 annotation', `[{"traceId":"${base.traceId}","id":"${base.id}","annotations":[{"timestamp":1,"value":"cs","endpoint":{}}]}]`, /JSON_V1/],
  ])('refuses %s with a DecodeError', (_, text, message) => {
    expect(() => decodeZipkinV2Json(text)).toThrow(DecodeError);
    expect(() => decodeZipkinV2Json(text)).toThrow(message);
  });

  it('accepts bytes with a BOM, an empty list and null fields', () => {
    const bytes = new TextEncoder().encode(`\uFEFF[{"traceId":"${base.traceId}","id":"${base.id}","parentId":null,"tags":null,"kind":null}]`);
    expect(decodeZipkinV2Json(bytes).spans).toHaveLength(1);
    expect(decodeZipkinV2Json('[]').spans).toEqual([]);
  });
});
