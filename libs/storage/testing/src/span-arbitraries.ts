import fc from 'fast-check';
import { spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import type { Attribute, AttributeValue, InstrumentationScope, Resource, Span, SpanEvent, SpanId, SpanLink, TraceId } from '@waymark/span-model';
import { SPAN_KINDS, STATUS_CODES } from '@waymark/span-model';

/**
 * fast-check generators for every field of the span model, for round-trip property tests of
 * translators and storage adapters. Values cover the awkward cases: int64 beyond 2^53, NaN and
 * infinities, empty strings, unicode, nested arrays and maps, bytes.
 */
const nonZeroHex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length }).filter((hex) => !/^0+$/.test(hex));

export const traceIdArb: fc.Arbitrary<TraceId> = nonZeroHex(32).map((hex) => traceIdFromHex(hex) as TraceId);
export const spanIdArb: fc.Arbitrary<SpanId> = nonZeroHex(16).map((hex) => spanIdFromHex(hex) as SpanId);

const keyArb = fc.oneof(fc.constantFrom('http.method', 'db.system', 'peer.service', 'error', 'a.b.c'), fc.string({ minLength: 1, maxLength: 12 }));
const textArb = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 8 }));
const int64Arb = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const uint64NanosArb = fc.bigInt({ min: 1_000_000_000_000_000n, max: 2_000_000_000_000_000_000n });
const countArb = fc.nat({ max: 1000 });

const scalarValueArb: fc.Arbitrary<AttributeValue> = fc.oneof(
  textArb.map((value) => ({ type: 'string', value }) as const),
  fc.boolean().map((value) => ({ type: 'bool', value }) as const),
  int64Arb.map((value) => ({ type: 'int', value }) as const),
  fc.double().map((value) => ({ type: 'double', value }) as const),
  fc.uint8Array({ maxLength: 12 }).map((value) => ({ type: 'bytes', value }) as const),
);

export const attributeValueArb: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarValueArb,
    fc.array(tie('value'), { maxLength: 3 }).map((value) => ({ type: 'array', value }) as const),
    fc.array(fc.record({ key: keyArb, value: tie('value') }), { maxLength: 3 }).map((value) => ({ type: 'kvlist', value }) as const),
  ),
})).value;

/** Attributes with distinct keys (OTLP requires unique keys; duplicates are undefined behaviour). */
export const attributesArb = (options: { maxLength?: number; scalarOnly?: boolean } = {}): fc.Arbitrary<Attribute[]> =>
  fc.uniqueArray(fc.record({ key: keyArb, value: options.scalarOnly ? scalarValueArb : attributeValueArb }), {
    maxLength: options.maxLength ?? 5,
    selector: (attribute) => attribute.key,
  });

export const resourceArb: fc.Arbitrary<Resource> = fc
  .record({ serviceName: fc.oneof(fc.constantFrom('frontend', 'checkout', 'redis'), textArb), extra: attributesArb(), droppedAttributesCount: countArb, schemaUrl: fc.oneof(fc.constant(''), fc.webUrl()) })
  .map(({ serviceName, extra, droppedAttributesCount, schemaUrl }) => ({
    serviceName,
    attributes: [{ key: 'service.name', value: { type: 'string', value: serviceName } }, ...extra.filter((a) => a.key !== 'service.name')],
    droppedAttributesCount,
    schemaUrl,
  }));

export const scopeArb: fc.Arbitrary<InstrumentationScope> = fc.record({
  name: textArb,
  version: textArb,
  attributes: attributesArb({ maxLength: 2 }),
  droppedAttributesCount: countArb,
  schemaUrl: fc.oneof(fc.constant(''), fc.webUrl()),
});

const eventArb: fc.Arbitrary<SpanEvent> = fc.record({ timeUnixNano: uint64NanosArb, name: textArb, attributes: attributesArb({ maxLength: 3 }), droppedAttributesCount: countArb });

const linkArb: fc.Arbitrary<SpanLink> = fc.record({
  traceId: traceIdArb,
  spanId: spanIdArb,
  traceState: fc.oneof(fc.constant(''), fc.constant('rojo=00f067aa0ba902b7')),
  attributes: attributesArb({ maxLength: 2 }),
  droppedAttributesCount: countArb,
  flags: fc.nat({ max: 0x3ff }),
});

/** A span with every field generated; its resource and scope are given or generated. */
export const spanArb = (context?: { resource?: Resource; scope?: InstrumentationScope; traceId?: TraceId }): fc.Arbitrary<Span> =>
  fc
    .record({
      traceId: context?.traceId ? fc.constant(context.traceId) : traceIdArb,
      spanId: spanIdArb,
      parentSpanId: fc.option(spanIdArb, { nil: undefined }),
      traceState: fc.oneof(fc.constant(''), fc.constant('congo=t61rcWkgMzE')),
      flags: fc.nat({ max: 0x3ff }),
      name: textArb,
      kind: fc.constantFrom(...SPAN_KINDS),
      startTimeUnixNano: uint64NanosArb,
      durationNanos: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      attributes: attributesArb(),
      droppedAttributesCount: countArb,
      events: fc.array(eventArb, { maxLength: 3 }),
      droppedEventsCount: countArb,
      links: fc.array(linkArb, { maxLength: 2 }),
      droppedLinksCount: countArb,
      status: fc.record({ code: fc.constantFrom(...STATUS_CODES), message: textArb }),
      resource: context?.resource ? fc.constant(context.resource) : resourceArb,
      scope: context?.scope ? fc.constant(context.scope) : scopeArb,
      warnings: fc.array(textArb, { maxLength: 2 }),
    })
    .map(({ durationNanos, ...span }) => ({ ...span, endTimeUnixNano: span.startTimeUnixNano + durationNanos }));

/** Several spans sharing resources and scopes, as one export request carries them. */
export const spanBatchArb: fc.Arbitrary<Span[]> = fc
  .tuple(fc.array(resourceArb, { minLength: 1, maxLength: 3 }), fc.array(scopeArb, { minLength: 1, maxLength: 2 }))
  .chain(([resources, scopes]) =>
    fc.array(
      fc.tuple(fc.constantFrom(...resources), fc.constantFrom(...scopes)).chain(([resource, scope]) => spanArb({ resource, scope })),
      { maxLength: 8 },
    ),
  );
