import fc from 'fast-check';
import type { Span } from '@waymark/span-model';
import { spanBatchArb } from '@waymark/storage-testing';
import { DecodeError } from '../decode-result';
import { groupByResourceAndScope } from './group-spans';
import { decodeOtlpJson, decodeOtlpJsonValue } from './otlp-json-decode';
import { encodeOtlpJson, toOtlpJsonValue } from './otlp-json-encode';
import { decodeOtlpProto } from './otlp-proto-decode';
import { encodeOtlpProto } from './otlp-proto-encode';

const grouped = (spans: readonly Span[]): Span[] => [...groupByResourceAndScope(spans).values()].flatMap((scopes) => [...scopes.values()].flat());

function decodesOrRefuses(decode: () => unknown): void {
  const started = performance.now();
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
  }
  expect(performance.now() - started).toBeLessThan(250);
}

/** Every object and array inside a JSON value, with a way to replace one of its members. */
function containers(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (value !== null && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const member of Object.values(value)) containers(member, out);
  }
  return out;
}

describe('OTLP/JSON properties', () => {
  it('model → OTLP/JSON → model preserves every field, warnings included', () => {
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const result = decodeOtlpJson(encodeOtlpJson(spans));
        expect(result.rejected).toBe(0);
        expect(result.spans).toEqual(grouped(spans));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same spans as the protobuf path, and the value form decodes like the text', () => {
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const viaJson = decodeOtlpJsonValue(JSON.parse(encodeOtlpJson(spans)) as unknown).spans;
        expect(decodeOtlpProto(encodeOtlpProto(spans)).spans).toEqual(decodeOtlpJson(JSON.stringify(toOtlpJsonValue(spans))).spans);
        // The value form sees JSON numbers only for small integers and doubles, which round-trip.
        expect(viaJson).toEqual(grouped(spans));
      }),
      { numRuns: 100 },
    );
  });

  it('writes 64-bit integers as strings and ids as lowercase hex', () => {
    fc.assert(
      fc.property(spanBatchArb.filter((spans) => spans.length > 0), (spans) => {
        const json = toOtlpJsonValue(spans);
        const first = json.resourceSpans[0]?.scopeSpans[0]?.spans[0];
        expect(first?.startTimeUnixNano).toMatch(/^[0-9]+$/);
        expect(first?.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(first?.spanId).toMatch(/^[0-9a-f]{16}$/);
      }),
      { numRuns: 50 },
    );
  });

  it('turns arbitrary JSON values and text into a result or a DecodeError, quickly', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => decodesOrRefuses(() => decodeOtlpJsonValue(value))), { numRuns: 1000 });
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => decodesOrRefuses(() => decodeOtlpJson(text))), { numRuns: 1000 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => decodesOrRefuses(() => decodeOtlpJson(bytes))), { numRuns: 500 });
  });

  it('turns valid requests with members replaced by arbitrary JSON into a result or a DecodeError', () => {
    const mutated = fc.tuple(spanBatchArb.filter((s) => s.length > 0), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 2 })), { minLength: 1, maxLength: 3 })).map(([spans, edits]) => {
      const value = JSON.parse(encodeOtlpJson(spans)) as unknown;
      for (const [which, member, replacement] of edits) {
        const all = containers(value);
        const target = all[which % all.length] as Record<string, unknown>;
        const keys = Object.keys(target);
        if (keys.length > 0) target[keys[member % keys.length] as string] = replacement;
      }
      return JSON.stringify(value);
    });
    fc.assert(fc.property(mutated, (text) => decodesOrRefuses(() => decodeOtlpJson(text))), { numRuns: 1000 });
  });

  it('turns character edits of valid request text into a result or a DecodeError', () => {
    const edited = fc.tuple(spanBatchArb.filter((s) => s.length > 0), fc.nat(), fc.nat(), fc.string({ maxLength: 3 })).map(([spans, at, length, insert]) => {
      const text = encodeOtlpJson(spans);
      const i = at % text.length;
      return text.slice(0, i) + insert + text.slice(i + (length % 4));
    });
    fc.assert(fc.property(edited, (text) => decodesOrRefuses(() => decodeOtlpJson(text))), { numRuns: 1000 });
  });
});
