import { Buffer, isUtf8 } from 'node:buffer';
import { DecodeError } from '../decode-result';
import { cachedAscii, MAX_CACHED_LENGTH } from './ascii-string-cache';

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_SGROUP = 3;
const WIRE_EGROUP = 4;
const WIRE_I32 = 5;

/** Deprecated groups are skipped, never decoded; this bounds how deeply they may nest. */
const MAX_GROUP_DEPTH = 64;

const TWO_32 = 4294967296;

/**
 * A bounds-checked cursor over protobuf wire bytes, for hand-written decoders. Every read checks
 * the remaining bytes first and throws a DecodeError naming the byte offset, so malformed or
 * truncated input never reads past the end, allocates more than the input holds, or loops.
 *
 * `limit` is the end of the message being decoded; nested messages save it, narrow it with
 * `enter(length)` and restore it with `leave(saved)`.
 */
export class WireReader {
  readonly buf: Buffer;
  pos = 0;
  limit: number;
  /** Set when a string held invalid UTF-8 (it was decoded with U+FFFD replacement); callers reset it. */
  invalidUtf8 = false;
  private readonly view: DataView;

  constructor(bytes: Uint8Array) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.limit = this.buf.length;
  }

  fail(what: string): never {
    throw new DecodeError(`invalid OTLP protobuf: ${what} at byte ${this.pos}`);
  }

  /** A field tag: `field number << 3 | wire type`. Field number 0 is invalid protobuf. */
  tag(): number {
    const tag = this.uint32();
    if (tag < 8) this.fail('field number 0');
    return tag;
  }

  /** A varint of at most 32 significant bits (tags, lengths, enums, uint32), as an unsigned number. */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= this.limit) this.fail('truncated varint');
      const byte = buf[pos++] as number;
      result += shift < 28 ? (byte & 0x7f) << shift : (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        this.pos = pos;
        return result % TWO_32 >>> 0;
      }
    }
    // Longer varints hold a 64-bit value; protobuf truncates it to the low 32 bits (int32 fields
    // are sign-extended to 10 bytes on the wire).
    for (let i = 5; i < 10; i++) {
      if (pos >= this.limit) this.fail('truncated varint');
      if ((buf[pos++] as number) < 0x80) {
        this.pos = pos;
        return result % TWO_32 >>> 0;
      }
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A varint as a signed 64-bit integer (int64), exactly. */
  int64(): bigint {
    const buf = this.buf;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= this.limit) this.fail('truncated varint');
      const byte = buf[pos++] as number;
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi = bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (byte < 0x80) {
        this.pos = pos;
        return toInt64(lo >>> 0, hi >>> 0);
      }
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** A bool varint: true when any of its bits is set (not only the low 32). */
  bool(): boolean {
    let any = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.limit) this.fail('truncated varint');
      const byte = this.buf[this.pos++] as number;
      any |= byte & 0x7f;
      if (byte < 0x80) return any !== 0;
    }
    return this.fail('varint longer than 10 bytes');
  }

  fixed32(): number {
    if (this.pos + 4 > this.limit) this.fail('truncated fixed32');
    const value = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  /** A fixed64 as an unsigned bigint (OTLP times in nanoseconds). */
  fixed64(): bigint {
    if (this.pos + 8 > this.limit) this.fail('truncated fixed64');
    const value = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }

  double(): number {
    if (this.pos + 8 > this.limit) this.fail('truncated double');
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** Reads a length prefix and checks that many bytes remain; returns the length. */
  length(): number {
    const length = this.uint32();
    if (length > this.limit - this.pos) this.fail('length-delimited field longer than its message');
    return length;
  }

  /** Narrows the limit to the next `length` bytes; returns the limit to restore with `leave`. */
  enter(length: number): number {
    const saved = this.limit;
    this.limit = this.pos + length;
    return saved;
  }

  leave(saved: number): void {
    this.pos = this.limit;
    this.limit = saved;
  }

  /** A UTF-8 string; invalid sequences become U+FFFD and set `invalidUtf8`. */
  string(): string {
    const length = this.length();
    const start = this.pos;
    const end = start + length;
    this.pos = end;
    if (length === 0) return '';
    if (length <= MAX_CACHED_LENGTH) {
      // Hash while checking for ASCII: one pass over the bytes serves both.
      const buf = this.buf;
      let hash = length;
      let bits = 0;
      for (let i = start; i < end; i++) {
        const byte = buf[i] as number;
        bits |= byte;
        hash = Math.imul(hash ^ byte, 0x01000193);
      }
      if (bits < 0x80) return cachedAscii(buf, start, end, hash);
    }
    const text = this.buf.toString('utf8', start, end);
    if (text.indexOf('\ufffd') !== -1 && !isUtf8(this.buf.subarray(start, this.pos))) this.invalidUtf8 = true;
    return text;
  }

  /** A copy of the next length-delimited bytes, detached from the input buffer. */
  bytes(): Uint8Array {
    const length = this.length();
    const copy = new Uint8Array(length);
    copy.set(this.buf.subarray(this.pos, this.pos + length));
    this.pos += length;
    return copy;
  }

  /** Skips a field of the given wire type (an unknown field, or a known one with the wrong type). */
  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.int64();
        return;
      case WIRE_I64:
        if (this.pos + 8 > this.limit) this.fail('truncated fixed64');
        this.pos += 8;
        return;
      case WIRE_LEN: {
        const length = this.length(); // read before `this.pos`: `pos += length()` would add to the old pos
        this.pos += length;
        return;
      }
      case WIRE_I32:
        if (this.pos + 4 > this.limit) this.fail('truncated fixed32');
        this.pos += 4;
        return;
      case WIRE_SGROUP:
        this.skipGroup();
        return;
      default:
        this.fail(`unexpected wire type ${wireType}`);
    }
  }

  /** Skips to the end of a group, iteratively, counting nested groups. */
  private skipGroup(): void {
    let depth = 1;
    while (depth > 0) {
      const tag = this.tag();
      const wireType = tag & 7;
      if (wireType === WIRE_EGROUP) depth--;
      else if (wireType === WIRE_SGROUP) {
        if (++depth > MAX_GROUP_DEPTH) this.fail(`groups nested deeper than ${MAX_GROUP_DEPTH}`);
      } else this.skip(wireType);
    }
  }
}

/** The signed 64-bit integer with these two's-complement halves. */
function toInt64(lo: number, hi: number): bigint {
  // Values within ±2^53 (nearly all attribute integers) need one BigInt conversion, not three.
  if (hi < 0x200000) return BigInt(hi * TWO_32 + lo);
  if (hi >= 0xffe00000) return BigInt((hi - TWO_32) * TWO_32 + lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}
