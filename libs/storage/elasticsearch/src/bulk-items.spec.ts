import fc from 'fast-check';
import type { Span } from '@waymark/span-model';
import { makeSpan, spanBatchArb } from '@waymark/storage-testing';
import { JAEGER_TAGS_POLICY, serviceDocumentId, spanDocumentId, spanToEsDocument, WAYMARK_TAGS_POLICY } from '@waymark/span-translate';
import { bulkBodyOf, bulkItemsOf, chunkItems, encodeItems } from './bulk-items';
import type { BulkItem, TextItem } from './bulk-items';

const DAY1 = Date.UTC(2025, 2, 1, 10);
const DAY2 = Date.UTC(2025, 2, 2, 10);
const lines = (body: Buffer) => body.toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
const text = (item: BulkItem | undefined) => item?.body.toString('utf8') ?? '';

describe('bulk items', () => {
  it('creates each span in the span index of its start day, under its deterministic id', () => {
    const span = makeSpan({ service: 'cart', name: 'GET /cart', startMs: DAY1 });
    const { items } = bulkItemsOf([span], 'p-', WAYMARK_TAGS_POLICY, () => false);
    const spanItem = items[0] as BulkItem;
    expect(spanItem.kind).toBe('span');
    const [action, document] = lines(spanItem.body);
    expect(action).toEqual({ create: { _index: 'p-jaeger-span-2025-03-01', _id: spanDocumentId(span) } });
    expect(document).toMatchObject({ spanID: span.spanId, operationName: 'GET /cart', process: { serviceName: 'cart' } });
    expect(spanItem.bytes).toBe(Buffer.byteLength(text(spanItem)));
  });

  it('writes each span line as the JSON of its action and of spanToEsDocument, and counts its UTF-8 bytes', () => {
    fc.assert(
      fc.property(spanBatchArb, fc.constantFrom(WAYMARK_TAGS_POLICY, JAEGER_TAGS_POLICY), (spans, policy) => {
        const { items, unwritable } = bulkItemsOf(spans, 'p-é-', policy, () => false);
        expect(unwritable).toEqual([]);
        const spanItems = items.filter((item) => item.kind === 'span');
        expect(spanItems.map(text)).toEqual(
          spans.map((span) => {
            const day = new Date(Number(span.startTimeUnixNano / 1_000_000n)).toISOString().slice(0, 10);
            return `${JSON.stringify({ create: { _index: `p-é-jaeger-span-${day}`, _id: spanDocumentId(span) } })}\n${JSON.stringify(spanToEsDocument(span, policy))}\n`;
          }),
        );
        for (const item of items) expect(item.bytes).toBe(Buffer.byteLength(text(item)));
      }),
      { numRuns: 100 },
    );
  });

  it('counts the bytes of an id that needs escaping (the model never makes one; the count must stay right)', () => {
    const span = { ...makeSpan({ startMs: DAY1 }), spanId: 'é"' as Span['spanId'] };
    const [spanItem] = bulkItemsOf([span], '', WAYMARK_TAGS_POLICY, () => false).items;
    expect(lines((spanItem as BulkItem).body)[0]).toEqual({ create: { _index: 'jaeger-span-2025-03-01', _id: spanDocumentId(span) } });
    expect(spanItem?.bytes).toBe(Buffer.byteLength(text(spanItem)));
  });

  it('writes one service document for two pairs that Jaeger gives the same id', () => {
    // Jaeger hashes service and operation run together: ("ab", "c") and ("a", "bc") share an id.
    const spans = [makeSpan({ service: 'ab', name: 'c', startMs: DAY1 }), makeSpan({ service: 'a', name: 'bc', startMs: DAY1 }), makeSpan({ service: 'ab', name: 'c', startMs: DAY1 })];
    const { items } = bulkItemsOf(spans, 'p-', WAYMARK_TAGS_POLICY, () => false);
    expect(items.filter((item) => item.kind === 'service').map((item) => lines(item.body)[1])).toEqual([{ serviceName: 'ab', operationName: 'c' }]);
  });

  it('adds one service document per service, operation and day, unless already known', () => {
    const spans = [
      makeSpan({ service: 'cart', name: 'a', startMs: DAY1 }),
      makeSpan({ service: 'cart', name: 'a', startMs: DAY1 + 1 }),
      makeSpan({ service: 'cart', name: 'a', startMs: DAY2 }),
      makeSpan({ service: 'cart', name: 'b', startMs: DAY1 }),
    ];
    const known = `p-jaeger-service-2025-03-01/${serviceDocumentId({ serviceName: 'cart', operationName: 'b' })}`;
    const { items } = bulkItemsOf(spans, 'p-', WAYMARK_TAGS_POLICY, (key) => key === known);
    const services = items.filter((item) => item.kind === 'service');
    expect(services.map((item) => lines(item.body))).toEqual([
      [{ create: { _index: 'p-jaeger-service-2025-03-01', _id: serviceDocumentId({ serviceName: 'cart', operationName: 'a' }) } }, { serviceName: 'cart', operationName: 'a' }],
      [{ create: { _index: 'p-jaeger-service-2025-03-02', _id: serviceDocumentId({ serviceName: 'cart', operationName: 'a' }) } }, { serviceName: 'cart', operationName: 'a' }],
    ]);
    expect(items.filter((item) => item.kind === 'span')).toHaveLength(4);
  });

  it('stores a NaN or infinite attribute as a string instead of losing the span (jaeger#6200)', () => {
    const span = { ...makeSpan({ startMs: DAY1 }), attributes: [{ key: 'ratio', value: { type: 'double' as const, value: Number.NaN } }, { key: 'max', value: { type: 'double' as const, value: Infinity } }] };
    const { items } = bulkItemsOf([span], '', WAYMARK_TAGS_POLICY, () => false);
    const [, document] = lines((items[0] as BulkItem).body);
    expect(document?.['tags']).toEqual(expect.arrayContaining([{ key: 'ratio', type: 'float64', value: 'NaN' }, { key: 'max', type: 'float64', value: '+Inf' }]));
  });

  it('refuses a span whose start time names no day, with its position', () => {
    const good = makeSpan({ startMs: DAY1 });
    const absurd = { ...makeSpan(), startTimeUnixNano: 2n ** 70n, endTimeUnixNano: 2n ** 70n };
    const { items, unwritable } = bulkItemsOf([good, absurd], '', WAYMARK_TAGS_POLICY, () => false);
    expect(items.filter((item) => item.kind === 'span')).toHaveLength(1);
    expect(unwritable).toEqual([{ span: absurd, position: 1, reason: expect.stringMatching(/names no daily index/) }]);
  });

  it('gives each item exactly the UTF-8 bytes of its text, ASCII or not, and a body of any run of items is their text joined', () => {
    const plain = makeSpan({ service: 'cart', name: 'GET /cart', startMs: DAY1 });
    const accented = makeSpan({ service: 'café', name: 'naïve ✓ 𝄞', startMs: DAY1 });
    for (const batch of [[plain, plain], [plain, accented, plain]]) {
      const { items } = bulkItemsOf(batch, 'p-', WAYMARK_TAGS_POLICY, () => false);
      const expected = items.map(text);
      // The old path: each item's text, joined, encoded by the socket as UTF-8.
      expect(bulkBodyOf(items).equals(Buffer.from(expected.join(''), 'utf8'))).toBe(true);
      expect(bulkBodyOf(items.slice(1)).equals(Buffer.from(expected.slice(1).join(''), 'utf8'))).toBe(true);
      // Items sent again out of order (retries) are copied into a body of their own.
      const retried = [items[2], items[0]] as BulkItem[];
      expect(bulkBodyOf(retried).toString('utf8')).toBe(`${expected[2]}${expected[0]}`);
    }
    const { items } = bulkItemsOf([accented], '', WAYMARK_TAGS_POLICY, () => false);
    expect(text(items[0])).toContain('naïve ✓ 𝄞');
    expect(bulkBodyOf([])).toHaveLength(0);
  });

  it('encodes every item alone, and measures it, should a counted byte length ever be wrong', () => {
    const span = makeSpan({ startMs: DAY1 });
    const wrong: TextItem[] = [
      { kind: 'span', span, position: 0, ndjson: 'é\n', bytes: 2 },
      { kind: 'service', key: 'k', ndjson: 'ascii\n', bytes: 6 },
    ];
    const items = encodeItems(wrong);
    expect(items.map((item) => [item.body.toString('utf8'), item.bytes])).toEqual([
      ['é\n', 3],
      ['ascii\n', 6],
    ]);
    expect(bulkBodyOf(items).toString('utf8')).toBe('é\nascii\n');
  });

  it('splits requests by actions and by bytes, an oversized item alone', () => {
    const sized = (bytes: number[]) => bytes.map((b) => ({ bytes: b }));
    expect(chunkItems(sized([1, 1, 1, 1, 1]), { maxActions: 2, maxBytes: 100 }).map((c) => c.length)).toEqual([2, 2, 1]);
    expect(chunkItems(sized([40, 40, 40, 10]), { maxActions: 100, maxBytes: 100 }).map((c) => c.length)).toEqual([2, 2]);
    expect(chunkItems(sized([10, 500, 10]), { maxActions: 100, maxBytes: 100 }).map((c) => c.map((i) => i.bytes))).toEqual([[10], [500], [10]]);
    expect(chunkItems([], { maxActions: 1, maxBytes: 1 })).toEqual([]);
  });
});
