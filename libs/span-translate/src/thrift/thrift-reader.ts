import { DecodeError } from '../decode-result';
import { decodeUtf8Escaped } from '../sanitize/lossless-utf8';
import { minimumEncodedSize, TType } from './thrift-type';

/** Deepest struct/container nesting accepted; a jaeger.Batch needs 7
 * (Batch → spans list → Span → logs list → Log → fields list → Tag). */
export const DEFAULT_MAX_DEPTH = 64;

export interface FieldHeader {
  readonly type: number;
  readonly id: number;
}

export interface ListHeader {
  readonly elementType: number;
  readonly size: number;
}

export interface MapHeader {
  readonly keyType: number;
  readonly valueType: number;
  readonly size: number;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A bounded reader of Thrift's TBinaryProtocol (big-endian, i32-length-prefixed strings). Every
 * failure — truncated input, a negative or impossible length, an unknown type, nesting deeper than
 * `maxDepth` — throws a DecodeError that names the offset; nothing else escapes. Declared string,
 * list, set and map sizes are checked against the bytes that remain *before* anything is
 * allocated (CVE-2020-13949), so memory and time stay linear in the input length.
 */
export class ThriftReader {
  private offset = 0;
  private depth = 0;
  private readonly view: DataView;

  private readonly bytes: Uint8Array;

  constructor(
    input: Uint8Array,
    private readonly maxDepth = DEFAULT_MAX_DEPTH,
  ) {
    // A plain view even when given a Node Buffer: Buffer#subarray is several times slower.
    this.bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  fail(message: string): never {
    throw new DecodeError(`thrift: ${message} at byte ${this.offset}`);
  }

  private take(count: number): number {
    if (count > this.remaining) this.fail(`needs ${count} more byte(s), ${this.remaining} left`);
    const at = this.offset;
    this.offset += count;
    return at;
  }

  readByte(): number {
    return this.view.getInt8(this.take(1));
  }

  /** Any non-zero byte is true, as the reference implementations read it. */
  readBool(): boolean {
    return this.view.getUint8(this.take(1)) !== 0;
  }

  readI16(): number {
    return this.view.getInt16(this.take(2));
  }

  readI32(): number {
    return this.view.getInt32(this.take(4));
  }

  readI64(): bigint {
    return this.view.getBigInt64(this.take(8));
  }

  /** An i64 as its 16 hex digits (its big-endian two's-complement bytes): how Jaeger ids become hex. */
  readI64Hex(): string {
    const at = this.take(8);
    let hex = '';
    for (let i = at; i < at + 8; i++) hex += HEX[this.bytes[i] as number];
    return hex;
  }

  readDouble(): number {
    return this.view.getFloat64(this.take(8));
  }

  /** A length-prefixed byte string, copied so the result does not pin the request buffer. */
  readBinary(): Uint8Array {
    const length = this.readI32();
    if (length < 0) this.fail(`negative string length ${length}`);
    const at = this.take(length);
    // Not `slice`: on a Node Buffer it would share memory instead of copying.
    return new Uint8Array(this.bytes.subarray(at, at + length));
  }

  /** A string; invalid UTF-8 is kept recoverable (see lossless-utf8.ts), never rejected here. */
  readString(): string {
    return this.readStringBody(this.readI32());
  }

  /** The bytes of a string whose length prefix was already read (a non-strict message name). */
  readStringBody(length: number): string {
    if (length < 0) this.fail(`negative string length ${length}`);
    const at = this.take(length);
    return decodeUtf8Escaped(this.bytes.subarray(at, at + length));
  }

  /** The next field header, or undefined at the struct's STOP byte. */
  readFieldBegin(): FieldHeader | undefined {
    const type = this.readByte();
    if (type === TType.STOP) return undefined;
    return { type, id: this.readI16() };
  }

  readListBegin(): ListHeader {
    const elementType = this.readByte();
    const size = this.readI32();
    this.checkSize(size, [elementType]);
    return { elementType, size };
  }

  readMapBegin(): MapHeader {
    const keyType = this.readByte();
    const valueType = this.readByte();
    const size = this.readI32();
    this.checkSize(size, [keyType, valueType]);
    return { keyType, valueType, size };
  }

  private checkSize(size: number, types: readonly number[]): void {
    if (size < 0) this.fail(`negative container size ${size}`);
    let perElement = 0;
    for (const type of types) {
      const minimum = minimumEncodedSize(type);
      if (minimum === undefined) this.fail(`unknown element type ${type}`);
      perElement += minimum;
    }
    if (size * perElement > this.remaining) this.fail(`container of ${size} element(s) cannot fit in ${this.remaining} remaining byte(s)`);
  }

  /** Runs `body` one nesting level deeper, refusing input nested beyond `maxDepth`. */
  nested<T>(body: () => T): T {
    if (this.depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`);
    this.depth++;
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  /** Reads and discards one value of any type, bounded like every other read. */
  skip(type: number): void {
    switch (type) {
      case TType.BOOL:
      case TType.BYTE:
        this.take(1);
        return;
      case TType.I16:
        this.take(2);
        return;
      case TType.I32:
        this.take(4);
        return;
      case TType.DOUBLE:
      case TType.I64:
        this.take(8);
        return;
      case TType.STRING:
      case TType.UTF8:
      case TType.UTF16: {
        const length = this.readI32();
        if (length < 0) this.fail(`negative string length ${length}`);
        this.take(length);
        return;
      }
      case TType.STRUCT:
        this.nested(() => {
          for (let field = this.readFieldBegin(); field; field = this.readFieldBegin()) this.skip(field.type);
        });
        return;
      case TType.MAP:
        this.nested(() => {
          const { keyType, valueType, size } = this.readMapBegin();
          for (let i = 0; i < size; i++) {
            this.skip(keyType);
            this.skip(valueType);
          }
        });
        return;
      case TType.SET:
      case TType.LIST:
        this.nested(() => {
          const { elementType, size } = this.readListBegin();
          for (let i = 0; i < size; i++) this.skip(elementType);
        });
        return;
      default:
        this.fail(`unknown field type ${type}`);
    }
  }
}
