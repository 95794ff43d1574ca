import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { jaegerApiV2 } from '@waymark/idl';
import { ThriftWriter } from '../../test/fixtures/jaeger/thrift-writer';
import { DecodeError } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { decodeJaegerProtoBatch } from './decode-jaeger-proto';
import { decodeJaegerThriftBatch } from './decode-jaeger-thrift';

const FIXTURE = new Uint8Array(readFileSync(join(__dirname, '../../test/fixtures/jaeger/jaeger-client-batch.bin')));
/** Generous: a 4 KiB input takes well under a millisecond; this only catches hangs and blow-ups. */
const MAX_MS = 250;

/** Decodes, requiring a result or a DecodeError — nothing else — within MAX_MS. */
function totalDecode(decode: (bytes: Uint8Array) => DecodeResult, bytes: Uint8Array): void {
  const started = performance.now();
  try {
    const result = decode(bytes);
    expect(result.spans.length + result.rejected).toBeGreaterThanOrEqual(0);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
  expect(performance.now() - started).toBeLessThan(MAX_MS);
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = [...input];
  for (const m of mutations) {
    const at = m.at % (bytes.length + 1);
    if (m.kind === 'set' && at < bytes.length) bytes[at] = m.byte;
    else if (m.kind === 'truncate') bytes = bytes.slice(0, at);
    else if (m.kind === 'insert') bytes.splice(at, 0, ...m.bytes);
    else if (m.kind === 'delete') bytes.splice(at, m.count);
  }
  return Uint8Array.from(bytes);
}

describe('Jaeger decoders are total', () => {
  it('Thrift: arbitrary bytes give a result or a DecodeError, quickly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => totalDecode(decodeJaegerThriftBatch, bytes)), { numRuns: 500 });
  });

  it('Thrift: mutations of the jaeger-client fixture give a result or a DecodeError, quickly', () => {
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => totalDecode(decodeJaegerThriftBatch, mutate(FIXTURE, mutations))), { numRuns: 1000 });
  });

  it('Thrift: structurally plausible field soup gives a result or a DecodeError, quickly', () => {
    const field = fc.tuple(fc.constantFrom(2, 3, 4, 6, 8, 10, 11, 12, 13, 14, 15), fc.integer({ min: -2, max: 12 }), fc.uint8Array({ maxLength: 24 }));
    fc.assert(
      fc.property(fc.array(field, { maxLength: 40 }), (fields) => {
        const w = new ThriftWriter();
        for (const [type, id, payload] of fields) {
          w.field(type, id);
          for (const b of payload) w.byte(b);
        }
        totalDecode(decodeJaegerThriftBatch, w.stop().bytes());
      }),
      { numRuns: 500 },
    );
  });

  it('Thrift: adversarial sizes in a 1 MiB body fail fast without allocating them', () => {
    const huge = new ThriftWriter().field(12, 1).field(11, 1).string('s').stop().field(15, 2).list(12, 0x7fffffff).bytes();
    const body = new Uint8Array(1 << 20);
    body.set(huge);
    totalDecode(decodeJaegerThriftBatch, body);
    const deep = new ThriftWriter();
    for (let i = 0; i < 100_000; i++) deep.field(12, 9);
    expect(() => decodeJaegerThriftBatch(deep.bytes())).toThrow(/nesting deeper than 64/);
  });

  it('proto: arbitrary bytes and mutated valid requests give a result or a DecodeError, quickly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => totalDecode(decodeJaegerProtoBatch, bytes)), { numRuns: 500 });
    const valid = jaegerApiV2.PostSpansRequest.encode({
      batch: {
        process: { serviceName: 'svc', tags: [{ key: 'k', vStr: 'v' }] },
        spans: [{ traceId: new Uint8Array(16).fill(1), spanId: new Uint8Array(8).fill(2), operationName: 'op', tags: [{ key: 'n', vType: 2, vInt64: 5 }], logs: [{ fields: [{ key: 'event', vStr: 'e' }] }] }],
      },
    }).finish();
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => totalDecode(decodeJaegerProtoBatch, mutate(valid, mutations))), { numRuns: 1000 });
  });
});
