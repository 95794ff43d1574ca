import fc from 'fast-check';
import { Fnv1a64, fnv1a64Hex } from './fnv1a64';

/** The textbook definition on bigints, to check the fast lane arithmetic against. */
function reference(bytes: Uint8Array): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Any UTF-16 code units, lone surrogates and control characters included, and often the awkward ones. */
const anyText = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u0080', '\u07ff', '\u0800', '\u2028', '\uffff', '😀', '\ud800', '\udbff', '\udc00', '\udfff'),
  ),
  maxLength: 40,
});

describe('FNV-1a 64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published test vector for %j', (text, hash) => {
    expect(fnv1a64Hex(text)).toBe(hash);
  });

  it('agrees with the bigint definition on any text, UTF-8 encoded as TextEncoder does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 64 }), anyText), (text) => {
        expect(fnv1a64Hex(text)).toBe(reference(utf8(text)));
      }),
      { numRuns: 1000 },
    );
  });

  it('hashes bytes as the bigint definition does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(new Fnv1a64().bytes(bytes).hex()).toBe(reference(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('hashes a JSON string literal exactly as the bytes of JSON.stringify', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(new Fnv1a64().jsonString(text).hex()).toBe(reference(utf8(JSON.stringify(text))));
      }),
      { numRuns: 1000 },
    );
  });

  it('fed in pieces, hashes the bytes of the pieces in order', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 5 }), anyText, (pieces, quoted) => {
        const h = new Fnv1a64();
        for (const piece of pieces) h.text(piece);
        h.jsonString(quoted);
        // TextEncoder turns each unpaired surrogate of a piece into U+FFFD, as `text` does per piece.
        const bytes = Buffer.concat([...pieces.map((piece) => utf8(piece)), utf8(JSON.stringify(quoted))]);
        expect(h.hex()).toBe(reference(bytes));
      }),
      { numRuns: 500 },
    );
  });
});
