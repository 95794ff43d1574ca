import { findAttribute } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { encodeJaegerBatch } from '../../test/fixtures/jaeger/encode-jaeger-batch';
import type { ThriftBatch, ThriftSpan, ThriftTag } from '../../test/fixtures/jaeger/encode-jaeger-batch';
import { ThriftWriter } from '../../test/fixtures/jaeger/thrift-writer';
import { DecodeError } from '../decode-result';
import { decodeJaegerThriftBatch } from './decode-jaeger-thrift';

const span = (overrides: Partial<ThriftSpan> = {}): ThriftSpan => ({
  traceIdLow: 2n,
  traceIdHigh: 1n,
  spanId: 3n,
  parentSpanId: 0n,
  operationName: 'op',
  flags: 1,
  startTime: 1_700_000_000_000_000n,
  duration: 1500n,
  ...overrides,
});
const batch = (spans: ThriftSpan[], process: ThriftBatch['process'] = { serviceName: 'svc' }): ThriftBatch => ({ process, spans });
const decode = (b: ThriftBatch) => decodeJaegerThriftBatch(encodeJaegerBatch(b));
const one = (s: Partial<ThriftSpan>, process?: ThriftBatch['process']): Span => {
  const result = decode(batch([span(s)], process));
  expect(result.rejected).toBe(0);
  return result.spans[0] as Span;
};
const str = (key: string, vStr: string): ThriftTag => ({ key, vType: 0, vStr });

describe('decodeJaegerThriftBatch: ids, times, flags', () => {
  it('joins traceIdHigh/Low big-endian, reinterpreting signed i64s', () => {
    const s = one({ traceIdHigh: -1n, traceIdLow: -2n, spanId: -0x7fffffffffffffffn - 1n, parentSpanId: 5n });
    expect(s.traceId).toBe('fffffffffffffffffffffffffffffffe');
    expect(s.spanId).toBe('8000000000000000');
    expect(s.parentSpanId).toBe('0000000000000005');
  });

  it('pads a 64-bit trace id (traceIdHigh 0)', () => {
    expect(one({ traceIdHigh: 0n, traceIdLow: 0xabcn }).traceId).toBe('00000000000000000000000000000abc');
  });

  it('converts microseconds to nanoseconds and keeps only the sampled flag', () => {
    const s = one({ startTime: 1_700_000_000_123_456n, duration: 789n, flags: 3 });
    expect(s.startTimeUnixNano).toBe(1_700_000_000_123_456_000n);
    expect(s.endTimeUnixNano).toBe(1_700_000_000_124_245_000n);
    expect(s.flags).toBe(1);
    expect(one({ flags: 2 }).flags).toBe(0);
  });

  it('rejects spans with a zero trace or span id, with a reason, and keeps the others', () => {
    const result = decode(batch([span({ traceIdHigh: 0n, traceIdLow: 0n }), span({ spanId: 0n }), span({ spanId: 0n }), span()]));
    expect(result.spans).toHaveLength(1);
    expect(result.rejected).toBe(3);
    expect(result.rejections).toEqual(new Map([['invalid trace id: all zeroes', 1], ['invalid span id: all zeroes', 2]]));
  });
});

