import { adjustTrace } from '@waymark/span-translate';
import type { Span } from '@waymark/span-model';
import { makeSpan, randomSpanId, randomTraceId } from '@waymark/storage-testing';
import { EsSpanReader } from '../src';
import { createEsTestStore } from './es-test-store';
import type { EsTestStore } from './es-test-store';

const HOUR = 3_600_000;
const micros = (ms: number) => ms * 1000;

describe('EsSpanReader reads whole traces past one page (real Elasticsearch)', () => {
  let store: EsTestStore;
  const now = Date.now();

  beforeAll(async () => {
    store = await createEsTestStore('es-big', { ES_BULK_MAX_ACTIONS: '2000' });
  });
  afterAll(() => store.cleanup());

  it('gives back a trace of 10,000 spans whole, alone and among other traces, and adjusts it keeping every span', async () => {
    const traceId = randomTraceId();
    const spans: Span[] = [];
    for (let i = 0; i < 10_000; i++) {
      // A tree: each span's parent is an earlier span; services alternate, so the trace has dependencies too.
      const parent = i === 0 ? undefined : spans[Math.floor((i - 1) / 4)];
      spans.push(makeSpan({ traceId, parentSpanId: parent?.spanId, service: i % 2 ? 'big-b' : 'big-a', name: `op-${i % 5}`, startMs: now - 60_000 + Math.floor(i / 100) }));
    }
    const other = Array.from({ length: 6_000 }, () => makeSpan({ traceId: randomTraceId(), service: 'big-a', startMs: now - 30_000 }));
    const otherTrace = Array.from({ length: 6_000 }, (_, i) => makeSpan({ traceId: other[0]?.traceId, service: 'big-a', name: `o-${i}`, startMs: now - 30_000 }));
    await store.writer.write([...spans, ...otherTrace]);
    await store.flush();

    const trace = await store.reader.getTrace(traceId);
    expect(trace?.spans).toHaveLength(10_000);
    expect(new Set(trace?.spans.map((span) => span.spanId))).toEqual(new Set(spans.map((span) => span.spanId)));

    const found = await store.reader.findTraces({ serviceName: 'big-a', startTimeMinMicros: micros(now - HOUR), startTimeMaxMicros: micros(now), limit: 10 });
    expect(found.map((t) => [t.traceId, t.spans.length])).toEqual([
      [otherTrace[0]?.traceId, 6_000],
      [traceId, 10_000],
    ]);

    const adjusted = adjustTrace(trace ?? { traceId, spans: [] }, { maxClockSkewAdjustMicros: 0 });
    expect(adjusted.spans).toHaveLength(10_000);
    // The same join done here by hand: each span whose parent has the other service is one call.
    const serviceOf = new Map(spans.map((span) => [span.spanId, span.resource.serviceName]));
    const calls = { ab: 0, ba: 0 };
    for (const span of spans) {
      const parent = span.parentSpanId && serviceOf.get(span.parentSpanId);
      if (parent === 'big-a' && span.resource.serviceName === 'big-b') calls.ab++;
      if (parent === 'big-b' && span.resource.serviceName === 'big-a') calls.ba++;
    }
    expect(calls.ab + calls.ba).toBeGreaterThan(4000);
    expect(await store.reader.getDependencies(now, HOUR)).toEqual([
      { parent: 'big-a', child: 'big-b', callCount: calls.ab },
      { parent: 'big-b', child: 'big-a', callCount: calls.ba },
    ]);
  });
});

