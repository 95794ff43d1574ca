import type { KeyPartitioner } from './trace-messages';

/**
 * The partition Kafka's default partitioner gives a key on a topic of `count` partitions:
 * `toPositive(murmur2(utf8(key))) % count`, as the Java client and kafkajs's DefaultPartitioner
 * compute it (the spec checks both). Ported with 32-bit integer arithmetic because kafkajs's
 * murmur2 works on Long objects: it cost ~6 % of the collector's CPU when run once per trace.
 */
export function keyPartitioner(count: number): KeyPartitioner {
  return (key) => (murmur2(keyBytes(key)) & 0x7fffffff) % count;
}

function keyBytes(key: string): Uint8Array {
  // Trace ids are ASCII hex; anything else takes the general (slower) UTF-8 path.
  const bytes = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    if (code > 0x7f) return Buffer.from(key, 'utf8');
    bytes[i] = code;
  }
  return bytes;
}

/** Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), seed 0x9747b28c. */
function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
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
