import { spanIdFromBytes, spanIdFromHex, spanIdToBytes, traceIdFromBytes, traceIdFromHex, traceIdToBytes, traceIdToJaegerHex } from './ids';

describe('trace and span ids', () => {
  it('accepts hex case-insensitively and stores it lowercase', () => {
    expect(traceIdFromHex('5B8EFFF798038103D269B633813FC60C')).toBe('5b8efff798038103d269b633813fc60c');
    expect(spanIdFromHex('EEE19B7EC3C1B174')).toBe('eee19b7ec3c1b174');
  });

  it('pads 64-bit trace ids to 128 bits and gives them back in Jaeger form', () => {
    const id = traceIdFromHex('d269b633813fc60c');
    expect(id).toBe('0000000000000000d269b633813fc60c');
    expect(id && traceIdToJaegerHex(id)).toBe('d269b633813fc60c');
    const full = traceIdFromHex('5b8efff798038103d269b633813fc60c');
    expect(full && traceIdToJaegerHex(full)).toBe('5b8efff798038103d269b633813fc60c');
  });

  it.each([
    ['all zeroes', '00000000000000000000000000000000'],
    ['empty', ''],
    ['31 characters', '5b8efff798038103d269b633813fc60'],
    ['not hex', '5b8efff798038103d269b633813fc60g'],
    ['base64-looking', 'W47/95gDgQPSabYzgT/GDA=='],
  ])('rejects a trace id that is %s', (_, text) => {
    expect(traceIdFromHex(text)).toBeUndefined();
  });

  it('rejects zero and wrong-length span ids', () => {
    expect(spanIdFromHex('0000000000000000')).toBeUndefined();
    expect(spanIdFromHex('eee19b7ec3c1b17')).toBeUndefined();
    expect(spanIdFromBytes(new Uint8Array(8))).toBeUndefined();
    expect(spanIdFromBytes(new Uint8Array(7).fill(1))).toBeUndefined();
    expect(traceIdFromBytes(new Uint8Array(8).fill(1))).toBeUndefined();
  });

  it('round-trips through bytes', () => {
    const trace = traceIdFromHex('5b8efff798038103d269b633813fc60c');
    const span = spanIdFromHex('eee19b7ec3c1b174');
    if (!trace || !span) throw new Error('valid ids rejected');
    expect(traceIdFromBytes(traceIdToBytes(trace))).toBe(trace);
    expect(spanIdFromBytes(spanIdToBytes(span))).toBe(span);
    expect([...spanIdToBytes(span)]).toEqual([0xee, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x74]);
  });
});
