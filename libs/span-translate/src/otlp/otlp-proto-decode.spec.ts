import { bigIntToLong, otlp } from '@waymark/idl';
import { EMPTY_SCOPE } from '@waymark/span-model';
import { field, nestedAnyValue, requestWithAttributeValue } from '../../test/fixtures/otlp/crafted-payloads';
import { DecodeError, describeRejections } from '../decode-result';
import { INVALID_SPAN_ID, INVALID_TRACE_ID } from './otlp-conventions';
import { decodeOtlpProto } from './otlp-proto-decode';

type SpanProps = otlp.trace.v1.Span.$Properties;
const { ExportTraceServiceRequest, TracesData } = { ...otlp.collector.trace.v1, ...otlp.trace.v1 };

const TRACE = Uint8Array.from(Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'));
const SPAN = Uint8Array.from(Buffer.from('eee19b7ec3c1b174', 'hex'));
const valid = (extra: SpanProps = {}): SpanProps => ({ traceId: TRACE, spanId: SPAN, name: 'op', ...extra });
const encode = (...spans: SpanProps[]): Uint8Array =>
  ExportTraceServiceRequest.encode({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ spans }] }] }).finish();
const decodeOne = (span: SpanProps) => {
  const result = decodeOtlpProto(encode(span));
  expect(result.spans).toHaveLength(1);
  return result.spans[0]!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
};

