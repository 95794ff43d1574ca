import fc from 'fast-check';
import { spanIdToBytes, traceIdToBytes } from '@waymark/span-model';
import type { Attribute, AttributeValue, Span, SpanEvent, SpanId, SpanKind, SpanStatus, TraceId } from '@waymark/span-model';
import { spanIdArb, traceIdArb } from '@waymark/storage-testing';
import { encodeJaegerBatch } from '../../test/fixtures/jaeger/encode-jaeger-batch';
import type { ThriftSpan, ThriftTag } from '../../test/fixtures/jaeger/encode-jaeger-batch';
import { decodeJaegerThriftBatch } from './decode-jaeger-thrift';

/**
 * decode(encode(x)) = x for the Jaeger-representable subset of the model: scalar attributes,
 * microsecond times, sampled flag only, links as FOLLOWS_FROM references, OTel's reserved tags for
 * kind, status, scope, tracestate and dropped counts (written as OTCC's model → Jaeger does).
 */
const RESERVED = /^(span\.kind|error|event|otel\..*|w3c\.tracestate|http\.status_(code|message)|hostname|host\.name|jaeger\.version|opencensus\..*|service\.name)$/;
const keyArb = fc.string({ minLength: 1, maxLength: 10 }).filter((key) => !RESERVED.test(key));
const valueArb: fc.Arbitrary<AttributeValue> = fc.oneof(
  fc.string({ maxLength: 12 }).map((value) => ({ type: 'string', value }) as const),
  fc.boolean().map((value) => ({ type: 'bool', value }) as const),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((value) => ({ type: 'int', value }) as const),
  fc.double().map((value) => ({ type: 'double', value }) as const),
  fc.uint8Array({ maxLength: 8 }).map((value) => ({ type: 'bytes', value }) as const),
);
const attributesArb = fc.uniqueArray(fc.record({ key: keyArb, value: valueArb }), { maxLength: 4, selector: (a) => a.key });
const microsArb = fc.bigInt({ min: 0n, max: 4_000_000_000_000_000n });

const toTag = ({ key, value }: Attribute): ThriftTag => {
  switch (value.type) {
    case 'string':
      return { key, vType: 0, vStr: value.value };
    case 'double':
      return { key, vType: 1, vDouble: value.value };
    case 'bool':
      return { key, vType: 2, vBool: value.value };
    case 'int':
      return { key, vType: 3, vLong: value.value };
    case 'bytes':
      return { key, vType: 4, vBinary: value.value };
    default:
      throw new Error(`not representable: ${value.type}`);
  }
};
const str = (key: string, vStr: string): ThriftTag => ({ key, vType: 0, vStr });
const i64 = (hex: string): bigint => BigInt.asIntN(64, BigInt(`0x${hex}`));
const idHex = (id: TraceId | SpanId) => Buffer.from(id.length === 32 ? traceIdToBytes(id as TraceId) : spanIdToBytes(id as SpanId)).toString('hex');

const statusArb: fc.Arbitrary<SpanStatus> = fc.oneof(
  fc.constant({ code: 'unset', message: '' } as const),
  fc.string({ maxLength: 8 }).map((message) => ({ code: 'ok', message }) as const),
  fc.string({ maxLength: 8 }).map((message) => ({ code: 'error', message }) as const),
);
const statusTags = (status: SpanStatus): ThriftTag[] => {
  const description = status.message === '' ? [] : [str('otel.status_description', status.message)];
  if (status.code === 'ok') return [str('otel.status_code', 'OK'), ...description];
  if (status.code === 'error') return [str('otel.status_code', 'ERROR'), { key: 'error', vType: 2, vBool: true }, ...description];
  return [];
};

