import { open } from 'node:fs/promises';
import { StrategiesFileError } from './strategies-file';

/** The refusal for a file past `maxBytes`, naming the limit. */
export function tooLargeError(path: string, maxBytes: number): StrategiesFileError {
  return new StrategiesFileError(`strategies file ${path} is larger than the limit of ${maxBytes} bytes (${(maxBytes / 1024 / 1024).toFixed(1)} MiB); refused`);
}

/**
 * Reads a file of at most `maxBytes`, else rejects with `tooLargeError` without reading more
 * than `maxBytes` + one chunk: the size is checked before reading and again while reading, in
 * case the file grows in between.
 */
export async function readFileCapped(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    if ((await handle.stat()).size > maxBytes) throw tooLargeError(path, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLargeError(path, maxBytes);
      chunks.push(Buffer.from(chunk.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}
