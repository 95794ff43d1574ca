import { Buffer } from 'node:buffer';

/**
 * A growable protobuf wire writer for hand-written encoders. Nested messages are written in
 * place: `begin` reserves one byte for the length, `end` fills it in and, for the rarer messages
 * of 128 bytes or more, moves the content right to make room for a longer varint. Output is
 * canonical (minimal varints), so any protobuf decoder reads it.
 */
export class WireWriter {
  private buf: Buffer;
  private view: DataView;
  pos = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.allocUnsafe(initialSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** The bytes written so far (a view of the writer's buffer: the writer must not be reused). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const grown = Buffer.allocUnsafe(size);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
    this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
  }

  /** A varint of a non-negative integer below 2^53 (tags, lengths, uint32, enums). */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    while (value > 0x7fffffff) {
      buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    while (value >= 0x80) {
      buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[this.pos++] = value;
  }

  /** A signed 64-bit integer as protobuf's int64 varint (negative values take 10 bytes). */
  int64(value: bigint): void {
    if (value >= 0n && value <= 0x1fffffffffffffn) return this.varint(Number(value));
    const bits = BigInt.asUintN(64, value);
    let lo = Number(bits & 0xffffffffn);
    let hi = Number(bits >> 32n);
    this.ensure(10);
    const buf = this.buf;
    while (hi > 0 || lo >= 0x80) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | ((hi & 0x7f) << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
  }

  /** Times: truncated to 64 bits, as protobuf does. */
  fixed64(value: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.pos, BigInt.asUintN(64, value), true);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string field (lone surrogates become U+FFFD, as in every encoder). */
  string(tag: number, value: string): void {
    this.varint(tag);
    // At most 3 bytes per UTF-16 unit; assume a one-byte length and fix it up if it is longer.
    this.ensure(5 + value.length * 3);
    const start = this.pos + 1;
    const buf = this.buf;
    let length = 0;
    if (value.length < 32) {
      // Short ASCII strings (most keys and values) are cheaper to copy here than through a native call.
      for (; length < value.length; length++) {
        const code = value.charCodeAt(length);
        if (code >= 0x80) break;
        buf[start + length] = code;
      }
    }
    if (length < value.length) length = buf.write(value, start, 'utf8');
    this.pos = start + length;
    this.fixLength(start, length);
  }

  bytes(tag: number, value: Uint8Array): void {
    this.varint(tag);
    this.varint(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /**
   * A bytes field from lowercase or uppercase hex (validated trace and span ids), decoded straight
   * into the output: the model's `traceIdToBytes` allocates and parses each pair separately.
   */
  hexBytes(tag: number, hex: string): void {
    const length = hex.length >>> 1;
    this.varint(tag);
    this.varint(length);
    this.ensure(length);
    const buf = this.buf;
    for (let i = 0; i < length; i++) buf[this.pos++] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  }

  /** Starts a nested message field; returns where its content starts, for `end`. */
  begin(tag: number): number {
    this.varint(tag);
    this.ensure(1);
    this.pos += 1;
    return this.pos;
  }

  end(start: number): void {
    this.fixLength(start, this.pos - start);
  }

  /** Writes `length` into the byte reserved before `start`, moving the content if it needs more. */
  private fixLength(start: number, length: number): void {
    if (length < 0x80) {
      this.buf[start - 1] = length;
      return;
    }
    const extra = (length < 0x4000 ? 2 : length < 0x200000 ? 3 : length < 0x10000000 ? 4 : 5) - 1;
    this.ensure(extra);
    this.buf.copyWithin(start + extra, start, this.pos);
    this.pos += extra;
    let at = start - 1;
    let value = length;
    while (value >= 0x80) {
      this.buf[at++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[at] = value;
  }
}

/** The value of a hex digit's character code ('0'–'9', 'a'–'f', 'A'–'F'). */
const nibble = (code: number): number => (code <= 0x39 ? code - 0x30 : (code | 0x20) - 0x57);
