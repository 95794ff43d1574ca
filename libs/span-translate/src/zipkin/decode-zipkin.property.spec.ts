import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DecodeError } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { decodeZipkinV1Json } from './decode-zipkin-v1-json';
import { decodeZipkinV2Json } from './decode-zipkin-v2-json';
import { decodeZipkinV2Proto } from './decode-zipkin-v2-proto';

const FIXTURE: unknown[] = JSON.parse(readFileSync(join(__dirname, '../../test/fixtures/zipkin/zipkin-js-v2.json'), 'utf8'));
const MAX_MS = 250;

function total<T>(decode: (input: T) => DecodeResult, input: T): DecodeResult | undefined {
  const started = performance.now();
  try {
    return decode(input);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return undefined;
  } finally {
    expect(performance.now() - started).toBeLessThan(MAX_MS);
  }
}

/** A JSON value shaped like a span, each field either plausible or of an arbitrary type. */
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
const either = <T>(plausible: fc.Arbitrary<T>) => fc.oneof(plausible, fc.jsonValue({ maxDepth: 2 }));
const spanLike = fc.record(
  {
    traceId: either(fc.oneof(hex(16), hex(32), hex(20))),
    id: either(hex(16)),
    parentId: either(hex(16)),
    kind: either(fc.constantFrom('CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER', 'x')),
    name: either(fc.string()),
    timestamp: either(fc.nat()),
    duration: either(fc.nat()),
    localEndpoint: either(fc.record({ serviceName: either(fc.string()), ipv4: either(fc.string()), port: either(fc.nat({ max: 70000 })) }, { requiredKeys: [] })),
    remoteEndpoint: either(fc.record({ serviceName: either(fc.string()), ipv6: either(fc.string()) }, { requiredKeys: [] })),
    annotations: either(fc.array(fc.record({ timestamp: either(fc.nat()), value: either(fc.string()) }, { requiredKeys: [] }), { maxLength: 3 })),
    tags: either(fc.dictionary(fc.string({ maxLength: 20 }), either(fc.string()), { maxKeys: 4 })),
    debug: either(fc.boolean()),
    shared: either(fc.boolean()),
  },
  { requiredKeys: [] },
);

describe('Zipkin decoders are total', () => {
  it('JSON: any JSON value gives a result or a DecodeError, quickly', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void total(decodeZipkinV2Json, JSON.stringify(value) ?? 'null')), { numRuns: 500 });
  });

  it('JSON: lists of span-like objects with wrong field types give a result or a DecodeError', () => {
    fc.assert(
      fc.property(fc.array(spanLike, { maxLength: 4 }), (spans) => {
        const result = total(decodeZipkinV2Json, JSON.stringify(spans));
        if (result) expect(result.spans.length + result.rejected).toBe(spans.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('JSON: arbitrary text and bytes, and edits of the zipkin-js fixture, give a result or a DecodeError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void total(decodeZipkinV2Json, text)), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => void total(decodeZipkinV2Json, bytes)), { numRuns: 300 });
    const text = JSON.stringify(FIXTURE);
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 6 }), fc.string({ maxLength: 4 }), (at, remove, insert) => {
        const i = at % text.length;
        void total(decodeZipkinV2Json, text.slice(0, i) + insert + text.slice(i + remove));
      }),
      { numRuns: 500 },
    );
  });

  it('JSON: a large valid body decodes in linear time', () => {
    const body = JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ ...(FIXTURE[1] as object), id: (0x1000 + i).toString(16).padStart(16, '0') })));
    const started = performance.now();
    expect(decodeZipkinV2Json(body).spans).toHaveLength(5000);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('v1 JSON: any JSON value, and v1-shaped spans with wrong field types, give a result or a DecodeError', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void total(decodeZipkinV1Json, JSON.stringify(value) ?? 'null')), { numRuns: 300 });
    const annotation = fc.record({ timestamp: either(fc.nat()), value: either(fc.constantFrom('cs', 'cr', 'sr', 'ss', 'ms', 'mr', 'x')), endpoint: either(fc.record({ serviceName: either(fc.string()) })) }, { requiredKeys: [] });
    const binary = fc.record({ key: either(fc.constantFrom('ca', 'sa', 'ma', 'lc', 'k')), value: either(fc.oneof(fc.boolean(), fc.string())), type: either(fc.constantFrom('BOOL', 'STRING', 'I32')) }, { requiredKeys: [] });
    const v1Span = fc.record(
      { traceId: either(hex(16)), id: either(hex(16)), timestamp: either(fc.nat()), annotations: either(fc.array(annotation, { maxLength: 4 })), binaryAnnotations: either(fc.array(binary, { maxLength: 3 })) },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(fc.array(v1Span, { maxLength: 3 }), (spans) => void total(decodeZipkinV1Json, JSON.stringify(spans))), { numRuns: 500 });
  });

  it('proto: arbitrary bytes give a result or a DecodeError, quickly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => void total(decodeZipkinV2Proto, bytes)), { numRuns: 500 });
  });
});