describe('decodeJaegerThriftBatch: tags', () => {
  it('maps every Thrift tag type to the attribute type', () => {
    const s = one({
      tags: [str('s', 'v'), { key: 'd', vType: 1, vDouble: Number.NaN }, { key: 'b', vType: 2, vBool: true }, { key: 'l', vType: 3, vLong: -(2n ** 63n) }, { key: 'x', vType: 4, vBinary: Uint8Array.of(1, 2) }],
    });
    expect(s.attributes).toEqual([
      { key: 's', value: { type: 'string', value: 'v' } },
      { key: 'd', value: { type: 'double', value: Number.NaN } },
      { key: 'b', value: { type: 'bool', value: true } },
      { key: 'l', value: { type: 'int', value: -(2n ** 63n) } },
      { key: 'x', value: { type: 'bytes', value: Uint8Array.of(1, 2) } },
    ]);
  });

  it('keeps a tag of an unknown type as a placeholder string, with a warning', () => {
    const s = one({ tags: [{ key: 'odd', vType: 9 }] });
    expect(findAttribute(s.attributes, 'odd')).toEqual({ type: 'string', value: '<Unknown Jaeger TagType 9>' });
    expect(s.warnings).toEqual(['unknown-tag-type: tag "odd" has Jaeger tag type 9']);
  });

  it.each([
    ['client', 'client'],
    ['SERVER', 'server'],
    ['producer', 'producer'],
    ['consumer', 'consumer'],
    ['internal', 'internal'],
  ])('maps span.kind=%s to the kind and removes the tag', (value, kind) => {
    const s = one({ tags: [str('span.kind', value)] });
    expect(s.kind).toBe(kind);
    expect(s.attributes).toEqual([]);
  });

  it.each(['rpc', 'constructor', '__proto__'])('keeps an unrecognised span.kind (%s) as an attribute', (value) => {
    const s = one({ tags: [str('span.kind', value)] });
    expect(s.kind).toBe('unspecified');
    expect(findAttribute(s.attributes, 'span.kind')).toEqual({ type: 'string', value });
  });

  it('takes the scope from otel.scope.* (removing an agreeing otel.library.* copy) and tracestate', () => {
    const s = one({ tags: [str('otel.scope.name', 'io.x'), str('otel.scope.version', '1.2'), str('otel.library.name', 'io.x'), str('otel.library.version', '1.2'), str('w3c.tracestate', 'a=b'), str('k', 'v')] });
    expect([s.scope.name, s.scope.version, s.traceState]).toEqual(['io.x', '1.2', 'a=b']);
    expect(s.attributes.map((a) => a.key)).toEqual(['k']);
  });

  it('reads the deprecated otel.library.* scope and shares one scope object per name and version', () => {
    const result = decode(batch([span({ tags: [str('otel.library.name', 'lib'), str('otel.library.version', '9')] }), span({ spanId: 4n, tags: [str('otel.library.name', 'lib'), str('otel.library.version', '9')] })]));
    const [a, b] = result.spans as [Span, Span];
    expect([a.scope.name, a.scope.version]).toEqual(['lib', '9']);
    expect(a.scope).toBe(b.scope);
  });

  it('reads dropped counts from int, double or decimal-string tags', () => {
    const s = one({ tags: [{ key: 'otel.dropped_attributes_count', vType: 3, vLong: 4n }, { key: 'otel.dropped_events_count', vType: 1, vDouble: 2 }, str('otel.dropped_links_count', '7')] });
    expect([s.droppedAttributesCount, s.droppedEventsCount, s.droppedLinksCount]).toEqual([4, 2, 7]);
    expect(s.attributes).toEqual([]);
  });
});

describe('decodeJaegerThriftBatch: status', () => {
  const status = (tags: ThriftTag[]) => one({ tags });
  const bool = (key: string, vBool: boolean): ThriftTag => ({ key, vType: 2, vBool });

  it('error=true wins, with otel.status_description as the message', () => {
    const s = status([bool('error', true), str('otel.status_code', 'OK'), str('otel.status_description', 'boom')]);
    expect(s.status).toEqual({ code: 'error', message: 'boom' });
    expect(s.attributes).toEqual([]);
  });

  it('error=true falls back to http.status_message for the message', () => {
    expect(status([bool('error', true), str('http.status_message', 'Bad Gateway')]).status).toEqual({ code: 'error', message: 'Bad Gateway' });
  });

  it('accepts the string "true" for error, and keeps error=false as an attribute', () => {
    expect(status([str('error', 'true')]).status.code).toBe('error');
    const s = status([bool('error', false)]);
    expect(s.status.code).toBe('unset');
    expect(findAttribute(s.attributes, 'error')).toEqual({ type: 'bool', value: false });
  });

  it.each([
    ['OK', 'ok'],
    ['error', 'error'],
    ['STATUS_CODE_ERROR', 'error'],
    ['weird', 'unset'],
  ])('otel.status_code=%s → %s, tag removed', (value, code) => {
    const s = status([str('otel.status_code', value), str('otel.status_description', 'd')]);
    expect(s.status).toEqual({ code, message: 'd' });
    expect(s.attributes).toEqual([]);
  });

  it.each([
    [503, 'server', 'error'],
    [404, 'server', 'unset'],
    [404, 'client', 'error'],
    [200, 'client', 'unset'],
  ])('http.status_code=%d on a %s span → %s, tags kept', (code, kind, expected) => {
    const s = status([str('span.kind', kind), { key: 'http.status_code', vType: 3, vLong: BigInt(code) }, str('http.status_message', 'm')]);
    expect(s.status.code).toBe(expected);
    expect(s.status.message).toBe(expected === 'error' ? 'm' : '');
    expect(s.attributes.map((a) => a.key)).toEqual(['http.status_code', 'http.status_message']);
  });
});

