import { bigIntToLong, googleProtobuf, googleRpc, jaegerApiV2, jaegerApiV3, jaegerExpression, longToBigInt, otlp, zipkin } from './index';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** `depth` AnyValues, each holding the next in an ArrayValue, encoded without recursion. */
function nestedAnyValue(depth: number): Uint8Array {
  const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4);
  // Sizes from the innermost (an empty AnyValue) outwards: AnyValue{5: ArrayValue{1: AnyValue}}.
  const innerSizes: number[] = [];
  const arraySizes: number[] = [];
  let anySize = 0;
  for (let i = 0; i < depth; i++) {
    innerSizes.push(anySize);
    const arraySize = 1 + varintSize(anySize) + anySize;
    arraySizes.push(arraySize);
    anySize = 1 + varintSize(arraySize) + arraySize;
  }
  const out = new Uint8Array(anySize);
  let pos = 0;
  const varint = (n: number): void => {
    while (n >= 0x80) {
      out[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    out[pos++] = n;
  };
  for (let i = depth - 1; i >= 0; i--) {
    out[pos++] = 0x2a; // AnyValue.array_value = 5, length-delimited
    varint(arraySizes[i] as number);
    out[pos++] = 0x0a; // ArrayValue.values = 1, length-delimited
    varint(innerSizes[i] as number);
  }
  return out;
}

describe('generated OTLP code', () => {
  const { ExportTraceServiceRequest } = otlp.collector.trace.v1;

  it('uses the published field numbers and wire types', () => {
    // Span.flags is fixed32 field 16: tag (16 << 3 | 5) = 0x85 0x01.
    expect(hex(otlp.trace.v1.Span.encode({ flags: 0x301 }).finish())).toBe('850101030000');
    // Link.flags is fixed32 field 6; Span.start_time_unix_nano is fixed64 field 7.
    expect(hex(otlp.trace.v1.Span.Link.encode({ flags: 1 }).finish())).toBe('3501000000');
    expect(hex(otlp.trace.v1.Span.encode({ startTimeUnixNano: bigIntToLong(1n, true) }).finish())).toBe('390100000000000000');
    // ResourceSpans.schema_url = 3, ScopeSpans.schema_url = 3.
    expect(hex(otlp.trace.v1.ResourceSpans.encode({ schemaUrl: 'x' }).finish())).toBe('1a0178');
    expect(hex(otlp.trace.v1.ScopeSpans.encode({ schemaUrl: 'x' }).finish())).toBe('1a0178');
    expect(otlp.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER).toBe(5);
    expect(otlp.trace.v1.Status.StatusCode.STATUS_CODE_ERROR).toBe(2);
    expect(otlp.trace.v1.SpanFlags.SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK).toBe(0x200);
  });

  it('decodes 64-bit fields exactly, as Long', () => {
    const big = 2n ** 64n - 1n;
    const bytes = ExportTraceServiceRequest.encode({
      resourceSpans: [{ scopeSpans: [{ spans: [{ startTimeUnixNano: bigIntToLong(big, true), attributes: [{ key: 'i', value: { intValue: bigIntToLong(-(2n ** 63n)) } }] }] }] }],
    }).finish();
    const span = ExportTraceServiceRequest.decode(bytes).resourceSpans[0]?.scopeSpans?.[0]?.spans?.[0];
    expect(longToBigInt(span?.startTimeUnixNano)).toBe(big);
    expect(longToBigInt(span?.attributes?.[0]?.value?.intValue)).toBe(-(2n ** 63n));
    expect(longToBigInt(undefined)).toBe(0n);
    expect(longToBigInt(42)).toBe(42n);
  });

  it('round-trips the partial-success response', () => {
    const { ExportTraceServiceResponse } = otlp.collector.trace.v1;
    const bytes = ExportTraceServiceResponse.encode({ partialSuccess: { rejectedSpans: bigIntToLong(3n), errorMessage: '3 span(s): invalid trace id' } }).finish();
    const back = ExportTraceServiceResponse.decode(bytes);
    expect(longToBigInt(back.partialSuccess?.rejectedSpans)).toBe(3n);
    expect(back.partialSuccess?.errorMessage).toBe('3 span(s): invalid trace id');
  });

  it('refuses a 10,000-deep AnyValue with an error, not a stack overflow', () => {
    const deep = nestedAnyValue(10_000);
    expect(() => otlp.common.v1.AnyValue.decode(deep)).toThrow('max depth exceeded');
    // 40 levels (80 messages) stay within protobufjs' limit of 100.
    expect(otlp.common.v1.AnyValue.decode(nestedAnyValue(40)).arrayValue?.values).toHaveLength(1);
  });

  it('throws on truncated input', () => {
    const bytes = ExportTraceServiceRequest.encode({ resourceSpans: [{ schemaUrl: 'https://example.com' }] }).finish();
    expect(() => ExportTraceServiceRequest.decode(bytes.subarray(0, bytes.length - 3))).toThrow(RangeError);
  });
});

describe('generated Jaeger, Zipkin and google.rpc code', () => {
  it('round-trips a Jaeger PostSpansRequest with Timestamp and Duration', () => {
    const request = {
      batch: {
        process: { serviceName: 'svc', tags: [{ key: 'ip', vType: jaegerApiV2.ValueType.STRING, vStr: '10.0.0.1' }] },
        spans: [{ traceId: new Uint8Array(16).fill(1), spanId: new Uint8Array(8).fill(2), operationName: 'op', startTime: { seconds: bigIntToLong(1_700_000_000n), nanos: 5 }, duration: { nanos: 1000 } }],
      },
    };
    const back = jaegerApiV2.PostSpansRequest.decode(jaegerApiV2.PostSpansRequest.encode(request).finish());
    expect(back.batch?.process?.tags?.[0]?.vStr).toBe('10.0.0.1');
    expect(longToBigInt(back.batch?.spans?.[0]?.startTime?.seconds)).toBe(1_700_000_000n);
    expect(back.batch?.spans?.[0]?.duration?.nanos).toBe(1000);
    expect(jaegerApiV2.SpanRefType.FOLLOWS_FROM).toBe(1);
    expect(jaegerApiV2.SamplingStrategyType.RATE_LIMITING).toBe(1);
  });

  it('has api_v3 streaming OTLP TracesData and the expression filter', () => {
    const wrapper = jaegerApiV3.GRPCGatewayWrapper.decode(jaegerApiV3.GRPCGatewayWrapper.encode({ result: { resourceSpans: [{ schemaUrl: 's' }] } }).finish());
    expect(wrapper.result?.resourceSpans?.[0]?.schemaUrl).toBe('s');
    const params = jaegerApiV3.TraceQueryParameters.decode(
      jaegerApiV3.TraceQueryParameters.encode({ filter: { op: 'eq', args: [{ attr: { key: 'k' } }, { scalar: { value: '1' } }] } }).finish(),
    );
    expect(params.filter?.args?.[1]?.scalar?.value).toBe('1');
    expect(jaegerExpression.Call).toBeDefined();
  });

  it('round-trips a Zipkin ListOfSpans', () => {
    const list = zipkin.ListOfSpans.encode({ spans: [{ id: new Uint8Array(8).fill(3), kind: zipkin.Span.Kind.SERVER, tags: { 'http.path': '/x' }, duration: bigIntToLong(12n, true) }] }).finish();
    const span = zipkin.ListOfSpans.decode(list).spans[0];
    expect(span?.tags?.['http.path']).toBe('/x');
    expect(span?.kind).toBe(zipkin.Span.Kind.SERVER);
    expect(longToBigInt(span?.duration)).toBe(12n);
  });

  it('packs BadRequest and RetryInfo into a google.rpc.Status', () => {
    const badRequest = googleRpc.BadRequest.encode({ fieldViolations: [{ field: 'resourceSpans', description: 'bad' }] }).finish();
    const retry = googleRpc.RetryInfo.encode({ retryDelay: { seconds: bigIntToLong(5n) } }).finish();
    const status = googleRpc.Status.decode(
      googleRpc.Status.encode({
        code: 3,
        message: 'bad',
        details: [
          { type_url: googleRpc.BadRequest.getTypeUrl(), value: badRequest },
          { type_url: googleRpc.RetryInfo.getTypeUrl(), value: retry },
        ],
      }).finish(),
    );
    expect(status.details.map((d) => d.type_url)).toEqual(['type.googleapis.com/google.rpc.BadRequest', 'type.googleapis.com/google.rpc.RetryInfo']);
    const detail = status.details[1]?.value;
    expect(longToBigInt(googleRpc.RetryInfo.decode(detail ?? new Uint8Array()).retryDelay?.seconds)).toBe(5n);
    expect(googleProtobuf.Duration).toBeDefined();
  });
});