describe('decodeOtlpProto: ids', () => {
  it('rejects spans with invalid trace or span ids, counting each reason', () => {
    const result = decodeOtlpProto(
      encode(
        valid(),
        valid({ traceId: new Uint8Array(0) }),
        valid({ traceId: new Uint8Array(16) }),
        valid({ traceId: TRACE.subarray(0, 8) }),
        valid({ spanId: SPAN.subarray(0, 7) }),
        valid({ spanId: new Uint8Array(8) }),
      ),
    );
    expect(result.spans.map((s) => s.spanId)).toEqual(['eee19b7ec3c1b174']);
    expect(result.rejected).toBe(5);
    expect([...result.rejections]).toEqual([
      [INVALID_TRACE_ID, 3],
      [INVALID_SPAN_ID, 2],
    ]);
    expect(describeRejections(result)).toBe('3 span(s): invalid trace id (all zero or not 16 bytes); 2 span(s): invalid span id (all zero or not 8 bytes)');
  });

  it('makes root spans of empty and all-zero parents silently, and of malformed ones with a warning', () => {
    expect(decodeOne(valid({ parentSpanId: new Uint8Array(0) }))).toMatchObject({ parentSpanId: undefined, warnings: [] });
    expect(decodeOne(valid({ parentSpanId: new Uint8Array(8) }))).toMatchObject({ parentSpanId: undefined, warnings: [] });
    expect(decodeOne(valid({ parentSpanId: new Uint8Array(4).fill(1) }))).toMatchObject({
      parentSpanId: undefined,
      warnings: ['invalid parent span id (4 bytes) ignored: stored as a root span'],
    });
    expect(decodeOne(valid({ parentSpanId: SPAN })).parentSpanId).toBe('eee19b7ec3c1b174');
  });

  it('drops links with invalid ids, counting them as dropped and warning', () => {
    const span = decodeOne(valid({ droppedLinksCount: 2, links: [{ traceId: new Uint8Array(16), spanId: SPAN }, { traceId: TRACE, spanId: SPAN, traceState: 'a=b', flags: 0x301 }] }));
    expect(span.links).toEqual([{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', traceState: 'a=b', attributes: [], droppedAttributesCount: 0, flags: 0x301 }]);
    expect(span.droppedLinksCount).toBe(3);
    expect(span.warnings).toEqual(['link with an invalid trace or span id dropped (counted in droppedLinksCount)']);
  });
});

describe('decodeOtlpProto: fields', () => {
  it('maps kinds and status codes, and unknown numbers to defaults with a warning', () => {
    expect(decodeOne(valid({ kind: 5, status: { code: 2, message: 'boom' } }))).toMatchObject({ kind: 'consumer', status: { code: 'error', message: 'boom' } });
    expect(decodeOne(valid({ kind: 9 as otlp.trace.v1.Span.SpanKind, status: { code: 7 as otlp.trace.v1.Status.StatusCode } }))).toMatchObject({
      kind: 'unspecified',
      status: { code: 'unset', message: '' },
      warnings: ['unknown span kind 9 stored as unspecified', 'unknown status code 7 stored as unset'],
    });
  });

  it('reads every scalar type exactly, including int64 extremes, NaN and high-bit bools', () => {
    const values = [
      { intValue: bigIntToLong(-(2n ** 63n)) },
      { intValue: bigIntToLong(2n ** 63n - 1n) },
      { intValue: bigIntToLong(-1n) },
      { doubleValue: NaN },
      { doubleValue: -0 },
      { bytesValue: Uint8Array.of(0, 255) },
      {},
    ].map((value, i) => ({ key: `k${i}`, value }));
    const span = decodeOne(valid({ attributes: values, startTimeUnixNano: bigIntToLong(2n ** 64n - 1n, true) }));
    expect(span.attributes.map((a) => a.value)).toEqual([
      { type: 'int', value: -(2n ** 63n) },
      { type: 'int', value: 2n ** 63n - 1n },
      { type: 'int', value: -1n },
      { type: 'double', value: NaN },
      { type: 'double', value: -0 },
      { type: 'bytes', value: Uint8Array.of(0, 255) },
      { type: 'empty' },
    ]);
    expect(span.startTimeUnixNano).toBe(2n ** 64n - 1n);
    // bool_value = 2^32 (a varint with only high bits set) is true, not truncated to 0.
    const highBool = requestWithAttributeValue(Uint8Array.of(0x10, 0x80, 0x80, 0x80, 0x80, 0x10));
    expect(decodeOtlpProto(highBool).spans[0]?.attributes[0]?.value).toEqual({ type: 'bool', value: true });
  });

  it('lifts waymark.warnings out of the attributes, unless it is not a string array', () => {
    const warnings = { key: 'waymark.warnings', value: { arrayValue: { values: [{ stringValue: 'w1' }, { stringValue: 'w2' }] } } };
    expect(decodeOne(valid({ attributes: [{ key: 'a', value: { boolValue: true } }, warnings] }))).toMatchObject({
      attributes: [{ key: 'a', value: { type: 'bool', value: true } }],
      warnings: ['w1', 'w2'],
    });
    const notStrings = { key: 'waymark.warnings', value: { arrayValue: { values: [{ intValue: bigIntToLong(1n) }] } } };
    expect(decodeOne(valid({ attributes: [notStrings] }))).toMatchObject({ attributes: [{ key: 'waymark.warnings' }], warnings: [] });
  });

  it('decodes many distinct short strings correctly although they collide in the string cache', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${(i * 7919).toString(36)}`);
    const attributes = keys.map((key, i) => ({ key, value: { stringValue: keys[(i + 1) % keys.length] } }));
    for (let round = 0; round < 2; round++) {
      const decoded = decodeOne(valid({ attributes })).attributes;
      expect(decoded.map((a) => a.key)).toEqual(keys);
      expect(decoded.map((a) => (a.value.type === 'string' ? a.value.value : ''))).toEqual(keys.map((_, i) => keys[(i + 1) % keys.length]));
    }
  });

  it('replaces invalid UTF-8 with U+FFFD and says so on the span', () => {
    const bad = Buffer.from([0x61, 0xff, 0x62]);
    const spanBytes = [...field(1, [...TRACE]), ...field(2, [...SPAN]), ...field(5, [...bad])];
    const resource = field(1, field(1, [...field(1, [...Buffer.from('service.name')]), ...field(2, field(1, [...bad]))]));
    const span = decodeOtlpProto(Uint8Array.from(field(1, [...resource, ...field(2, field(2, spanBytes))]))).spans[0];
    expect(span?.name).toBe('a\ufffdb');
    expect(span?.resource.serviceName).toBe('a\ufffdb');
    expect(span?.warnings).toEqual(['invalid UTF-8 in resource replaced with U+FFFD', 'invalid UTF-8 in span replaced with U+FFFD']);
    // A genuine U+FFFD is valid UTF-8: no warning.
    expect(decodeOne(valid({ name: 'a\ufffdb' })).warnings).toEqual([]);
  });
});

describe('decodeOtlpProto: envelope', () => {
  const spanBytes = [...otlp.trace.v1.Span.encode(valid()).finish()];
  const resourceBytes = [...otlp.resource.v1.Resource.encode({ attributes: [{ key: 'service.name', value: { stringValue: 'late' } }] }).finish()];
  const scopeBytes = [...otlp.common.v1.InstrumentationScope.encode({ name: 'lib', version: '2' }).finish()];

  it('finds the resource and scope wherever they are in the message', () => {
    // ResourceSpans{scope_spans, schema_url, resource}; ScopeSpans{spans, schema_url, scope}.
    const scopeSpans = [...field(2, spanBytes), ...field(3, [...Buffer.from('s')]), ...field(1, scopeBytes)];
    const resourceSpans = [...field(2, scopeSpans), ...field(3, [...Buffer.from('r')]), ...field(1, resourceBytes)];
    const span = decodeOtlpProto(Uint8Array.from(field(1, resourceSpans))).spans[0];
    expect(span?.resource).toEqual({ serviceName: 'late', attributes: [{ key: 'service.name', value: { type: 'string', value: 'late' } }], droppedAttributesCount: 0, schemaUrl: 'r' });
    expect(span?.scope).toEqual({ name: 'lib', version: '2', attributes: [], droppedAttributesCount: 0, schemaUrl: 's' });
  });

  it('merges a resource sent twice, as protobuf merges message fields', () => {
    const second = [...otlp.resource.v1.Resource.encode({ attributes: [{ key: 'host.name', value: { stringValue: 'h' } }], droppedAttributesCount: 4 }).finish()];
    const resourceSpans = [...field(1, resourceBytes), ...field(1, second), ...field(2, field(2, spanBytes))];
    const resource = decodeOtlpProto(Uint8Array.from(field(1, resourceSpans))).spans[0]?.resource;
    expect(resource?.attributes.map((a) => a.key)).toEqual(['service.name', 'host.name']);
    expect(resource?.droppedAttributesCount).toBe(4);
  });

  it('shares resource and scope objects within their groups, and uses EMPTY_SCOPE when there is no scope', () => {
    const bytes = ExportTraceServiceRequest.encode({
      resourceSpans: [
        { scopeSpans: [{ spans: [valid(), valid()] }, { scope: { name: 'a' }, spans: [valid(), valid()] }, { schemaUrl: 'u', spans: [valid()] }] },
        { scopeSpans: [{ spans: [valid()] }] },
      ],
    }).finish();
    const [s0, s1, s2, s3, s4, s5] = decodeOtlpProto(bytes).spans;
    expect(s0?.scope).toBe(EMPTY_SCOPE);
    expect(s2?.scope).toBe(s3?.scope);
    expect(s2?.scope).not.toBe(EMPTY_SCOPE);
    expect(s4?.scope).toEqual({ ...EMPTY_SCOPE, schemaUrl: 'u' });
    expect(s0?.resource).toBe(s4?.resource);
    expect(s5?.resource).not.toBe(s0?.resource);
    expect(s1?.resource.serviceName).toBe('');
  });

  it('skips unknown fields of every wire type, and known fields sent with the wrong wire type', () => {
    const unknown = [0xf8, 0x06, 0x01, 0xf9, 0x06, 1, 2, 3, 4, 5, 6, 7, 8, 0xfd, 0x06, 1, 2, 3, 4, 0xfb, 0x06, 0x08, 0x01, 0xfc, 0x06]; // fields 111: varint, i64, i32, group
    const wrongType = [0x28, 0x05]; // name (field 5) as a varint
    const span = decodeOtlpProto(Uint8Array.from(field(1, field(2, field(2, [...spanBytes, ...unknown, ...wrongType])))));
    expect(span.spans[0]?.name).toBe('op');
  });

  it('reads TracesData (same layout) and an empty request', () => {
    expect(decodeOtlpProto(TracesData.encode({ resourceSpans: [{ scopeSpans: [{ spans: [valid()] }] }] }).finish()).spans).toHaveLength(1);
    expect(decodeOtlpProto(new Uint8Array(0))).toEqual({ spans: [], rejected: 0, rejections: new Map() });
  });

  it.each([
    ['truncated', encode(valid()).subarray(0, 30), /truncated|longer than its message/],
    ['field number 0', Uint8Array.of(0x02, 0x00), /field number 0/],
    ['wire type 7', Uint8Array.of(0x0f), /wire type 7/],
    ['a length past the end', Uint8Array.of(0x0a, 0x05, 0x01), /longer than its message/],
    ['an unterminated group', Uint8Array.of(0x0b, 0x08, 0x01), /truncated/],
    ['an 11-byte varint', Uint8Array.of(0x08, ...new Array<number>(10).fill(0xff), 0x01), /longer than 10 bytes/],
  ])('throws a DecodeError for %s', (_, bytes, message) => {
    expect(() => decodeOtlpProto(bytes)).toThrow(DecodeError);
    expect(() => decodeOtlpProto(bytes)).toThrow(message);
  });
});

describe('decodeOtlpProto: AnyValue nesting limit', () => {
  it('refuses a 10,000-deep value with a DecodeError, quickly', () => {
    const started = Date.now();
    expect(() => decodeOtlpProto(requestWithAttributeValue(nestedAnyValue(10_000)))).toThrow('attribute value nested deeper than 64 levels');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('accepts 64 levels by default and refuses 65', () => {
    expect(decodeOtlpProto(requestWithAttributeValue(nestedAnyValue(64))).spans).toHaveLength(1);
    expect(() => decodeOtlpProto(requestWithAttributeValue(nestedAnyValue(65)))).toThrow(DecodeError);
  });

  it('takes a configured limit, counting kvlists like arrays', () => {
    expect(decodeOtlpProto(requestWithAttributeValue(nestedAnyValue(3)), { maxAnyValueDepth: 3 }).spans).toHaveLength(1);
    expect(() => decodeOtlpProto(requestWithAttributeValue(nestedAnyValue(4)), { maxAnyValueDepth: 3 })).toThrow('deeper than 3 levels');
    const kvlist = otlp.common.v1.AnyValue.encode({ kvlistValue: { values: [{ key: 'a', value: { kvlistValue: { values: [{ key: 'b', value: { stringValue: 'c' } }] } } }] } }).finish();
    expect(() => decodeOtlpProto(requestWithAttributeValue(kvlist), { maxAnyValueDepth: 2 })).toThrow(DecodeError);
    expect(decodeOtlpProto(requestWithAttributeValue(kvlist), { maxAnyValueDepth: 3 }).spans[0]?.attributes[0]?.value.type).toBe('kvlist');
    expect(() => decodeOtlpProto(new Uint8Array(0), { maxAnyValueDepth: 0 })).toThrow(RangeError);
  });
});
