import { bigIntToLong, zipkin } from '@waymark/idl';
import { findAttribute } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { DecodeError } from '../decode-result';
import { decodeZipkinV2Proto, ipv6 } from './decode-zipkin-v2-proto';

const bytes = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const encode = (spans: zipkin.Span.$Properties[]) => zipkin.ListOfSpans.encode({ spans }).finish();
const span = (overrides: zipkin.Span.$Properties = {}): zipkin.Span.$Properties => ({
  traceId: bytes('a1b2c3d4e5f60718293a4b5c6d7e8f90'),
  id: bytes('c0ffee0000000002'),
  parentId: bytes('c0ffee0000000001'),
  kind: zipkin.Span.Kind.CLIENT,
  name: 'select cart',
  timestamp: bigIntToLong(1_700_000_000_002_000n, true),
  duration: bigIntToLong(6000n, true),
  localEndpoint: { serviceName: 'checkout', ipv4: Uint8Array.of(10, 1, 2, 3), port: 8080 },
  remoteEndpoint: { serviceName: 'postgres', ipv6: bytes('20010db8000000000000000000000001'), port: 5432 },
  annotations: [{ timestamp: bigIntToLong(1_700_000_000_003_000n, true), value: 'cache-miss' }],
  tags: { 'db.statement': 'SELECT 1', error: 'timeout' },
  ...overrides,
});

describe('decodeZipkinV2Proto', () => {
  it('decodes a ListOfSpans with the JSON path’s conventions', () => {
    const result = decodeZipkinV2Proto(encode([span()]));
    const s = result.spans[0] as Span;
    expect(s).toMatchObject({ traceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', spanId: 'c0ffee0000000002', parentSpanId: 'c0ffee0000000001', kind: 'client', name: 'select cart' });
    expect([s.startTimeUnixNano, s.endTimeUnixNano]).toEqual([1_700_000_000_002_000_000n, 1_700_000_000_008_000_000n]);
    expect(s.status).toEqual({ code: 'error', message: 'timeout' });
    expect(s.attributes).toEqual([
      { key: 'db.statement', value: { type: 'string', value: 'SELECT 1' } },
      { key: 'net.host.ip', value: { type: 'string', value: '10.1.2.3' } },
      { key: 'net.host.port', value: { type: 'int', value: 8080n } },
      { key: 'peer.service', value: { type: 'string', value: 'postgres' } },
      { key: 'net.peer.ip', value: { type: 'string', value: '2001:db8::1' } },
      { key: 'net.peer.port', value: { type: 'int', value: 5432n } },
    ]);
    expect(s.events.map((e) => [e.name, e.timeUnixNano])).toEqual([['cache-miss', 1_700_000_000_003_000_000n]]);
    expect(s.resource.serviceName).toBe('checkout');
  });

  it('pads an 8-byte trace id and rejects ids of other lengths', () => {
    const result = decodeZipkinV2Proto(encode([span({ traceId: bytes('f00dfeed12345678') }), span({ traceId: bytes('0102') }), span({ id: bytes('01') }), span({ parentId: bytes('0102') })]));
    expect((result.spans[0] as Span).traceId).toBe('0000000000000000f00dfeed12345678');
    expect(result.rejections).toEqual(
      new Map([
        ['invalid traceId: not 16 to 32 hex characters', 1],
        ['invalid id: not 16 hex characters', 1],
        ['invalid parentId: not 16 hex characters', 1],
      ]),
    );
  });

  it('reads an absent parent, kind and timestamp as absent', () => {
    const s = decodeZipkinV2Proto(encode([span({ parentId: null, kind: null, timestamp: null })])).spans[0] as Span;
    expect([s.parentSpanId, s.kind, s.startTimeUnixNano]).toEqual([undefined, 'unspecified', 0n]);
    expect(findAttribute(s.attributes, 'otel.zipkin.absentField.startTime')).toEqual({ type: 'bool', value: true });
  });

  it('throws DecodeError for malformed protobuf', () => {
    expect(() => decodeZipkinV2Proto(Uint8Array.of(0x0a, 0x10, 0x01))).toThrow(DecodeError);
  });
});

describe('ipv6', () => {
  it.each([
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000000000000000', '::'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['20010db8000100010001000100010001', '2001:db8:1:1:1:1:1:1'],
    ['fe800000000000000000000000000000', 'fe80::'],
  ])('formats %s as %s', (hex, text) => {
    expect(ipv6(bytes(hex))).toBe(text);
  });

  it('gives nothing for a wrong length', () => {
    expect(ipv6(Uint8Array.of(1))).toBe('');
  });
});
