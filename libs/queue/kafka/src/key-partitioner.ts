import type { KeyPartitioner } from './trace-messages';

/**
 * The partition Kafka's default partitioner gives a key on a topic of `count` partitions:
 * `toPositive(murmur2(utf8(key))) % count`, as the Java client and kafkajs's DefaultPartitioner
 * compute it (the spec checks both). Ported with 32-bit integer arithmetic because kafkajs's
 * murmur2 works on Long objects: it cost ~6 % of the collector's CPU when run once per trace.
 */
export function keyPartitioner(count: number): KeyPartitioner {
  return (key) => (hashKey(key) & 0x7fffffff) % count;
}

const HEX = Uint8Array.from(Buffer.from('0123456789abcdef'));

/**
 * `keyPartitioner(count)` of the lowercase hex of a 16-byte trace id at `offset` in `bytes`,
 * without making the string (the collector's fast path partitions raw OTLP spans with it).
 */
export function traceIdPartitioner(count: number): (bytes: Uint8Array, offset: number) => number {
  return (bytes, offset) => {
    for (let i = 0; i < 16; i++) {
      const byte = bytes[offset + i] as number;
      scratch[2 * i] = HEX[byte >> 4] as number;
      scratch[2 * i + 1] = HEX[byte & 15] as number;
    }
    return (murmur2(scratch, 32) & 0x7fffffff) % count;
  };
}

/** Short ASCII keys (trace ids: 32 hex digits, hashed once per trace) are copied here, not allocated. */
const scratch = new Uint8Array(64);

function hashKey(key: string): number {
  if (key.length <= scratch.length) {
    let ascii = true;
    for (let i = 0; i < key.length && ascii; i++) {
      const code = key.charCodeAt(i);
      ascii = code <= 0x7f;
      scratch[i] = code;
    }
    if (ascii) return murmur2(scratch, key.length);
  }
  const bytes = Buffer.from(key, 'utf8');
  return murmur2(bytes, bytes.length);
}

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), seed 0x9747b28c, of `data`'s first `length` bytes. */
function murmur2(data: Uint8Array, length: number): number {
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ length;
  const whole = length & ~3;
  for (let i = 0; i < whole; i += 4) {
    let k = (data[i] as number) | ((data[i + 1] as number) << 8) | ((data[i + 2] as number) << 16) | ((data[i + 3] as number) << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const rest = length & 3;
  if (rest === 3) h ^= (data[whole + 2] as number) << 16;
  if (rest >= 2) h ^= (data[whole + 1] as number) << 8;
  if (rest >= 1) h = Math.imul(h ^ (data[whole] as number), m);
  h ^= h >>> 13;
  h = Math.imul(h, m);
  return h ^ (h >>> 15);
}
