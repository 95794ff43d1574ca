/**
 * FNV-1a 64 (Go's `hash/fnv.New64a`): offset basis 0xcbf29ce484222325, prime 2^40 + 0x1b3.
 *
 * Kept as two 32-bit lanes in int32 locals, so the loop runs on machine integers without a bigint
 * or a double: `h × prime = h × 0x1b3 + (h << 40)`; the low lane becomes `Math.imul(lo, 0x1b3)`,
 * the high lane `hi × 0x1b3 + carry + (lo << 8)` (mod 2^32), where the carry is the high part of
 * `lo × 0x1b3` (see carryOf) and `lo << 8` is all that `h << 40` adds to it. Fed incrementally,
 * with the UTF-8 bytes of text or of a JSON string literal, so a content hash needs no
 * intermediate string or byte array (see canonical-span-hash.ts).
 */
export class Fnv1a64 {
  /**
   * [low lane, high lane]. An Int32Array rather than two number fields: a field holding an int32
   * beyond V8's small-integer range (31 bits) is a boxed double, an Int32Array element is an
   * int32 whatever its value.
   */
  private readonly state = Int32Array.of(0x84222325 | 0, 0xcbf29ce4 | 0);

  /** Starts again from the offset basis, so one hasher serves many hashes. */
  reset(): this {
    this.state[0] = 0x84222325 | 0;
    this.state[1] = 0xcbf29ce4 | 0;
    return this;
  }

  /** The UTF-8 bytes of `text`, as TextEncoder writes them (a lone surrogate as U+FFFD). */
  text(text: string): this {
    const { state } = this;
    let lo = state[0] as number;
    let hi = state[1] as number;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        lo ^= c;
        hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carryOf(lo)) | 0;
        lo = Math.imul(lo, 0x1b3);
      } else {
        state[0] = lo;
        state[1] = hi;
        i = this.nonAscii(text, i, false);
        lo = state[0] as number;
        hi = state[1] as number;
      }
    }
    state[0] = lo;
    state[1] = hi;
    return this;
  }

  /** Bytes as they are. */
  bytes(bytes: Uint8Array): this {
    const { state } = this;
    let lo = state[0] as number;
    let hi = state[1] as number;
    for (let i = 0; i < bytes.length; i++) {
      lo ^= bytes[i] as number;
      hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carryOf(lo)) | 0;
      lo = Math.imul(lo, 0x1b3);
    }
    state[0] = lo;
    state[1] = hi;
    return this;
  }

  /** The UTF-8 bytes of `JSON.stringify(text)`: quotes, escapes and all. */
  jsonString(text: string): this {
    this.byte(0x22);
    const { state } = this;
    let lo = state[0] as number;
    let hi = state[1] as number;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) {
        lo ^= c;
        hi = (Math.imul(hi, 0x1b3) + (lo << 8) + carryOf(lo)) | 0;
        lo = Math.imul(lo, 0x1b3);
      } else {
        state[0] = lo;
        state[1] = hi;
        i = c < 0x80 ? this.escape(c, i) : this.nonAscii(text, i, true);
        lo = state[0] as number;
        hi = state[1] as number;
      }
    }
    state[0] = lo;
    state[1] = hi;
    this.byte(0x22);
    return this;
  }

  /** 16 lowercase hex digits. */
  hex(): string {
    return hex32(this.state[1] as number) + hex32(this.state[0] as number);
  }

  private byte(b: number): void {
    const { state } = this;
    const lo = (state[0] as number) ^ b;
    state[1] = Math.imul(state[1] as number, 0x1b3) + (lo << 8) + carryOf(lo);
    state[0] = Math.imul(lo, 0x1b3);
  }

  private asciiText(text: string): void {
    for (let i = 0; i < text.length; i++) this.byte(text.charCodeAt(i));
  }

  /** JSON.stringify's escape of an ASCII `"`, `\` or control character; returns `at`. */
  private escape(c: number, at: number): number {
    const short = SHORT_ESCAPES[c];
    this.asciiText(short ?? `\\u${c.toString(16).padStart(4, '0')}`);
    return at;
  }

  /**
   * The code unit at `at` (≥ 0x80) as UTF-8; a surrogate pair as one 4-byte sequence. A lone
   * surrogate is U+FFFD in text (TextEncoder) and `\udxxx` in a JSON string (JSON.stringify).
   * Returns the index of the last code unit consumed.
   */
  private nonAscii(text: string, at: number, json: boolean): number {
    const c = text.charCodeAt(at);
    if (c < 0x800) {
      this.byte(0xc0 | (c >> 6));
      this.byte(0x80 | (c & 0x3f));
      return at;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = at + 1 < text.length ? text.charCodeAt(at + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        this.byte(0xf0 | (cp >> 18));
        this.byte(0x80 | ((cp >> 12) & 0x3f));
        this.byte(0x80 | ((cp >> 6) & 0x3f));
        this.byte(0x80 | (cp & 0x3f));
        return at + 1;
      }
      if (json) {
        this.asciiText(`\\u${c.toString(16)}`);
        return at;
      }
      this.byte(0xef);
      this.byte(0xbf);
      this.byte(0xbd);
      return at;
    }
    this.byte(0xe0 | (c >> 12));
    this.byte(0x80 | ((c >> 6) & 0x3f));
    this.byte(0x80 | (c & 0x3f));
    return at;
  }
}

/** The high 32 bits of `lo` (as unsigned) × 0x1b3, from 16-bit halves so every step stays an int32. */
const carryOf = (lo: number): number => (((lo >>> 16) * 0x1b3 + (((lo & 0xffff) * 0x1b3) >>> 16)) >>> 16) | 0;

const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (n: number): string =>
  (BYTE_HEX[n >>> 24] as string) + (BYTE_HEX[(n >>> 16) & 0xff] as string) + (BYTE_HEX[(n >>> 8) & 0xff] as string) + (BYTE_HEX[n & 0xff] as string);

const SHORT_ESCAPES: Readonly<Record<number, string>> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/** FNV-1a 64 over the UTF-8 bytes of `text`, as 16 lowercase hex digits. */
export const fnv1a64Hex = (text: string): string => new Fnv1a64().text(text).hex();
