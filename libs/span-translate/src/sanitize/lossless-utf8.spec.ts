import fc from 'fast-check';
import { decodeUtf8Escaped, isWellFormed, isWellFormedByRegex, originalBytes, toWellFormed, toWellFormedByRegex } from './lossless-utf8';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeUtf8Escaped', () => {
  it.each([
    ['ASCII', 'GET /cart'],
    ['2-, 3- and 4-byte sequences', 'héllo → 日本 🚀'],
    ['a long string past the ASCII fast path', 'x'.repeat(100) + 'é'],
    ['U+FFFD itself', '\uFFFD'],
  ])('decodes valid UTF-8 (%s) like TextDecoder', (_, text) => {
    expect(decodeUtf8Escaped(utf8(text))).toBe(text);
  });

  it.each([
    ['a stray continuation byte', [0x61, 0x80, 0x62], 'a\udc80b'],
    ['an overlong encoding', [0xc0, 0x80], '\udcc0\udc80'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], '\udced\udca0\udc80'],
    ['a truncated sequence', [0xe6, 0x97], '\udce6\udc97'],
    ['a byte above F4', [0xf5, 0x80, 0x80, 0x80], '\udcf5\udc80\udc80\udc80'],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '\udcf4\udc90\udc80\udc80'],
    ['valid text around an invalid byte', [0xc3, 0xa9, 0xff, 0xc3, 0xa9], 'é\udcffé'],
  ])('escapes each byte of %s as U+DC80+byte', (_, bytes, expected) => {
    const text = decodeUtf8Escaped(Uint8Array.from(bytes));
    expect(text).toBe(expected);
    expect(isWellFormed(text)).toBe(false);
  });

  it('round-trips any bytes through originalBytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect([...originalBytes(decodeUtf8Escaped(bytes))]).toEqual([...bytes]);
      }),
    );
  });

  it('agrees with TextDecoder on every valid UTF-8 input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(decodeUtf8Escaped(utf8(text))).toBe(text);
      }),
    );
  });
});

describe('well-formedness', () => {
  it('finds lone surrogates, not pairs', () => {
    expect(isWellFormed('🚀')).toBe(true);
    expect(isWellFormed('a\ud800')).toBe(false);
    expect(isWellFormed('\udc00a')).toBe(false);
    expect(toWellFormed('a\ud800b\udfff🚀')).toBe('a\uFFFDb\uFFFD🚀');
  });

  it('gives the same answers with the regex fallback as with the native methods', () => {
    const unit = fc.oneof(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '🚀', 'a'), fc.string({ maxLength: 1 }));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }).map((parts) => parts.join('')), (text) => {
        expect(isWellFormedByRegex(text)).toBe(isWellFormed(text));
        expect(toWellFormedByRegex(text)).toBe(toWellFormed(text));
      }),
    );
  });

  it('encodes JSON-escaped lone surrogates as generalized UTF-8, keeping them distinct', () => {
    expect([...originalBytes('\ud800')]).toEqual([0xed, 0xa0, 0x80]);
    expect([...originalBytes('é🚀')]).toEqual([...utf8('é🚀')]);
  });
});
