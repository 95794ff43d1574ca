import type { Buffer } from 'node:buffer';

/**
 * Recently decoded short ASCII strings, by hash of their bytes. Attribute keys and many values
 * (methods, routes, db systems) repeat in every span of a request; returning the string already
 * made skips a native call and an allocation for each. Direct-mapped and bounded (4096 strings
 * of at most 48 characters), shared by all decoders; a colliding string just replaces the slot.
 */
const CACHE_BITS = 12;
const CACHE_MASK = (1 << CACHE_BITS) - 1;
export const MAX_CACHED_LENGTH = 48;
const stringCache: (string | undefined)[] = new Array<string | undefined>(1 << CACHE_BITS).fill(undefined);

/**
 * The ASCII string in buf[start, end), from the cache when its slot holds the same text.
 * `hash` is any 32-bit hash of the bytes; the caller has checked they are all below 0x80.
 */
export function cachedAscii(buf: Buffer, start: number, end: number, hash: number): string {
  const slot = (hash ^ (hash >>> 16)) & CACHE_MASK;
  const cached = stringCache[slot];
  if (cached !== undefined && cached.length === end - start) {
    let i = 0;
    while (i < cached.length && cached.charCodeAt(i) === buf[start + i]) i++;
    if (i === cached.length) return cached;
  }
  const text = buf.toString('latin1', start, end); // ASCII: latin1 and UTF-8 agree
  stringCache[slot] = text;
  return text;
}
