import type { Attribute, Span, SpanEvent, SpanLink } from '@waymark/span-model';
import { makeSpan } from '@waymark/storage-testing';
import { createTruncateSanitizer, OTEL_SPAN_LIMITS } from './truncate-sanitizer';

const attrs = (n: number): Attribute[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: { type: 'int', value: BigInt(i) } }));
const event = (n: number): SpanEvent => ({ timeUnixNano: 1n, name: 'e', attributes: attrs(n), droppedAttributesCount: 1 });

describe('createTruncateSanitizer', () => {
  it('returns spans within the limits unchanged', () => {
    const span = makeSpan({ attributes: { a: 'x' } });
    expect(createTruncateSanitizer(OTEL_SPAN_LIMITS)(span)).toBe(span);
  });

  it('keeps the first N attributes, events and links and adds the rest to the dropped counts', () => {
    const base = makeSpan();
    const link: SpanLink = { traceId: base.traceId, spanId: base.spanId, traceState: '', attributes: attrs(3), droppedAttributesCount: 0, flags: 0 };
    const span: Span = { ...base, attributes: attrs(5), droppedAttributesCount: 2, events: [event(4), event(0), event(0)], links: [link, link] };
    const out = createTruncateSanitizer({ maxAttributes: 3, maxEvents: 2, maxLinks: 1, maxAttributesPerEvent: 1, maxAttributesPerLink: 2 })(span);
    expect(out.attributes.map((a) => a.key)).toEqual(['k0', 'k1', 'k2']);
    expect([out.droppedAttributesCount, out.events.length, out.droppedEventsCount, out.links.length, out.droppedLinksCount]).toEqual([4, 2, 1, 1, 1]);
    expect([out.events[0]?.attributes.length, out.events[0]?.droppedAttributesCount]).toEqual([1, 4]);
    expect([out.links[0]?.attributes.length, out.links[0]?.droppedAttributesCount]).toEqual([2, 1]);
    expect(out.warnings).toEqual(['truncated: 6 attribute(s) over the limit; 1 event(s) over 2; 1 link(s) over 1']);
  });

  it('cuts long strings (never inside a surrogate pair), bytes and nested values', () => {
    const span: Span = {
      ...makeSpan(),
      attributes: [
        { key: 's', value: { type: 'string', value: 'abc🚀' } },
        { key: 'e', value: { type: 'string', value: 'ab🚀' } },
        { key: 'b', value: { type: 'bytes', value: Uint8Array.of(1, 2, 3, 4, 5) } },
        { key: 'a', value: { type: 'array', value: [{ type: 'string', value: 'abcdef' }] } },
        { key: 'short', value: { type: 'string', value: 'ab' } },
      ],
    };
    const out = createTruncateSanitizer({ maxAttributeValueLength: 3 })(span);
    expect(out.attributes.map((a) => a.value)).toEqual([
      { type: 'string', value: 'abc' },
      { type: 'string', value: 'ab' },
      { type: 'bytes', value: Uint8Array.of(1, 2, 3) },
      { type: 'array', value: [{ type: 'string', value: 'abc' }] },
      { type: 'string', value: 'ab' },
    ]);
    expect(out.droppedAttributesCount).toBe(0);
    expect(out.warnings).toEqual(['truncated: 4 value(s) cut to 3 characters']);
  });

  it('refuses limits that are not non-negative integers', () => {
    expect(() => createTruncateSanitizer({ maxEvents: -1 })).toThrow(RangeError);
    expect(() => createTruncateSanitizer({ maxLinks: 1.5 })).toThrow(RangeError);
  });
});
