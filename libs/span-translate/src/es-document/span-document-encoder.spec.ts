import fc from 'fast-check';
import { makeSpan, spanArb, spanBatchArb } from '@waymark/storage-testing';
import type { Attribute, Span } from '@waymark/span-model';
import { canonicalSpanJson, spanDocumentId } from './document-ids';
import { fnv1a64Hex } from './fnv1a64';
import { SpanDocumentEncoder } from './span-document-encoder';
import { spanToEsDocument } from './span-to-es-document';
import { JAEGER_TAGS_POLICY, WAYMARK_TAGS_POLICY } from './tags-policy';
import type { TagsAsFieldsPolicy } from './tags-policy';

const POLICIES: Array<[string, TagsAsFieldsPolicy]> = [
  ['tags as fields (Waymark)', WAYMARK_TAGS_POLICY],
  ['nested tags (Jaeger default)', JAEGER_TAGS_POLICY],
  ['some tags as fields, dot replacement #', { allAsFields: false, include: new Set(['http.method', 'error', 'span.kind', 'a.b.c', 'otel.scope.name']), dotReplacement: '#' }],
  ['all as fields, non-ASCII dot replacement', { allAsFields: true, include: new Set(), dotReplacement: '·' }],
];

/** Text with what JSON escapes or UTF-8 widens: quotes, controls, non-ASCII, pairs and lone surrogates, dots. */
const awkwardText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('a', 'b', '.', '@', '#', '·', ' ', '1'),
    fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '€', '😀', '\ud800', '\udc00'),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  ),
  maxLength: 12,
});

const awkwardAttributes = fc.array(
  fc.record({
    key: fc.oneof(awkwardText, fc.constantFrom('span.kind', 'error', 'event', 'otel.scope.name', '__proto__', '42', ' ', '')),
    value: fc.oneof(
      awkwardText.map((value) => ({ type: 'string', value }) as const),
      fc.constantFrom<Attribute['value']>({ type: 'int', value: 2n ** 60n }, { type: 'double', value: -0 }, { type: 'double', value: 1e300 }, { type: 'bool', value: false }, { type: 'empty' }),
      fc.array(awkwardText, { maxLength: 2 }).map((list) => ({ type: 'array', value: list.map((value) => ({ type: 'string', value }) as const) }) as const),
    ),
  }),
  { maxLength: 5 },
);

/**
 * Spans whose every string is awkward, with duplicate keys (OTLP forbids them, a buggy client
 * sends them) and keys shared with derived tags, one resource and scope per span.
 */
const awkwardSpanArb: fc.Arbitrary<Span> = fc
  .record({ span: spanArb(), name: awkwardText, service: awkwardText, attributes: awkwardAttributes, resourceAttributes: awkwardAttributes, words: fc.array(awkwardText, { maxLength: 3 }) })
  .map(({ span, name, service, attributes, resourceAttributes, words }) => ({
    ...span,
    name,
    attributes: [...attributes, ...span.attributes, ...attributes.slice(0, 1)],
    events: span.events.map((event, i) => ({ ...event, name: words[i] ?? event.name, attributes: [...event.attributes, ...attributes] })),
    status: { ...span.status, message: words[0] ?? span.status.message },
    resource: { ...span.resource, serviceName: service, attributes: [{ key: 'service.name', value: { type: 'string', value: service } }, ...resourceAttributes] },
    scope: { ...span.scope, name: words[1] ?? span.scope.name },
    warnings: words,
  }));

function expectEncodedAsBefore(encoder: SpanDocumentEncoder, span: Span, policy: TagsAsFieldsPolicy): void {
  const encoded = encoder.encode(span);
  expect(encoded.json).toBe(JSON.stringify(spanToEsDocument(span, policy)));
  expect(encoded.bytes).toBe(Buffer.byteLength(encoded.json));
  expect(encoded.id).toBe(`${span.traceId}-${span.spanId}-${fnv1a64Hex(canonicalSpanJson(span))}`);
  expect(encoder.documentId(span)).toBe(encoded.id);
}

describe('span document encoder', () => {
  it.each(POLICIES)('writes byte for byte the JSON of spanToEsDocument and the spanDocumentId, with %s', (_, policy) => {
    fc.assert(
      fc.property(spanArb(), (span) => expectEncodedAsBefore(new SpanDocumentEncoder(policy), span, policy)),
      { numRuns: 200 },
    );
  });

  it.each(POLICIES)('does so for awkward text, duplicate keys and derived-tag names, with %s', (_, policy) => {
    fc.assert(
      fc.property(awkwardSpanArb, (span) => expectEncodedAsBefore(new SpanDocumentEncoder(policy), span, policy)),
      { numRuns: 200 },
    );
  });

  it('does so for a whole batch through one encoder, sharing resources and scopes', () => {
    fc.assert(
      fc.property(spanBatchArb, fc.constantFrom(...POLICIES), (spans, [, policy]) => {
        const encoder = new SpanDocumentEncoder(policy);
        // Twice: what the encoder remembers from the first pass must not change the second.
        for (const span of [...spans, ...spans]) expectEncodedAsBefore(encoder, span, policy);
      }),
      { numRuns: 100 },
    );
  });

  it('writes and counts ids that are not hex too (the model never makes them; the text must stay right)', () => {
    const base = makeSpan({ startMs: 1_700_000_000_000 });
    const odd = { ...base, traceId: 'trace-é"😀' as Span['traceId'], parentSpanId: 'parent-€' as Span['spanId'], spanId: 'span-\u0001' as Span['spanId'] };
    expectEncodedAsBefore(new SpanDocumentEncoder(), odd, WAYMARK_TAGS_POLICY);
  });

  it('gives the ids spanDocumentId gives', () => {
    const span = makeSpan({ service: 'frontend', name: 'GET /x', startMs: 1_700_000_000_000 });
    expect(new SpanDocumentEncoder().encode(span).id).toBe(spanDocumentId(span));
  });

  it('refuses an unusable policy when made', () => {
    expect(() => new SpanDocumentEncoder({ allAsFields: true, include: new Set(), dotReplacement: 'a.b' })).toThrow(RangeError);
  });
});
