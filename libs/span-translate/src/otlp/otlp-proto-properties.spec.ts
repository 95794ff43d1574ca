import fc from 'fast-check';
import { otlp } from '@waymark/idl';
import type { Span } from '@waymark/span-model';
import { spanBatchArb } from '@waymark/storage-testing';
import { DecodeError } from '../decode-result';
import { groupByResourceAndScope } from './group-spans';
import { decodeOtlpProto } from './otlp-proto-decode';
import { encodeOtlpProto } from './otlp-proto-encode';

const { ExportTraceServiceRequest } = otlp.collector.trace.v1;

/** The order the encoder writes spans in: grouped by resource, then scope, as first seen. */
const grouped = (spans: readonly Span[]): Span[] => [...groupByResourceAndScope(spans).values()].flatMap((scopes) => [...scopes.values()].flat());

/** Which spans share a resource object, and which a (resource, scope) pair, as group numbers. */
function sharing(spans: readonly Span[]): string {
  const numbering = <K>() => {
    const ids = new Map<K, number>();
    return (key: K): number => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1);
  };
  const resourceId = numbering<object>();
  const scopeId = numbering<object>();
  const pairId = numbering<string>();
  return spans.map((span) => `${resourceId(span.resource)}:${pairId(`${resourceId(span.resource)}/${scopeId(span.scope)}`)}`).join(',');
}

/** Decoding must give a result or a DecodeError, and never take long. */
function decodesOrRefuses(bytes: Uint8Array): void {
  const started = performance.now();
  try {
    const result = decodeOtlpProto(bytes);
    expect(result.spans.length + result.rejected).toBeLessThanOrEqual(bytes.length);
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
  }
  expect(performance.now() - started).toBeLessThan(250);
}

describe('OTLP protobuf properties', () => {
  it('model → protobuf → model preserves every field, warnings included', () => {
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const result = decodeOtlpProto(encodeOtlpProto(spans));
        expect(result.rejected).toBe(0);
        expect(result.spans).toEqual(grouped(spans));
      }),
      { numRuns: 300 },
    );
  });

  // OTLP nests scopes in resources, so a scope object shared across resources comes back as one
  // scope object per resource: what survives is sharing within a resource.
  it('keeps which spans share a resource, and a scope within it', () => {
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const decoded = decodeOtlpProto(encodeOtlpProto(spans)).spans;
        const expected = grouped(spans);
        expect(sharing(decoded)).toBe(sharing(expected));
      }),
      { numRuns: 100 },
    );
  });

  it('writes protobuf that protobufjs reads, and reads what protobufjs writes back', () => {
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const bytes = encodeOtlpProto(spans);
        const message = ExportTraceServiceRequest.decode(bytes);
        const names = message.resourceSpans.flatMap((rs) => (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((s) => s.name)));
        expect(names).toEqual(grouped(spans).map((s) => s.name));
        const rewritten = ExportTraceServiceRequest.encode(message).finish();
        expect(decodeOtlpProto(rewritten).spans).toEqual(grouped(spans));
      }),
      { numRuns: 100 },
    );
  });

  it('turns arbitrary bytes into a result or a DecodeError, quickly', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), decodesOrRefuses), { numRuns: 2000 });
  });

  it('turns bit flips, truncations, insertions and deletions of valid requests into a result or a DecodeError', () => {
    const mutated = fc
      .tuple(spanBatchArb.filter((spans) => spans.length > 0), fc.array(fc.tuple(fc.nat(), fc.nat(7), fc.constantFrom('flip', 'truncate', 'insert', 'delete')), { minLength: 1, maxLength: 4 }))
      .map(([spans, edits]) => {
        let bytes = Array.from(encodeOtlpProto(spans));
        for (const [at, bit, edit] of edits) {
          const i = at % bytes.length;
          if (edit === 'flip') bytes[i] = (bytes[i] as number) ^ (1 << bit);
          else if (edit === 'truncate') bytes = bytes.slice(0, i);
          else if (edit === 'insert') bytes.splice(i, 0, (at >> 3) & 0xff);
          else bytes.splice(i, 1);
          if (bytes.length === 0) break;
        }
        return Uint8Array.from(bytes);
      });
    fc.assert(fc.property(mutated, decodesOrRefuses), { numRuns: 1000 });
  });
});