const caseArb = fc.record({
  traceId: traceIdArb,
  spanId: spanIdArb,
  parentSpanId: fc.option(spanIdArb, { nil: undefined }),
  name: fc.string({ maxLength: 12 }),
  kind: fc.constantFrom<SpanKind>('unspecified', 'internal', 'server', 'client', 'producer', 'consumer'),
  sampled: fc.boolean(),
  startMicros: microsArb,
  durationMicros: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  attributes: attributesArb,
  status: statusArb,
  scope: fc.option(fc.record({ name: fc.string({ minLength: 1, maxLength: 6 }), version: fc.string({ maxLength: 4 }) }), { nil: undefined }),
  traceState: fc.constantFrom('', 'rojo=00f067aa0ba902b7'),
  dropped: fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 }), fc.nat({ max: 9 })),
  events: fc.array(fc.record({ micros: microsArb, name: fc.string({ maxLength: 6 }), attributes: attributesArb }), { maxLength: 3 }),
  links: fc.array(fc.record({ traceId: traceIdArb, spanId: spanIdArb }), { maxLength: 3 }),
  service: fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s !== 'OTLPResourceNoServiceName'),
  processTags: attributesArb,
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function toThrift(c: Case): ThriftSpan {
  const trace = idHex(c.traceId);
  const tags: ThriftTag[] = [
    ...c.attributes.map(toTag),
    ...(c.kind === 'unspecified' ? [] : [str('span.kind', c.kind)]),
    ...statusTags(c.status),
    ...(c.scope ? [str('otel.scope.name', c.scope.name), str('otel.scope.version', c.scope.version)] : []),
    ...(c.traceState ? [str('w3c.tracestate', c.traceState)] : []),
    ...(['attributes', 'events', 'links'] as const).flatMap((what, i) => (c.dropped[i] ? [{ key: `otel.dropped_${what}_count`, vType: 3, vLong: BigInt(c.dropped[i] ?? 0) } as ThriftTag] : [])),
  ];
  return {
    traceIdHigh: i64(trace.slice(0, 16)),
    traceIdLow: i64(trace.slice(16)),
    spanId: i64(idHex(c.spanId)),
    parentSpanId: c.parentSpanId ? i64(idHex(c.parentSpanId)) : 0n,
    operationName: c.name,
    references: c.links.map((l) => ({ refType: 1, traceIdHigh: i64(idHex(l.traceId).slice(0, 16)), traceIdLow: i64(idHex(l.traceId).slice(16)), spanId: i64(idHex(l.spanId)) })),
    flags: c.sampled ? 1 : 0,
    startTime: c.startMicros,
    duration: c.durationMicros,
    tags,
    logs: c.events.map((e) => ({ timestamp: e.micros, fields: [...(e.name ? [str('event', e.name)] : []), ...e.attributes.map(toTag)] })),
  };
}

describe('Jaeger Thrift round trip', () => {
  it('decode(encode(span)) gives back every representable field', () => {
    fc.assert(
      fc.property(
        // A FOLLOWS_FROM reference into the span's own trace would become its parent when it has none (Jaeger's rule).
        caseArb.filter((c) => c.parentSpanId !== undefined || c.links.every((l) => l.traceId !== c.traceId)),
        (c) => {
          const result = decodeJaegerThriftBatch(encodeJaegerBatch({ process: { serviceName: c.service, tags: c.processTags.map(toTag) }, spans: [toThrift(c)] }));
          expect(result.rejected).toBe(0);
          const span = result.spans[0] as Span;
          const events: SpanEvent[] = c.events.map((e) => ({ timeUnixNano: e.micros * 1000n, name: e.name, attributes: e.attributes, droppedAttributesCount: 0 }));
          expect(span).toEqual({
            traceId: c.traceId,
            spanId: c.spanId,
            parentSpanId: c.parentSpanId,
            traceState: c.traceState,
            flags: c.sampled ? 1 : 0,
            name: c.name,
            kind: c.kind,
            startTimeUnixNano: c.startMicros * 1000n,
            endTimeUnixNano: (c.startMicros + c.durationMicros) * 1000n,
            attributes: c.attributes,
            droppedAttributesCount: c.dropped[0],
            events,
            droppedEventsCount: c.dropped[1],
            links: c.links.map((l) => ({ ...l, traceState: '', attributes: [{ key: 'opentracing.ref_type', value: { type: 'string', value: 'follows_from' } }], droppedAttributesCount: 0, flags: 0 })),
            droppedLinksCount: c.dropped[2],
            status: c.status,
            resource: { serviceName: c.service, attributes: [{ key: 'service.name', value: { type: 'string', value: c.service } }, ...c.processTags], droppedAttributesCount: 0, schemaUrl: '' },
            scope: { name: c.scope?.name ?? '', version: c.scope?.version ?? '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
            warnings: [],
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