describe('EsSpanReader paging boundaries, with pages of 10 documents (real Elasticsearch)', () => {
  let store: EsTestStore;
  const now = Date.now();

  beforeAll(async () => {
    store = await createEsTestStore('es-pages', { ES_MAX_DOC_COUNT: '10' });
  });
  afterAll(() => store.cleanup());

  it('loses nothing when many documents share both the start time and the span id', async () => {
    const traceId = randomTraceId();
    const spanId = randomSpanId();
    // 25 different documents of one span id and one start time (a faulty client), plus 13 others.
    const clones = Array.from({ length: 25 }, (_, i) => makeSpan({ traceId, spanId, service: 'pages', startMs: now - 1000, attributes: { copy: i } }));
    const others = Array.from({ length: 13 }, (_, i) => makeSpan({ traceId, service: 'pages', startMs: now - 1000 + (i % 2) }));
    await store.writer.write([...clones, ...others]);
    await store.flush();
    const trace = await store.reader.getTrace(traceId);
    expect(trace?.spans).toHaveLength(38);
    const copyOf = (span: Span) => {
      const value = span.attributes.find((a) => a.key === 'copy')?.value;
      return value?.type === 'int' ? value.value : undefined;
    };
    // The 25 copies, and the others without one.
    expect(new Set(trace?.spans.map(copyOf)).size).toBe(26);
    const adjusted = adjustTrace(trace ?? { traceId, spans: [] }, { maxClockSkewAdjustMicros: 0 });
    expect(new Set(adjusted.spans.map((span) => span.spanId)).size).toBe(38);
  });

  it('joins dependencies of traces split across pages', async () => {
    const links: Span[] = [];
    for (let t = 0; t < 7; t++) {
      const traceId = randomTraceId();
      const root = makeSpan({ traceId, service: 'pg-a', startMs: now - 500 });
      links.push(root);
      for (let i = 0; i < 4; i++) links.push(makeSpan({ traceId, parentSpanId: root.spanId, service: 'pg-b', startMs: now - 499 }));
    }
    await store.writer.write(links);
    await store.flush();
    const found = (await store.reader.getDependencies(now, HOUR)).filter((link) => link.parent.startsWith('pg-'));
    expect(found).toEqual([{ parent: 'pg-a', child: 'pg-b', callCount: 28 }]);
  });

  it('refuses, not retryable, a dependency window holding more spans than it may join', async () => {
    // The window holds the documents the tests above wrote.
    const reader = new EsSpanReader({
      client: store.client,
      indexPrefix: store.prefix,
      dotReplacement: '@',
      ...store.config.read,
      dependenciesMaxSpans: 5,
    });
    await expect(reader.getDependencies(now, HOUR)).rejects.toMatchObject({ name: 'SpanReadError', retryable: false, code: 'too-large', message: expect.stringMatching(/the lookback holds \d+ spans, more than the 5 one computation may read/) });
  });
});

describe('EsSpanReader memory bounds: spans per trace and per search (real Elasticsearch)', () => {
  let store: EsTestStore;
  const now = Date.now();

  beforeAll(async () => {
    store = await createEsTestStore('es-caps', { ES_MAX_DOC_COUNT: '10', ES_MAX_SPANS_PER_TRACE: '25', ES_MAX_SPANS_PER_SEARCH: '40' });
  });
  afterAll(() => store.cleanup());

  it('reads the earliest spans of a trace up to the cap, warns on the first, and keeps a search within its span budget', async () => {
    const bigId = randomTraceId();
    const big = Array.from({ length: 60 }, (_, i) => makeSpan({ traceId: bigId, service: 'caps', name: `b-${i}`, startMs: now - 50_000 + i }));
    // Newer than the big trace: found first. 12 + 12 + 25 (the big one, capped) = 49 > 40.
    const small = [0, 1].map((t) => {
      const traceId = randomTraceId();
      return Array.from({ length: 12 }, (_, i) => makeSpan({ traceId, service: 'caps', name: `s-${t}-${i}`, startMs: now - 20_000 + t * 1000 + i }));
    });
    await store.writer.write([...big, ...small.flat()]);
    await store.flush();

    const trace = await store.reader.getTrace(bigId);
    expect(trace?.spans.map((span) => span.name)).toEqual(big.slice(0, 25).map((span) => span.name));
    expect(trace?.spans[0]?.warnings).toEqual(['trace truncated at 25 spans: 60 are stored; the earliest 25 are shown (ES_MAX_SPANS_PER_TRACE)']);
    expect(trace?.spans.slice(1).every((span) => span.warnings.length === 0)).toBe(true);

    const query = { serviceName: 'caps', startTimeMinMicros: micros(now - HOUR), startTimeMaxMicros: micros(now), limit: 10 };
    expect(await store.reader.findTraceIds(query)).toEqual([small[1]?.[0]?.traceId, small[0]?.[0]?.traceId, bigId]);
    const found = await store.reader.findTraces(query);
    expect(found.map((t) => [t.traceId, t.spans.length])).toEqual([
      [small[1]?.[0]?.traceId, 12],
      [small[0]?.[0]?.traceId, 12],
    ]);
    // Only the big trace: it comes back capped.
    const bigOnly = await store.reader.findTraces({ ...query, startTimeMaxMicros: micros(now - 40_000) });
    expect(bigOnly.map((t) => [t.traceId, t.spans.length])).toEqual([[bigId, 25]]);
  });
});
