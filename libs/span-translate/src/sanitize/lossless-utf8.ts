/**
 * UTF-8 that loses nothing. Binary decoders (Thrift) read strings with `decodeUtf8Escaped`: valid
 * UTF-8 decodes as usual, and each byte of an invalid sequence becomes the lone surrogate
 * U+DC80 + byte (Python's "surrogateescape"). The string is then ill-formed, so the UTF-8
 * sanitizer notices it, replaces the bad part with U+FFFD and keeps `originalBytes(text)` —
 * exactly the bytes the client sent — the way Jaeger keeps invalid strings as binary tags.
 */
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Short all-ASCII strings (most tag keys) skip TextDecoder's per-call overhead. */
const ASCII_FAST_PATH = 32;

export function decodeUtf8Escaped(bytes: Uint8Array): string {
  if (bytes.length <= ASCII_FAST_PATH) {
    let text = '';
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i] as number;
      if (byte >= 0x80) return decodeNonAscii(bytes);
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return decodeNonAscii(bytes);
}

function decodeNonAscii(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return decodeEscaping(bytes);
  }
}

/**
 * The slow path, taken only for invalid input: decodes by hand, escaping every byte that does not
 * start a valid sequence. Code units go to a typed array (never more units than bytes) and become
 * a string in chunks, so a large body with one bad byte costs a linear scan, not a string per char.
 */
function decodeEscaping(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  let count = 0;
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      units[count++] = lead;
      i += 1;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const codePoint = length === 0 ? -1 : sequenceCodePoint(bytes, i, length);
    if (codePoint < 0) {
      units[count++] = 0xdc00 + lead;
      i += 1;
    } else if (codePoint < 0x10000) {
      units[count++] = codePoint;
      i += length;
    } else {
      units[count++] = 0xd800 + ((codePoint - 0x10000) >> 10);
      units[count++] = 0xdc00 + ((codePoint - 0x10000) & 0x3ff);
      i += length;
    }
  }
  // Node's UTF-16LE decoding keeps lone surrogates (TextDecoder would replace them).
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, 0, count * 2).toString('utf16le');
  let text = '';
  for (let at = 0; at < count; at += CHUNK) text += String.fromCharCode(...units.subarray(at, Math.min(count, at + CHUNK)));
  return text;
}

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** Code units per String.fromCharCode call: well below any engine's argument limit. */
const CHUNK = 8192;

const MIN_FOR_LENGTH = [0, 0, 0x80, 0x800, 0x10000];

/** The code point of a well-formed sequence at `start`, or -1 (overlong, surrogate, > U+10FFFF, truncated). */
function sequenceCodePoint(bytes: Uint8Array, start: number, length: number): number {
  if (length === 1) return bytes[start] as number;
  let codePoint = (bytes[start] as number) & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const next = bytes[start + k];
    if (next === undefined || (next & 0xc0) !== 0x80) return -1;
    codePoint = (codePoint << 6) | (next & 0x3f);
  }
  const tooSmall = codePoint < (MIN_FOR_LENGTH[length] as number);
  const surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
  return tooSmall || surrogate || codePoint > 0x10ffff ? -1 : codePoint;
}

const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** ES2024's native methods where the runtime has them (Node 20 does); the regexes otherwise. */
const native = String.prototype as { isWellFormed?: (this: string) => boolean; toWellFormed?: (this: string) => string };

/** The portable versions, used where the runtime lacks the native methods (exported for tests). */
export const isWellFormedByRegex = (text: string): boolean => !ANY_SURROGATE.test(text) || !LONE_SURROGATE.test(text);
export const toWellFormedByRegex = (text: string): string => text.replace(LONE_SURROGATES, '\uFFFD');

/** True when the string has no lone surrogate, i.e. it can be encoded as UTF-8 without loss. */
export const isWellFormed = (text: string): boolean => (native.isWellFormed ? native.isWellFormed.call(text) : isWellFormedByRegex(text));

/** The string with every lone surrogate replaced by U+FFFD (`String.prototype.toWellFormed`). */
export const toWellFormed = (text: string): string => (native.toWellFormed ? native.toWellFormed.call(text) : toWellFormedByRegex(text));

/**
 * The bytes a string came from: valid text as UTF-8, escaped bytes (U+DC80–U+DCFF) as the raw
 * byte, and any other lone surrogate (from a JSON `\uD800` escape) in its 3-byte generalized
 * UTF-8 form, so that distinct inputs stay distinct.
 */
export function originalBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3); // no code unit takes more than 3 bytes
  let n = 0;
  const put = (cp: number): void => {
    if (cp < 0x80) out[n++] = cp;
    else if (cp < 0x800) {
      out[n++] = 0xc0 | (cp >> 6);
      out[n++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      out[n++] = 0xe0 | (cp >> 12);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    } else {
      out[n++] = 0xf0 | (cp >> 18);
      out[n++] = 0x80 | ((cp >> 12) & 0x3f);
      out[n++] = 0x80 | ((cp >> 6) & 0x3f);
      out[n++] = 0x80 | (cp & 0x3f);
    }
  };
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      put(0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00));
      i++;
    } else if (unit >= 0xdc80 && unit <= 0xdcff) {
      out[n++] = unit - 0xdc00;
    } else {
      put(unit);
    }
  }
  return out.slice(0, n);
}
