import fc from 'fast-check';
import { makeSpan, spanArb, spanBatchArb } from '@waymark/storage-testing';
import type { Attribute, Span } from '@waymark/span-model';
import { microsOf } from '../jaeger-model/jaeger-time';
import { toJaegerSpan } from '../jaeger-model/jaeger-span';
import { toEsKeyValue } from './es-tag-value';
import { readSpanDocuments } from './read-span-documents';
import { spanToEsDocument } from './span-to-es-document';
import { JAEGER_TAGS_POLICY, WAYMARK_TAGS_POLICY } from './tags-policy';
import type { TagsAsFieldsPolicy } from './tags-policy';

/** Through JSON text, as Elasticsearch stores `_source` and the client parses it back. */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

function roundTrip(spans: readonly Span[], policy: TagsAsFieldsPolicy): Span[] {
  // No read options: a Waymark document says how it was written (dot replacement included).
  const result = readSpanDocuments(spans.map((span) => viaJson(spanToEsDocument(span, policy))));
  expect(result.rejected).toBe(0);
  return result.spans;
}

/** Every number in the document is one JSON can carry, so nothing turns into `null` on the way. */
function expectOnlyJsonNumbers(value: unknown): void {
  if (typeof value === 'number') expect(Number.isFinite(value) && !Object.is(value, -0)).toBe(true);
  else if (Array.isArray(value)) value.forEach(expectOnlyJsonNumbers);
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach(expectOnlyJsonNumbers);
}

