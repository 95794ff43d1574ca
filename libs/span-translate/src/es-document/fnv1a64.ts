const encoder = new TextEncoder();

/**
 * FNV-1a 64 over the UTF-8 bytes of `text` (Go's `hash/fnv.New64a`), as 16 lowercase hex digits.
 * Computed on four 16-bit limbs, which stays within exact double arithmetic and is far faster
 * than bigint: offset basis 0xcbf29ce484222325, prime 2^40 + 0x1b3.
 */
export function fnv1a64Hex(text: string): string {
  const bytes = encoder.encode(text);
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  for (let i = 0; i < bytes.length; i++) {
    h0 ^= bytes[i] as number;
    // h × 0x1b3 limb by limb, plus h << 40 (limbs 0 and 1 shifted into limbs 2 and 3 by 8 bits).
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3;
    const t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    const c1 = t1 + (t0 >>> 16);
    const c2 = t2 + (c1 >>> 16);
    h0 = t0 & 0xffff;
    h1 = c1 & 0xffff;
    h2 = c2 & 0xffff;
    h3 = (t3 + (c2 >>> 16)) & 0xffff;
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}
