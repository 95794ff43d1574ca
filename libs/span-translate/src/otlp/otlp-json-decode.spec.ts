import { EMPTY_SCOPE } from '@waymark/span-model';
import { DecodeError } from '../decode-result';
import { INVALID_SPAN_ID, INVALID_TRACE_ID } from './otlp-conventions';
import { decodeOtlpJson, decodeOtlpJsonValue } from './otlp-json-decode';

type Json = Record<string, unknown>;
const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const request = (...spans: Json[]): Json => ({ resourceSpans: [{ scopeSpans: [{ spans }] }] });
const span = (extra: Json = {}): Json => ({ traceId: TRACE, spanId: SPAN, name: 'op', ...extra });
const decodeSpan = (extra: Json) => {
  const result = decodeOtlpJson(JSON.stringify(request(span(extra))));
  expect(result.spans).toHaveLength(1);
  return result.spans[0]!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
};
const valueOf = (value: unknown) => decodeSpan({ attributes: [{ key: 'k', value }] }).attributes[0]?.value;

describe('decodeOtlpJson', () => {
  it('decodes the example of the OTLP/JSON specification', () => {
    const text = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
      "scopeSpans":[{"scope":{"name":"io.opentelemetry.http","version":"1.0.0"},"spans":[{
        "traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","parentSpanId":"eee19b7ec3c1b173",
        "name":"GET /cart","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
        "attributes":[{"key":"http.response.status_code","value":{"intValue":"200"}}],"status":{"code":1}}]}]}]}`;
    const result = decodeOtlpJson(Buffer.from(text));
    expect(result.spans).toEqual([
      {
        traceId: TRACE,
        spanId: SPAN,
        parentSpanId: 'eee19b7ec3c1b173',
        traceState: '',
        flags: 0,
        name: 'GET /cart',
        kind: 'server',
        startTimeUnixNano: 1544712660000000000n,
        endTimeUnixNano: 1544712661000000000n,
        attributes: [{ key: 'http.response.status_code', value: { type: 'int', value: 200n } }],
        droppedAttributesCount: 0,
        events: [],
        droppedEventsCount: 0,
        links: [],
        droppedLinksCount: 0,
        status: { code: 'ok', message: '' },
        resource: { serviceName: 'checkout', attributes: [{ key: 'service.name', value: { type: 'string', value: 'checkout' } }], droppedAttributesCount: 0, schemaUrl: '' },
        scope: { name: 'io.opentelemetry.http', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
        warnings: [],
      },
    ]);
  });

  it('reads ids as case-insensitive hex and rejects invalid ones, including 16-character trace ids and base64', () => {
    expect(decodeSpan({ traceId: TRACE.toUpperCase(), spanId: SPAN.toUpperCase() })).toMatchObject({ traceId: TRACE, spanId: SPAN });
    const result = decodeOtlpJson(
      JSON.stringify(request(span({ traceId: '' }), span({ traceId: '0'.repeat(32) }), span({ traceId: TRACE.slice(16) }), span({ traceId: 'W47/95gDgQPSabYzgT/GDA==' }), span({ spanId: 'xyz' }), span())),
    );
    expect(result.spans).toHaveLength(1);
    expect([...result.rejections]).toEqual([
      [INVALID_TRACE_ID, 4],
      [INVALID_SPAN_ID, 1],
    ]);
  });

  it('reads int64 and uint64 from strings and numbers exactly, even beyond 2^53', () => {
    expect(valueOf({ intValue: '-9223372036854775808' })).toEqual({ type: 'int', value: -(2n ** 63n) });
    expect(valueOf({ intValue: 42 })).toEqual({ type: 'int', value: 42n });
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}","startTimeUnixNano":18446744073709551615,
      "attributes":[{"key":"k","value":{"intValue":9007199254740993}},{"key":"d","value":{"doubleValue":12345678901234567890}},{"key":"s","value":{"stringValue":"12345678901234567890"}}]}]}]}]}`;
    const decoded = decodeOtlpJson(text).spans[0];
    expect(decoded?.startTimeUnixNano).toBe(2n ** 64n - 1n);
    expect(decoded?.attributes.map((a) => a.value)).toEqual([
      { type: 'int', value: 9007199254740993n },
      { type: 'double', value: Number('12345678901234567890') },
      { type: 'string', value: '12345678901234567890' },
    ]);
    // Already parsed elsewhere: the rounding JSON.parse did cannot be undone.
    const parsed: unknown = JSON.parse(JSON.stringify(request(span({ attributes: [{ key: 'k', value: { intValue: '@' } }] }))).replace('"@"', '9007199254740993'));
    expect(decodeOtlpJsonValue(parsed).spans[0]?.attributes[0]?.value).toEqual({ type: 'int', value: 9007199254740992n });
  });

  it('reads every AnyValue form', () => {
    expect(valueOf({ boolValue: true })).toEqual({ type: 'bool', value: true });
    expect(valueOf({ doubleValue: 'NaN' })).toEqual({ type: 'double', value: NaN });
    expect(valueOf({ doubleValue: '-Infinity' })).toEqual({ type: 'double', value: -Infinity });
    expect(valueOf({ doubleValue: '-0' })).toEqual({ type: 'double', value: -0 });
    expect(valueOf({ bytesValue: 'AP8=' })).toEqual({ type: 'bytes', value: Uint8Array.of(0, 255) });
    expect(valueOf({ bytesValue: 'AP8' })).toEqual({ type: 'bytes', value: Uint8Array.of(0, 255) });
    expect(valueOf({ bytesValue: '_-8' })).toEqual({ type: 'bytes', value: Uint8Array.of(0xff, 0xef) });
    expect(valueOf({})).toEqual({ type: 'empty' });
    expect(valueOf({ stringValue: null })).toEqual({ type: 'empty' });
    expect(valueOf({ arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } })).toEqual({
      type: 'array',
      value: [
        { type: 'string', value: 'a' },
        { type: 'int', value: 1n },
      ],
    });
    expect(valueOf({ kvlistValue: { values: [{ key: 'x', value: { boolValue: false } }] } })).toEqual({ type: 'kvlist', value: [{ key: 'x', value: { type: 'bool', value: false } }] });
    expect(valueOf({ arrayValue: {} })).toEqual({ type: 'array', value: [] });
  });

  it('ignores unknown fields, snake_case ones included', () => {
    const decoded = decodeSpan({ start_time_unix_nano: '5', futureField: { x: 1 }, attributes: [{ key: 'k', value: { stringValue: 's', stringValueStrindex: 3 } }] });
    expect(decoded.startTimeUnixNano).toBe(0n);
    expect(decoded.attributes).toEqual([{ key: 'k', value: { type: 'string', value: 's' } }]);
  });

  it('applies the same repairs as the protobuf decoder', () => {
    expect(decodeSpan({ parentSpanId: '0000000000000000' })).toMatchObject({ parentSpanId: undefined, warnings: [] });
    expect(decodeSpan({ parentSpanId: 'abc' })).toMatchObject({ parentSpanId: undefined, warnings: ['invalid parent span id (not 16 hex digits) ignored: stored as a root span'] });
    expect(decodeSpan({ kind: 6, status: { code: 3 } })).toMatchObject({ kind: 'unspecified', status: { code: 'unset' }, warnings: [expect.stringMatching(/kind 6/), expect.stringMatching(/code 3/)] });
    const withLinks = decodeSpan({ links: [{ traceId: '', spanId: SPAN }], droppedLinksCount: 1 });
    expect(withLinks).toMatchObject({ links: [], droppedLinksCount: 2, warnings: [expect.stringMatching(/link/)] });
    const warnings = decodeSpan({ attributes: [{ key: 'waymark.warnings', value: { arrayValue: { values: [{ stringValue: 'w' }] } } }] });
    expect(warnings).toMatchObject({ attributes: [], warnings: ['w'] });
  });

  it('shares resource and scope objects and uses EMPTY_SCOPE without a scope', () => {
    const [a, b] = decodeOtlpJson(JSON.stringify(request(span(), span()))).spans;
    expect(a?.resource).toBe(b?.resource);
    expect(a?.scope).toBe(EMPTY_SCOPE);
  });

  it.each([
    ['not JSON', '{"resourceSpans": [', /invalid OTLP\/JSON: /],
    ['not an object', '[]', /request: expected an object, got array/],
    ['resourceSpans not an array', '{"resourceSpans": {}}', /resourceSpans: expected an array, got object/],
    ['an enum by name', JSON.stringify(request(span({ kind: 'SPAN_KIND_SERVER' }))), /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.kind: expected an integer enum value, got string/],
    ['a numeric trace id', JSON.stringify(request(span({ traceId: 5 }))), /spans\[0\]\.traceId: expected a string, got number/],
    ['a fractional time', JSON.stringify(request(span({ startTimeUnixNano: 1.5 }))), /startTimeUnixNano: expected a uint64/],
    ['a negative time', JSON.stringify(request(span({ endTimeUnixNano: '-1' }))), /endTimeUnixNano: expected a uint64 within/],
    ['int64 overflow', JSON.stringify(request(span({ attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] }))), /attributes\[0\]\.value\.intValue: expected an int64 within/],
    ['a string bool', JSON.stringify(request(span({ attributes: [{ key: 'k', value: { boolValue: 'true' } }] }))), /value\.boolValue: expected true or false, got string/],
    ['bad base64', JSON.stringify(request(span({ attributes: [{ key: 'k', value: { bytesValue: 'a$b' } }] }))), /value\.bytesValue: expected base64/],
    ['two values in one AnyValue', JSON.stringify(request(span({ attributes: [{ key: 'k', value: { stringValue: 'a', intValue: 1 } }] }))), /intValue: expected one value per AnyValue/],
    ['a nested wrong type', JSON.stringify(request(span({ attributes: [{ key: 'k', value: { arrayValue: { values: [{ doubleValue: true }] } } }] }))), /value\.arrayValue\.values\[0\]\.doubleValue: expected a number, got boolean/],
    ['a null span', JSON.stringify(request(null as unknown as Json)), /spans\[0\]: expected a Span object, got null/],
    ['a flags string', JSON.stringify(request(span({ flags: 'x' }))), /flags: expected a uint32 number, got string/],
  ])('throws a DecodeError naming the field for %s', (_, text, message) => {
    expect(() => decodeOtlpJson(text)).toThrow(DecodeError);
    expect(() => decodeOtlpJson(text)).toThrow(message);
  });

  it('refuses a body that is not UTF-8', () => {
    expect(() => decodeOtlpJson(Uint8Array.of(0x7b, 0xff, 0x7d))).toThrow('not valid UTF-8');
  });

  it('refuses AnyValues nested deeper than the limit, even 10,000 deep', () => {
    const nested = (depth: number): string => '{"arrayValue":{"values":['.repeat(depth - 1) + '{}' + ']}}'.repeat(depth - 1);
    const body = (depth: number) => `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","spanId":"${SPAN}","attributes":[{"key":"k","value":${nested(depth)}}]}]}]}]}`;
    expect(decodeOtlpJson(body(64)).spans).toHaveLength(1);
    expect(() => decodeOtlpJson(body(65))).toThrow('nested deeper than 64 levels');
    expect(() => decodeOtlpJson(body(10_000))).toThrow(DecodeError);
    expect(() => decodeOtlpJson(body(3), { maxAnyValueDepth: 2 })).toThrow('deeper than 2 levels');
  });
});
