import { ServiceCache } from './service-cache';

describe('service cache', () => {
  it('forgets a key its TTL after it was added, however often it is used', () => {
    let now = 0;
    const cache = new ServiceCache(10, 1000, () => now);
    cache.add('a');
    now = 999;
    expect(cache.has('a')).toBe(true);
    now = 1000;
    expect(cache.has('a')).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, evicting the least recently used', () => {
    const cache = new ServiceCache(2, 60_000, () => 0);
    cache.add('a');
    cache.add('b');
    expect(cache.has('a')).toBe(true);
    cache.add('c');
    expect(cache.has('b')).toBe(false);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('c')).toBe(true);
    expect(cache.size).toBe(2);
  });

  it('refuses a size below one', () => {
    expect(() => new ServiceCache(0, 1000)).toThrow(RangeError);
  });
});
