import { DEAD_LETTER_HEADERS, produceRawRecords, readCommittedOffsets, readTopicRecords, TENANT_HEADER } from '@waymark/queue-kafka';
import { decodeOtlpProto, encodeOtlpProto } from '@waymark/span-translate';
import { makeSpan } from '@waymark/storage-testing';
import { kafkaBrokers } from '@waymark/test-infra';
import type { AppBundle } from '@waymark/test-infra';
import { metricValue } from './support/metrics';
import { countSpanDocuments, createIndex, deleteIndices, makeSpans, sendSpans, startCollector, startIngester, storedSpanKeys, uniqueNames, waitUntil } from './support/pipeline';
import type { Names } from './support/pipeline';

/**
 * The ingester as operators run it (its production bundle in its own process), fed by the
 * collector's production bundle, on the real Kafka and Elasticsearch: every span acknowledged
 * by the collector ends up as exactly one span document, across crashes and poison records.
 */
jest.setTimeout(300_000);

const keysOf = (spans: ReadonlyArray<{ traceId: string; spanId: string }>) => spans.map((s) => `${s.traceId}:${s.spanId}`).sort();
const running: AppBundle[] = [];
const track = <T extends AppBundle>(app: T): T => {
  running.push(app);
  return app;
};
const used: Names[] = [];
const names = (prefix: string) => {
  const n = uniqueNames(prefix);
  used.push(n);
  return n;
};

afterAll(async () => {
  await Promise.all(running.map((app) => app.stop('SIGKILL')));
  await Promise.all(used.map((n) => deleteIndices(n.prefix)));
});

