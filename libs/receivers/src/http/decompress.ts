import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { WaymarkError } from '@waymark/platform';

type Inflate = (input: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;

const inflateZlib = promisify<Buffer, zlib.ZlibOptions, Buffer>(zlib.inflate);
const inflateRaw = promisify<Buffer, zlib.ZlibOptions, Buffer>(zlib.inflateRaw);
/** RFC 1950: compression method 8 and a header checksum divisible by 31. */
const hasZlibHeader = (input: Buffer) => input.length >= 2 && ((input[0] as number) & 0x0f) === 8 && (((input[0] as number) << 8) | (input[1] as number)) % 31 === 0;

const DECODERS: Record<string, Inflate> = {
  gzip: promisify<Buffer, zlib.ZlibOptions, Buffer>(zlib.gunzip),
  'x-gzip': promisify<Buffer, zlib.ZlibOptions, Buffer>(zlib.gunzip),
  // HTTP's "deflate" is zlib-wrapped, but some clients send raw deflate: the header tells which.
  deflate: (input, options) => (hasZlibHeader(input) ? inflateZlib(input, options) : inflateRaw(input, options)),
  br: (input, options) => promisify<Buffer, zlib.BrotliOptions, Buffer>(zlib.brotliDecompress)(input, { maxOutputLength: options.maxOutputLength ?? 0 }),
};

export const SUPPORTED_ENCODINGS = ['identity', ...Object.keys(DECODERS)];

/**
 * The request body with its Content-Encoding removed, never larger than `maxBytes`. zlib stops
 * inflating as soon as the output would pass the cap, so a decompression bomb costs at most
 * `maxBytes` of memory and is answered with 413 (gRPC RESOURCE_EXHAUSTED).
 */
export async function decompressBounded(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') {
    if (body.length > maxBytes) throw tooLarge(maxBytes);
    return body;
  }
  const inflate = DECODERS[encoding];
  if (!inflate) {
    throw new WaymarkError('unsupported-media-type', `unsupported Content-Encoding "${encoding.slice(0, 40)}"; supported: ${SUPPORTED_ENCODINGS.join(', ')}`);
  }
  try {
    return await inflate(body, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(maxBytes, error);
    throw new WaymarkError('invalid-argument', `body is not valid ${encoding}: ${(error as Error).message}`, { cause: error });
  }
}

function tooLarge(maxBytes: number, cause?: unknown): WaymarkError {
  return new WaymarkError('too-large', `request body exceeds ${maxBytes} bytes after decompression`, { cause });
}