describe('span → Elasticsearch document → span', () => {
  it.each([
    ['tags as fields (Waymark)', WAYMARK_TAGS_POLICY],
    ['nested tags (Jaeger default)', JAEGER_TAGS_POLICY],
    ['some tags as fields', { allAsFields: false, include: new Set(['http.method', 'error', 'span.kind', 'a.b.c']), dotReplacement: '#' }],
  ])('preserves every field of the model with %s', (_, policy) => {
    fc.assert(
      fc.property(spanArb(), (span) => {
        expect(roundTrip([span], policy)).toEqual([span]);
      }),
      { numRuns: 400 },
    );
  });

  it('preserves batches and shares equal resources and scopes between the spans read', () => {
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const read = roundTrip(spans, WAYMARK_TAGS_POLICY);
        expect(read).toEqual(spans);
        spans.forEach((a, i) =>
          spans.forEach((b, j) => {
            expect(read[i]?.resource === read[j]?.resource).toBe(a.resource === b.resource);
            expect(read[i]?.scope === read[j]?.scope).toBe(a.scope === b.scope);
          }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('writes only numbers JSON can carry (no NaN, Infinity or -0 turning into null or 0)', () => {
    fc.assert(
      fc.property(spanArb(), (span) => {
        expectOnlyJsonNumbers(spanToEsDocument(span));
        expectOnlyJsonNumbers(spanToEsDocument(span, JAEGER_TAGS_POLICY));
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: the same span gives the same JSON text', () => {
    fc.assert(
      fc.property(spanArb(), (span) => {
        expect(JSON.stringify(spanToEsDocument(span))).toBe(JSON.stringify(spanToEsDocument({ ...span })));
      }),
      { numRuns: 50 },
    );
  });

  it('keeps attributes that share a name with the tags Jaeger derives from other fields', () => {
    const str = (key: string, value: string): Attribute => ({ key, value: { type: 'string', value } });
    const span: Span = {
      ...makeSpan({ kind: 'unspecified' }),
      attributes: [str('span.kind', 'server'), str('otel.status_code', 'ERROR'), { key: 'error', value: { type: 'bool', value: true } }, str('w3c.tracestate', 'a=b'), str('otel.scope.name', 'x')],
      status: { code: 'ok', message: 'fine' },
      events: [
        { timeUnixNano: 1_700_000_000_000_000_123n, name: 'named', attributes: [str('event', 'an attribute')], droppedAttributesCount: 0 },
        { timeUnixNano: 1_700_000_000_000_000_000n, name: '', attributes: [str('event', 'only the attribute')], droppedAttributesCount: 3 },
      ],
    };
    for (const policy of [WAYMARK_TAGS_POLICY, JAEGER_TAGS_POLICY]) expect(roundTrip([span], policy)).toEqual([span]);
  });

  it("stays readable by Jaeger's conventions alone: ids, name, µs times, service and references", () => {
    fc.assert(
      fc.property(spanArb(), (span) => {
        const { waymark: _, ...jaegerOnly } = spanToEsDocument(span) as unknown as Record<string, unknown>;
        const [read] = readSpanDocuments([viaJson(jaegerOnly)]).spans;
        expect(read).toBeDefined();
        if (!read) return;
        expect([read.traceId, read.spanId, read.name, read.resource.serviceName]).toEqual([span.traceId, span.spanId, span.name, span.resource.serviceName]);
        expect(microsOf(read.startTimeUnixNano)).toBe(microsOf(span.startTimeUnixNano));
        expect(read.endTimeUnixNano - read.startTimeUnixNano).toBe(((span.endTimeUnixNano - span.startTimeUnixNano) / 1000n) * 1000n);
        expect(read.links.length + (read.parentSpanId ? 1 : 0)).toBe(span.links.length + (span.parentSpanId ? 1 : 0));
        expect(read.flags & 1).toBe(span.flags & 1);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the awkward values exactly, wherever they are', () => {
    const d = (value: number): Attribute['value'] => ({ type: 'double', value });
    const i = (value: bigint): Attribute['value'] => ({ type: 'int', value });
    const awkward: Attribute[] = [
      ['negzero', d(-0)], ['nan', d(NaN)], ['inf', d(Infinity)], ['-inf', d(-Infinity)], ['two', d(2)], ['tiny', d(5e-324)],
      ['above53', i(2n ** 53n + 1n)], ['min', i(-(2n ** 63n))], ['max', i(2n ** 63n - 1n)], ['safe', i(-(2n ** 53n) + 1n)],
      ['nobytes', { type: 'bytes', value: new Uint8Array() }], ['empty', { type: 'empty' }], ['', { type: 'string', value: '' }],
      ['nested', { type: 'array', value: [d(-0), d(NaN), i(2n ** 63n - 1n), { type: 'kvlist', value: [] }, { type: 'array', value: [] }] }],
    ].map(([key, value]) => ({ key, value }) as Attribute);
    const base = makeSpan({ service: 'svc' });
    const span: Span = {
      ...base,
      attributes: awkward,
      events: [{ timeUnixNano: 1_700_000_000_000_000_001n, name: 'e', attributes: awkward, droppedAttributesCount: 0 }],
      resource: { ...base.resource, attributes: [...awkward, ...base.resource.attributes] },
      scope: { ...base.scope, attributes: awkward },
    };
    for (const policy of [WAYMARK_TAGS_POLICY, JAEGER_TAGS_POLICY]) expect(roundTrip([span], policy)).toEqual([span]);
  });

  it("holds, with Jaeger's nested policy, exactly the tags, logs and process of the Jaeger span view", () => {
    fc.assert(
      fc.property(spanArb(), (span) => {
        const doc = spanToEsDocument(span, JAEGER_TAGS_POLICY);
        const view = toJaegerSpan(span);
        expect(doc.tags).toEqual(view.tags.map(toEsKeyValue));
        expect(doc.logs).toEqual(view.logs.map((log) => ({ timestamp: log.timestamp, fields: log.fields.map(toEsKeyValue) })));
        expect(doc.process).toEqual({ serviceName: view.process.serviceName, tags: view.process.tags.map(toEsKeyValue) });
        expect([doc.traceID, doc.spanID, doc.operationName, doc.startTime, doc.duration, doc.flags ?? 0]).toEqual([view.traceID, view.spanID, view.operationName, view.startTime, view.duration, view.flags]);
        expect(doc.references).toEqual(view.references);
      }),
      { numRuns: 200 },
    );
  });
});
