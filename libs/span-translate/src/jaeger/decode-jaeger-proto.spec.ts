import { bigIntToLong, jaegerApiV2 } from '@waymark/idl';
import type { Span } from '@waymark/span-model';
import { DecodeError } from '../decode-result';
import { decodeJaegerProtoBatch, jaegerProtoBatchToModel } from './decode-jaeger-proto';

const { ValueType, SpanRefType, PostSpansRequest } = jaegerApiV2;
const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const TRACE = 'f1e2d3c4b5a697880123456789abcdef';

const protoSpan = (overrides: jaegerApiV2.Span.$Properties = {}): jaegerApiV2.Span.$Properties => ({
  traceId: bytes(TRACE),
  spanId: bytes('00000000000000a2'),
  operationName: 'SELECT cart',
  flags: 1,
  startTime: { seconds: bigIntToLong(1_700_000_000n), nanos: 123_456_789 },
  duration: { seconds: bigIntToLong(0n), nanos: 1_500 },
  ...overrides,
});
const encode = (batch: jaegerApiV2.Batch.$Properties) => PostSpansRequest.encode({ batch }).finish();

describe('decodeJaegerProtoBatch', () => {
  it('decodes a PostSpansRequest with nanosecond times, typed tags, references and logs', () => {
    const result = decodeJaegerProtoBatch(
      encode({
        process: { serviceName: 'checkout', tags: [{ key: 'hostname', vStr: 'h' }] },
        spans: [
          protoSpan({
            references: [
              { traceId: bytes(TRACE), spanId: bytes('0123456789abcdef'), refType: SpanRefType.CHILD_OF },
              { traceId: bytes(TRACE), spanId: bytes('8000000000000001'), refType: SpanRefType.FOLLOWS_FROM },
            ],
            tags: [
              { key: 'span.kind', vStr: 'client' },
              { key: 'b', vType: ValueType.BOOL, vBool: true },
              { key: 'i', vType: ValueType.INT64, vInt64: bigIntToLong(-(2n ** 63n)) },
              { key: 'f', vType: ValueType.FLOAT64, vFloat64: 0.5 },
              { key: 'x', vType: ValueType.BINARY, vBinary: Uint8Array.of(1) },
              { key: 'error', vType: ValueType.BOOL, vBool: true },
            ],
            logs: [{ timestamp: { seconds: bigIntToLong(1_700_000_000n), nanos: 5 }, fields: [{ key: 'event', vStr: 'retry' }] }],
          }),
        ],
      }),
    );
    expect(result.rejected).toBe(0);
    const span = result.spans[0] as Span;
    expect(span).toMatchObject({ traceId: TRACE, spanId: '00000000000000a2', parentSpanId: '0123456789abcdef', kind: 'client', flags: 1 });
    expect([span.startTimeUnixNano, span.endTimeUnixNano]).toEqual([1_700_000_000_123_456_789n, 1_700_000_000_123_458_289n]);
    expect(span.status.code).toBe('error');
    expect(span.attributes).toEqual([
      { key: 'b', value: { type: 'bool', value: true } },
      { key: 'i', value: { type: 'int', value: -(2n ** 63n) } },
      { key: 'f', value: { type: 'double', value: 0.5 } },
      { key: 'x', value: { type: 'bytes', value: Uint8Array.of(1) } },
    ]);
    expect(span.links.map((l) => l.spanId)).toEqual(['8000000000000001']);
    expect(span.events).toEqual([{ timeUnixNano: 1_700_000_000_000_000_005n, name: 'retry', attributes: [], droppedAttributesCount: 0 }]);
    expect(span.resource.attributes.map((a) => a.key)).toEqual(['service.name', 'host.name']);
  });

  it('gives a span its own process when it has one, else the batch process; equal processes share a resource', () => {
    const own = { serviceName: 'redis', tags: [] };
    const result = jaegerProtoBatchToModel({
      process: { serviceName: 'checkout' },
      spans: [protoSpan(), protoSpan({ spanId: bytes('00000000000000a3'), process: own }), protoSpan({ spanId: bytes('00000000000000a4'), process: { ...own } })],
    });
    const [a, b, c] = result.spans as [Span, Span, Span];
    expect([a.resource.serviceName, b.resource.serviceName]).toEqual(['checkout', 'redis']);
    expect(b.resource).toBe(c.resource);
  });

  it('keeps Jaeger span warnings', () => {
    expect((jaegerProtoBatchToModel({ spans: [protoSpan({ warnings: ['clock skew'] })] }).spans[0] as Span).warnings).toEqual(['clock skew']);
  });

  it('gives a batch without any process a resource without a service name', () => {
    const span = jaegerProtoBatchToModel({ spans: [protoSpan()] }).spans[0] as Span;
    expect(span.resource).toMatchObject({ serviceName: '', attributes: [] });
  });

  it('rejects spans whose ids have the wrong length or are zero', () => {
    const result = jaegerProtoBatchToModel({
      spans: [protoSpan({ traceId: bytes('0123456789abcdef') }), protoSpan({ spanId: new Uint8Array(8) }), protoSpan({ traceId: null }), protoSpan()],
    });
    expect(result.spans).toHaveLength(1);
    expect(result.rejections).toEqual(
      new Map([
        ['invalid trace id: 8 bytes instead of 16', 1],
        ['invalid span id: all zeroes', 1],
        ['invalid trace id: 0 bytes instead of 16', 1],
      ]),
    );
  });

  it('throws DecodeError for malformed protobuf and invalid UTF-8 strings', () => {
    expect(() => decodeJaegerProtoBatch(Uint8Array.of(0x0a, 0x05, 0x12))).toThrow(DecodeError);
    // PostSpansRequest.batch → Batch.process (2) → Process.service_name (1) = 0xff
    expect(() => decodeJaegerProtoBatch(Uint8Array.of(0x0a, 0x05, 0x12, 0x03, 0x0a, 0x01, 0xff))).toThrow(DecodeError);
  });

  it('accepts an empty request', () => {
    expect(decodeJaegerProtoBatch(new Uint8Array(0)).spans).toEqual([]);
  });
});
