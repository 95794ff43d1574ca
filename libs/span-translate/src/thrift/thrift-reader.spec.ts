import { ThriftWriter } from '../../test/fixtures/jaeger/thrift-writer';
import { DecodeError } from '../decode-result';
import { ThriftReader } from './thrift-reader';
import { MessageType, readList, readMessageBegin, readStruct } from './thrift-struct';
import { TType } from './thrift-type';

const reader = (w: ThriftWriter, maxDepth?: number) => new ThriftReader(w.bytes(), maxDepth);

describe('ThriftReader', () => {
  it('reads every scalar type big-endian', () => {
    const r = reader(new ThriftWriter().byte(-2).byte(1).i16(-300).i32(-70000).i64(-2n).double(-1.5).string('héllo').binary(Uint8Array.of(0, 255)));
    expect(r.readByte()).toBe(-2);
    expect(r.readBool()).toBe(true);
    expect(r.readI16()).toBe(-300);
    expect(r.readI32()).toBe(-70000);
    expect(r.readI64()).toBe(-2n);
    expect(r.readDouble()).toBe(-1.5);
    expect(r.readString()).toBe('héllo');
    expect([...r.readBinary()]).toEqual([0, 255]);
    expect(r.remaining).toBe(0);
  });

  it('reads an i64 as the hex of its two’s-complement bytes', () => {
    const r = reader(new ThriftWriter().i64(-1n).i64(0x0123456789abcdefn));
    expect(r.readI64Hex()).toBe('ffffffffffffffff');
    expect(r.readI64Hex()).toBe('0123456789abcdef');
  });

  it('copies binary values instead of sharing the request buffer', () => {
    const input = Buffer.from(new ThriftWriter().binary(Uint8Array.of(7, 8)).bytes());
    const value = new ThriftReader(input).readBinary();
    input[4] = 99;
    expect([...value]).toEqual([7, 8]);
  });

  it('keeps invalid UTF-8 recoverable as escaped lone surrogates', () => {
    const r = reader(new ThriftWriter().binary(Uint8Array.of(0x61, 0xff, 0x62)));
    expect(r.readString()).toBe('a\udcffb');
  });

  it.each([
    ['a truncated i32', new ThriftWriter().byte(1).byte(2), (r: ThriftReader) => r.readI32()],
    ['a negative string length', new ThriftWriter().i32(-1), (r: ThriftReader) => r.readString()],
    ['a string longer than the input', new ThriftWriter().i32(1_000_000).byte(65), (r: ThriftReader) => r.readBinary()],
    ['a list larger than the input could hold', new ThriftWriter().list(TType.I64, 2).i64(1n), (r: ThriftReader) => r.readListBegin()],
    ['a huge list of empty structs', new ThriftWriter().list(TType.STRUCT, 0x7fffffff), (r: ThriftReader) => r.readListBegin()],
    ['a negative list size', new ThriftWriter().list(TType.I32, -5), (r: ThriftReader) => r.readListBegin()],
    ['a list of an unknown element type', new ThriftWriter().list(99, 0), (r: ThriftReader) => r.readListBegin()],
    ['a map larger than the input could hold', new ThriftWriter().map(TType.I32, TType.STRING, 3).i32(1), (r: ThriftReader) => r.readMapBegin()],
  ])('refuses %s with a DecodeError before allocating', (_, w, read) => {
    const r = reader(w);
    expect(() => read(r)).toThrow(DecodeError);
  });

  it('names the offset of a failure', () => {
    const r = reader(new ThriftWriter().byte(1));
    r.readByte();
    expect(() => r.readI16()).toThrow('thrift: needs 2 more byte(s), 0 left at byte 1');
  });

  it('skips values of every type, nested containers included', () => {
    const w = new ThriftWriter()
      .field(TType.BOOL, 1).byte(1)
      .field(TType.BYTE, 2).byte(9)
      .field(TType.I16, 3).i16(1)
      .field(TType.I32, 4).i32(1)
      .field(TType.I64, 5).i64(1n)
      .field(TType.DOUBLE, 6).double(1)
      .field(TType.STRING, 7).string('x')
      .field(TType.MAP, 8).map(TType.STRING, TType.LIST, 1).string('k').list(TType.I32, 2).i32(1).i32(2)
      .field(TType.SET, 9).list(TType.I16, 1).i16(4)
      .field(TType.STRUCT, 10).field(TType.I32, 1).i32(5).stop()
      .field(TType.I32, 11).i32(42)
      .stop();
    const r = reader(w);
    let kept: number | undefined;
    readStruct(r, ({ id, type }) => {
      if (id !== 11 || type !== TType.I32) return false;
      kept = r.readI32();
      return true;
    });
    expect(kept).toBe(42);
    expect(r.remaining).toBe(0);
  });

  it('refuses an unknown field type while skipping', () => {
    const r = reader(new ThriftWriter().field(42, 1).i32(0).stop());
    expect(() => readStruct(r, () => false)).toThrow('unknown field type 42');
  });

  it('bounds nesting depth', () => {
    const w = new ThriftWriter();
    for (let i = 0; i < 10; i++) w.field(TType.STRUCT, 1);
    for (let i = 0; i <= 10; i++) w.stop();
    expect(() => readStruct(reader(w, 8), () => false)).toThrow('nesting deeper than 8');
    expect(() => readStruct(reader(w, 16), () => false)).not.toThrow();
  });

  it('reads a list as empty when its element type is not the expected one', () => {
    const r = reader(new ThriftWriter().list(TType.I32, 2).i32(1).i32(2).byte(7));
    expect(readList(r, TType.STRUCT, () => 0)).toBeUndefined();
    expect(r.readByte()).toBe(7);
  });
});

describe('readMessageBegin', () => {
  it('reads the strict form', () => {
    const r = reader(new ThriftWriter().i32(0x80010000 | MessageType.ONEWAY).string('emitBatch').i32(7));
    expect(readMessageBegin(r)).toEqual({ name: 'emitBatch', type: MessageType.ONEWAY, seqId: 7 });
  });

  it('reads the old non-strict form', () => {
    const r = reader(new ThriftWriter().string('emitBatch').byte(MessageType.CALL).i32(3));
    expect(readMessageBegin(r)).toEqual({ name: 'emitBatch', type: MessageType.CALL, seqId: 3 });
  });

  it('refuses an unknown protocol version', () => {
    const r = reader(new ThriftWriter().i32(0x80020000 | 1).string('x').i32(1));
    expect(() => readMessageBegin(r)).toThrow('bad message version 0x80020001');
  });
});