describe('ingester: collector → Kafka → ingester → Elasticsearch', () => {
  it('stores exactly the N spans the collector acknowledged, each once, and counts them', async () => {
    const n = names('ingest-exact');
    const collector = track(await startCollector(n));
    const ingester = track(await startIngester(n));
    const spans = makeSpans(6000, 'exact');
    await sendSpans(collector.otlpUrl, spans);

    await waitUntil('6000 span documents', () => countSpanDocuments(n.prefix), (count) => count >= 6000);
    expect((await storedSpanKeys(n.prefix)).sort()).toEqual(keysOf(spans));
    await waitUntil('stored metric', () => metricValue(ingester, 'waymark_ingester_spans_total', { result: 'stored' }), (v) => v === 6000, 10_000);
    expect(await metricValue(ingester, 'waymark_ingester_spans_total', { result: 'consumed' })).toBe(6000);
    expect(await metricValue(ingester, 'waymark_ingester_spans_total', { result: 'dead_lettered' })).toBe(0);
    // Everything stored is committed: a restarted group would start after the last record.
    const ends = await readTopicRecords({ brokers: kafkaBrokers(), topic: n.topic, timeoutMs: 30_000 });
    const last = new Map<number, number>();
    for (const record of ends) last.set(record.partition, Number(record.offset) + 1);
    await waitUntil('offsets committed to the end', () => readCommittedOffsets(kafkaBrokers(), n.group, n.topic), (committed) => [...last].every(([p, end]) => committed.get(p) === end), 15_000);

    expect(await ingester.stop('SIGTERM')).toBe(0);
    await collector.stop('SIGTERM');
  });

  it('loses and duplicates nothing when the ingester is killed with SIGKILL mid-stream and restarted', async () => {
    const n = names('ingest-kill');
    const collector = track(await startCollector(n));
    let ingester = track(await startIngester(n, { ES_BULK_MAX_ACTIONS: '200', KAFKA_CONSUMER_MAX_PARTITION_FETCH_BYTES: '64KiB' }));
    const spans = makeSpans(9000, 'kill');
    const sending = sendSpans(collector.otlpUrl, spans, 300);
    // Kill it while it is busy: some spans stored, more on the way.
    const before = await waitUntil('first documents', () => countSpanDocuments(n.prefix), (count) => count >= 1500, 120_000, 100);
    expect(await ingester.stop('SIGKILL')).toBe('SIGKILL');
    await sending;
    expect(before).toBeLessThan(9000);

    ingester = track(await startIngester(n));
    await waitUntil('9000 span documents', () => countSpanDocuments(n.prefix), (count) => count >= 9000);
    // Redelivered records (consumed before the kill, not committed) were answered 409: still one document per span.
    expect((await storedSpanKeys(n.prefix)).sort()).toEqual(keysOf(spans));
    await ingester.stop('SIGTERM');
    await collector.stop('SIGTERM');
  });

  it('loses and duplicates nothing across rebalances: a second member joins mid-stream, then the first leaves', async () => {
    const n = names('ingest-rebalance');
    const collector = track(await startCollector(n));
    const small = { ES_BULK_MAX_ACTIONS: '200', KAFKA_CONSUMER_MAX_PARTITION_FETCH_BYTES: '64KiB' };
    const first = track(await startIngester(n, small));
    const spans = makeSpans(9000, 'rebalance');
    const sending = sendSpans(collector.otlpUrl, spans.slice(0, 4500), 300);
    await waitUntil('first documents', () => countSpanDocuments(n.prefix), (count) => count >= 1000, 120_000, 100);
    const second = track(await startIngester(n, small));
    await waitUntil('the first member rebalanced', () => metricValue(first, 'waymark_ingester_group_joins_total'), (joins) => joins >= 2, 60_000);
    await sending;
    expect(await first.stop('SIGTERM')).toBe(0);
    // Only the second member is left to store these.
    await sendSpans(collector.otlpUrl, spans.slice(4500), 300);

    await waitUntil('9000 span documents', () => countSpanDocuments(n.prefix), (count) => count >= 9000);
    expect((await storedSpanKeys(n.prefix)).sort()).toEqual(keysOf(spans));
    expect(await metricValue(second, 'waymark_ingester_spans_total', { result: 'stored' })).toBeGreaterThanOrEqual(4500);
    await second.stop('SIGTERM');
    await collector.stop('SIGTERM');
  });

  it('dead-letters a poison record, spans outside the window and spans Elasticsearch refuses, with reasons; stores everything around them', async () => {
    const n = names('ingest-poison');
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10);
    // Today's span index exists already with `http.status_code` mapped as a number: a span whose
    // value is not a number can never be stored there.
    await createIndex(`${n.prefix}-jaeger-span-${day}`, { properties: { tag: { properties: { 'http@status_code': { type: 'long' } } } } });
    const good1 = makeSpans(40, 'poison-a');
    const good2 = makeSpans(40, 'poison-b');
    const refused = makeSpan({ service: 'poison-c', startMs: now, attributes: { 'http.status_code': 'not-a-number' } });
    const stored = makeSpan({ service: 'poison-c', startMs: now, traceId: refused.traceId, attributes: { 'http.status_code': 404 } });
    const future = makeSpan({ service: 'poison-d', startMs: now + 3 * 86_400_000 });
    const ancient = makeSpan({ service: 'poison-d', startMs: now - 40 * 86_400_000 });
    const poison = Buffer.from('this is not an OTLP ExportTraceServiceRequest');

    const ingester = track(await startIngester(n));
    const offsets = await produceRawRecords(kafkaBrokers(), n.topic, [
      { partition: 0, value: Buffer.from(encodeOtlpProto(good1)) },
      { partition: 0, key: 'poison-key', value: poison, headers: { [TENANT_HEADER]: 'ignored-when-undecodable' } },
      { partition: 0, value: Buffer.from(encodeOtlpProto([refused, stored, future, ancient])) },
      { partition: 0, value: Buffer.from(encodeOtlpProto(good2)) },
    ]);

    const expected = [...good1, stored, ...good2];
    await waitUntil(`${expected.length} span documents`, () => countSpanDocuments(n.prefix), (count) => count >= expected.length);
    const dlq = `${n.topic}-dlq`;
    const letters = await waitUntil('three dead letters', () => readTopicRecords({ brokers: kafkaBrokers(), topic: dlq, timeoutMs: 10_000 }), (records) => records.length >= 3);
    expect((await storedSpanKeys(n.prefix)).sort()).toEqual(keysOf(expected));
    expect(letters).toHaveLength(3);

    const byReason = new Map(letters.map((letter) => [letter.headers[DEAD_LETTER_HEADERS.reason], letter]));
    const undecodable = byReason.get('undecodable');
    expect(undecodable?.value).toEqual(poison);
    expect(undecodable?.key).toBe('poison-key');
    expect(undecodable?.headers[DEAD_LETTER_HEADERS.source]).toBe(`${n.topic}/0/${offsets[1]}`);
    expect(undecodable?.headers[DEAD_LETTER_HEADERS.detail]).toMatch(/^not an OTLP ExportTraceServiceRequest: /);
    expect(undecodable?.headers[TENANT_HEADER]).toBe('ignored-when-undecodable');

    const rejected = byReason.get('rejected');
    expect(keysOf(decodeOtlpProto(rejected?.value ?? Buffer.alloc(0)).spans)).toEqual(keysOf([refused]));
    expect(rejected?.headers[DEAD_LETTER_HEADERS.detail]).toMatch(/^HTTP 400: (document_parsing_exception|mapper_parsing_exception): .*http@status_code/);
    expect(rejected?.headers[DEAD_LETTER_HEADERS.source]).toBe(`${n.topic}/0/${offsets[2]}`);

    const outside = byReason.get('outside_window');
    expect(keysOf(decodeOtlpProto(outside?.value ?? Buffer.alloc(0)).spans)).toEqual(keysOf([future, ancient]));
    expect(outside?.headers[DEAD_LETTER_HEADERS.detail]).toContain('in the future (INGESTER_SPAN_MAX_FUTURE)');
    expect(outside?.headers[DEAD_LETTER_HEADERS.detail]).toContain('in the past (INGESTER_SPAN_MAX_PAST)');
    expect(outside?.headers[DEAD_LETTER_HEADERS.spans]).toBe('2');

    // No stray daily index for the spans outside the window.
    const indices = (await (await fetch(`${process.env['ELASTICSEARCH_URL']}/_cat/indices/${n.prefix}-*?h=index&format=json`)).json()) as Array<{ index: string }>;
    expect(indices.map((i) => i.index).filter((name) => name.includes('-span-'))).toEqual([`${n.prefix}-jaeger-span-${day}`]);

    // Every record is accounted for, so the partition is committed past the last one.
    await waitUntil('offset committed past the batch', () => readCommittedOffsets(kafkaBrokers(), n.group, n.topic), (committed) => committed.get(0) === (offsets[3] as number) + 1, 15_000);
    expect(await metricValue(ingester, 'waymark_ingester_dead_letters_total')).toBe(3);
    expect(await metricValue(ingester, 'waymark_ingester_spans_total', { result: 'dead_lettered' })).toBe(3);
    // Every span counted once: consumed = stored + dead-lettered.
    expect(await metricValue(ingester, 'waymark_ingester_spans_total', { result: 'consumed' })).toBe(84);
    expect(await metricValue(ingester, 'waymark_ingester_spans_total', { result: 'stored' })).toBe(81);
    await ingester.stop('SIGTERM');
  });
});
