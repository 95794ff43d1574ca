import fc from 'fast-check';
import { fnv1a64Hex } from './fnv1a64';

/** The textbook definition on bigints, to check the fast limb arithmetic against. */
function reference(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

describe('FNV-1a 64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published test vector for %j', (text, hash) => {
    expect(fnv1a64Hex(text)).toBe(hash);
  });

  it('agrees with the bigint definition on any text, UTF-8 encoded', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (text) => {
        expect(fnv1a64Hex(text)).toBe(reference(text));
      }),
      { numRuns: 500 },
    );
  });
});
