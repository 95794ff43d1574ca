import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';
import { keyPartitioner, traceIdPartitioner } from './key-partitioner';

describe('keyPartitioner', () => {
  // Expected partitions computed with the Java client of Kafka 3.9.1:
  // Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % partitions
  const java: Array<[string, number, number]> = [
    ['4bf92f3577b34da6a3ce929d0e0e4736', 6, 2],
    ['00000000000000000000000000000001', 6, 4],
    ['0af7651916cd43dd8448eb211c80319c', 6, 1],
    ['5b8aa5a2d2c872e8321cf37308d69df2', 6, 5],
    ['ffffffffffffffffffffffffffffffff', 6, 5],
    ['4bf92f3577b34da6a3ce929d0e0e4736', 12, 2],
    ['00000000000000000000000000000001', 12, 10],
    ['0af7651916cd43dd8448eb211c80319c', 12, 7],
    ['5b8aa5a2d2c872e8321cf37308d69df2', 7, 6],
    ['ffffffffffffffffffffffffffffffff', 7, 2],
  ];

  it.each(java)('puts trace %s on the partition the Java client computes for %i partitions', (key, partitions, expected) => {
    expect(keyPartitioner(partitions)(key)).toBe(expected);
  });
});

describe('keyPartitioner against kafkajs', () => {
  it('agrees with kafkajs DefaultPartitioner on random trace ids and other keys', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const keys = [...Array.from({ length: 2000 }, () => randomBytes(16).toString('hex')), '', 'a', 'ab', 'abc', 'abcde', 'ünïcödé-key', '🙂', 'k'.repeat(64), 'k'.repeat(65), `${'k'.repeat(63)}é`];
    for (const partitions of [1, 3, 6, 7, 12, 64]) {
      const partitionMetadata: PartitionMetadata[] = Array.from({ length: partitions }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 0, replicas: [0], isr: [0] }));
      const ours = keyPartitioner(partitions);
      for (const key of keys) expect([key, ours(key)]).toEqual([key, kafkajs({ topic: 't', partitionMetadata, message: { key, value: null } })]);
    }
  });
});

describe('traceIdPartitioner', () => {
  it('gives a trace id\'s bytes the partition keyPartitioner gives its hex', () => {
    for (const partitions of [1, 6, 7, 64]) {
      const [byBytes, byHex] = [traceIdPartitioner(partitions), keyPartitioner(partitions)];
      for (let i = 0; i < 500; i++) {
        const bytes = Buffer.concat([randomBytes(3), randomBytes(16), randomBytes(2)]);
        expect(byBytes(bytes, 3)).toBe(byHex(bytes.toString('hex', 3, 19)));
      }
    }
  });
});
