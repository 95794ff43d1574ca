import { gzipSync, deflateSync, deflateRawSync, brotliCompressSync } from 'node:zlib';
import { WaymarkError } from '@waymark/platform';
import { decompressBounded } from './decompress';

const payload = Buffer.from('x'.repeat(10_000));

describe('decompressBounded', () => {
  it.each([
    ['gzip', gzipSync(payload)],
    ['deflate', deflateSync(payload)],
    ['deflate', deflateRawSync(payload)],
    ['br', brotliCompressSync(payload)],
    ['identity', payload],
    [undefined, payload],
  ])('inflates %s', async (encoding, body) => {
    expect((await decompressBounded(body, encoding, 1 << 20)).equals(payload)).toBe(true);
  });

  it('stops a gzip bomb at the cap without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(300 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    const error = await decompressBounded(bomb, 'gzip', 1024 * 1024).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaymarkError);
    expect((error as WaymarkError).kind).toBe('too-large');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses an uncompressed body over the cap, an unknown encoding and corrupt data', async () => {
    await expect(decompressBounded(payload, 'identity', 100)).rejects.toMatchObject({ kind: 'too-large' });
    await expect(decompressBounded(payload, 'zstd', 1 << 20)).rejects.toMatchObject({ kind: 'unsupported-media-type' });
    await expect(decompressBounded(Buffer.from('not gzip'), 'gzip', 1 << 20)).rejects.toMatchObject({ kind: 'invalid-argument' });
  });
});
