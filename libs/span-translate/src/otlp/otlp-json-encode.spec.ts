import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attribute, Span } from '@waymark/span-model';
import { decodeOtlpProto } from './otlp-proto-decode';
import { encodeOtlpJson, toOtlpJsonValue } from './otlp-json-encode';

const fixture = decodeOtlpProto(readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'otlp', 'otlp-proto-http.bin'))).spans;

describe('toOtlpJsonValue', () => {
  it('writes the OTLP/JSON form: camelCase keys, hex ids, integer enums, 64-bit integers as strings', () => {
    const json = toOtlpJsonValue(fixture);
    expect(json.resourceSpans).toHaveLength(1);
    const group = json.resourceSpans[0];
    expect(group?.resource?.attributes?.[4]).toEqual({ key: 'process.pid', value: { intValue: '4242' } });
    expect(group?.scopeSpans[0]?.scope).toEqual({ name: 'waymark.capture', version: '1.2.3' });
    expect(group?.scopeSpans[0]?.schemaUrl).toBe('https://opentelemetry.io/schemas/1.30.0');
    const [client, server] = group?.scopeSpans[0]?.spans ?? [];
    expect(client).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b175',
      parentSpanId: 'eee19b7ec3c1b174',
      flags: 257,
      kind: 3,
      startTimeUnixNano: '1750000000200000000',
      events: [{ timeUnixNano: '1750000000300000001', name: 'cache.miss' }],
      links: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', flags: 257 }],
      status: { code: 1 },
    });
    expect(server?.status).toEqual({ code: 2, message: 'upstream failed' });
    expect(server?.attributes?.[3]).toEqual({ key: 'waymark.test.big_int', value: { intValue: '9007199254740994' } });
    // Defaults are omitted, as protojson omits them.
    expect(Object.keys(server ?? {})).not.toContain('droppedAttributesCount');
    expect(Object.keys(server ?? {})).not.toContain('events');
  });

  it('spells doubles JSON cannot hold as strings, bytes as base64 and the empty value as {}', () => {
    const values: Attribute[] = [
      { key: 'nan', value: { type: 'double', value: NaN } },
      { key: 'inf', value: { type: 'double', value: -Infinity } },
      { key: 'negzero', value: { type: 'double', value: -0 } },
      { key: 'bytes', value: { type: 'bytes', value: Uint8Array.of(0, 255) } },
      { key: 'empty', value: { type: 'empty' } },
      { key: 'list', value: { type: 'kvlist', value: [{ key: 'a', value: { type: 'array', value: [] } }] } },
    ];
    const span: Span = { ...(fixture[0] as Span), attributes: values, warnings: ['w'] };
    const text = encodeOtlpJson([span]);
    expect(text).toContain(
      '"attributes":[{"key":"nan","value":{"doubleValue":"NaN"}},{"key":"inf","value":{"doubleValue":"-Infinity"}},{"key":"negzero","value":{"doubleValue":"-0"}},' +
        '{"key":"bytes","value":{"bytesValue":"AP8="}},{"key":"empty","value":{}},{"key":"list","value":{"kvlistValue":{"values":[{"key":"a","value":{"arrayValue":{"values":[]}}}]}}},' +
        '{"key":"waymark.warnings","value":{"arrayValue":{"values":[{"stringValue":"w"}]}}}]',
    );
  });

  it('gives an empty resourceSpans list for no spans', () => {
    expect(encodeOtlpJson([])).toBe('{"resourceSpans":[]}');
  });
});