describe('decodeJaegerThriftBatch: references, logs, process', () => {
  const ref = (refType: number, spanId: bigint, traceIdLow = 2n) => ({ refType, traceIdLow, traceIdHigh: 1n, spanId });

  it('takes the parent from the first same-trace CHILD_OF reference when parentSpanId is 0', () => {
    const s = one({ references: [ref(1, 7n), ref(0, 8n, 99n), ref(0, 9n)] });
    expect(s.parentSpanId).toBe('0000000000000009');
    expect(s.links.map((l) => [l.spanId, l.attributes[0]?.value])).toEqual([
      ['0000000000000007', { type: 'string', value: 'follows_from' }],
      ['0000000000000008', { type: 'string', value: 'child_of' }],
    ]);
  });

  it('falls back to a same-trace FOLLOWS_FROM reference for the parent, as Jaeger does, and keeps it as a link', () => {
    const s = one({ references: [ref(1, 7n)] });
    expect(s.parentSpanId).toBe('0000000000000007');
    expect(s.links).toHaveLength(1);
  });

  it('drops the CHILD_OF reference that repeats the explicit parent, and references with zero ids (with a warning)', () => {
    const s = one({ parentSpanId: 5n, references: [ref(0, 5n), ref(1, 0n)] });
    expect(s.parentSpanId).toBe('0000000000000005');
    expect(s.links).toEqual([]);
    expect(s.warnings).toEqual(['invalid-reference: dropped a span reference with an invalid trace or span id']);
  });

  it('turns logs into events named by their `event` field', () => {
    const s = one({ logs: [{ timestamp: 1_700_000_000_000_001n, fields: [str('event', 'retry'), str('k', 'v')] }, { timestamp: 2n, fields: [{ key: 'event', vType: 2, vBool: true }] }] });
    expect(s.events).toEqual([
      { timeUnixNano: 1_700_000_000_000_001_000n, name: 'retry', attributes: [{ key: 'k', value: { type: 'string', value: 'v' } }], droppedAttributesCount: 0 },
      { timeUnixNano: 2000n, name: '', attributes: [{ key: 'event', value: { type: 'bool', value: true } }], droppedAttributesCount: 0 },
    ]);
  });

  it('maps the process to one shared resource: service.name, hostname → host.name, jaeger.version', () => {
    const process = { serviceName: 'frontend', tags: [str('hostname', 'h1'), str('jaeger.version', 'Go-2.30.0'), { key: 'pid', vType: 3, vLong: 42n } as ThriftTag] };
    const result = decode(batch([span(), span({ spanId: 4n })], process));
    const [a, b] = result.spans as [Span, Span];
    expect(a.resource).toBe(b.resource);
    expect(a.resource.serviceName).toBe('frontend');
    expect(a.resource.attributes).toEqual([
      { key: 'service.name', value: { type: 'string', value: 'frontend' } },
      { key: 'host.name', value: { type: 'string', value: 'h1' } },
      { key: 'opencensus.exporterversion', value: { type: 'string', value: 'Jaeger-Go-2.30.0' } },
      { key: 'pid', value: { type: 'int', value: 42n } },
    ]);
  });

  it('keeps hostname when host.name is already present, and adds no service.name for an empty name', () => {
    const s = one({}, { serviceName: '', tags: [str('hostname', 'h1'), str('host.name', 'h2')] });
    expect(s.resource.serviceName).toBe('');
    expect(s.resource.attributes.map((a) => a.key)).toEqual(['hostname', 'host.name']);
  });
});

describe('decodeJaegerThriftBatch: malformed input', () => {
  it('skips unknown fields of any type, including seqNo and stats', () => {
    const w = new ThriftWriter().field(15, 9).list(12, 1).field(8, 1).i32(1).stop();
    const body = Uint8Array.from([...w.bytes(), ...encodeJaegerBatch({ ...batch([span()]), seqNo: 5n })]);
    expect(decodeJaegerThriftBatch(body).spans).toHaveLength(1);
  });

  it('accepts an empty batch', () => {
    expect(decode(batch([])).spans).toEqual([]);
  });

  it.each([
    ['Batch.process', new ThriftWriter().field(15, 2).list(12, 0).stop()],
    ['Batch.spans', new ThriftWriter().field(12, 1).field(11, 1).string('s').stop().stop()],
    ['Process.serviceName', new ThriftWriter().field(12, 1).stop().field(15, 2).list(12, 0).stop()],
    ['Span.traceIdHigh', new ThriftWriter().field(12, 1).field(11, 1).string('s').stop().field(15, 2).list(12, 1).field(10, 1).i64(1n).stop().stop()],
  ])('names a missing required field (%s)', (field, w) => {
    expect(() => decodeJaegerThriftBatch(w.bytes())).toThrow(new RegExp(`required field ${field.replace('.', '\\.')} is not set`));
  });

  it('throws DecodeError for empty and truncated bodies', () => {
    const full = encodeJaegerBatch(batch([span()]));
    expect(() => decodeJaegerThriftBatch(new Uint8Array(0))).toThrow(DecodeError);
    expect(() => decodeJaegerThriftBatch(full.subarray(0, full.length - 3))).toThrow(DecodeError);
  });
});
