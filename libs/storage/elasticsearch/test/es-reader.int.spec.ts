import { traceIdFromHex } from '@waymark/span-model';
import type { Span, TraceId } from '@waymark/span-model';
import { makeSpan, randomSpanId, randomTraceId } from '@waymark/storage-testing';
import { createEsTestStore } from './es-test-store';
import type { EsTestStore } from './es-test-store';

const HOUR = 3_600_000;
const micros = (ms: number) => ms * 1000;

describe('EsSpanReader (real Elasticsearch)', () => {
  let store: EsTestStore;
  const now = Date.now();

  beforeAll(async () => {
    store = await createEsTestStore('es-read', { ES_BULK_MAX_ACTIONS: '2000' });
  });
  afterAll(() => store.cleanup());

  it('gives back a trace of 12,000 spans whole, though most of them share a start time across page boundaries', async () => {
    const traceId = randomTraceId();
    // Three start times only: every page of 10,000 ends inside a run of equal start times.
    const spans = Array.from({ length: 12_000 }, (_, i) => makeSpan({ traceId, service: 'big', name: `op-${i % 7}`, startMs: now - 60_000 + (i % 3) }));
    await store.writer.write(spans);
    await store.flush();
    const trace = await store.reader.getTrace(traceId);
    expect(trace?.spans).toHaveLength(12_000);
    expect(new Set(trace?.spans.map((span) => span.spanId)).size).toBe(12_000);
    const found = await store.reader.findTraces({ serviceName: 'big', startTimeMinMicros: micros(now - HOUR), startTimeMaxMicros: micros(now), limit: 5 });
    expect(found.map((t) => [t.traceId, t.spans.length])).toEqual([[traceId, 12_000]]);
  });

  it('finds a trace older than the max span age when given a time hint', async () => {
    const start = now - 10 * 24 * HOUR;
    const span = makeSpan({ service: 'old', startMs: start });
    await store.writer.write([span]);
    await store.flush();
    expect(await store.reader.getTrace(span.traceId)).toBeUndefined();
    expect((await store.reader.getTrace(span.traceId, { startTimeMinMicros: micros(start), startTimeMaxMicros: micros(start) }))?.spans).toEqual([span]);
    expect((await store.reader.getTrace(span.traceId, { startTimeMaxMicros: micros(start) }))?.spans).toEqual([span]);
  });

  it('lists operations by span kind from the span indices, and without a kind from the service index', async () => {
    const service = 'kinds';
    await store.writer.write([
      makeSpan({ service, name: 'GET /a', kind: 'server', startMs: now - 100 }),
      makeSpan({ service, name: 'SELECT', kind: 'client', startMs: now - 100 }),
      makeSpan({ service, name: 'work', kind: 'unspecified', startMs: now - 100 }),
    ]);
    await store.flush();
    expect(await store.reader.getOperations(service)).toEqual([
      { name: 'GET /a', spanKind: '' },
      { name: 'SELECT', spanKind: '' },
      { name: 'work', spanKind: '' },
    ]);
    expect(await store.reader.getOperations(service, 'client')).toEqual([{ name: 'SELECT', spanKind: 'client' }]);
    expect(await store.reader.getOperations(service, 'unspecified')).toEqual([{ name: 'work', spanKind: '' }]);
  });
});

describe("EsSpanReader over Jaeger's nested layout (real Elasticsearch)", () => {
  let store: EsTestStore;
  const start = Date.now() - 30_000;
  const traceId = traceIdFromHex('00000000000000007ab1c2d3e4f50617') as TraceId;
  const spanId = randomSpanId();
  // A document exactly as Jaeger v1 writes it by default: 16-character trace id, every tag nested.
  const jaegerDocument = {
    traceID: '7ab1c2d3e4f50617',
    spanID: spanId,
    flags: 1,
    operationName: 'HTTP GET /dispatch',
    references: [],
    startTime: start * 1000,
    startTimeMillis: start,
    duration: 4200,
    tags: [
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'http.status_code', type: 'int64', value: '200' },
      { key: 'weird.value', type: 'string', value: 'a.*[b]@#<c>&~' },
    ],
    logs: [{ timestamp: start * 1000 + 10, fields: [{ key: 'event', type: 'string', value: 'cache miss' }] }],
    process: { serviceName: 'jaeger-frontend', tags: [{ key: 'hostname', type: 'string', value: 'box-1' }] },
  };

  beforeAll(async () => {
    // In the jaeger mode the writer installs Jaeger's own template (nested tags), which is what
    // Jaeger's indices carry; the document goes in as Jaeger would index it (auto-style id).
    store = await createEsTestStore('es-jaeger', { ES_TAGS_AS_FIELDS: 'jaeger' });
    const template = await store.client.indices.getIndexTemplate({ name: `${store.prefix}-jaeger-span` });
    expect(template.index_templates[0]?.index_template.template?.settings?.index?.mapping?.total_fields).toBeUndefined();
    const day = new Date(start).toISOString().slice(0, 10);
    await store.client.index({ index: `${store.prefix}-jaeger-span-${day}`, id: 'jaeger-auto-id', document: jaegerDocument });
    await store.flush();
  });
  afterAll(() => store.cleanup());

  const search = (tags: Record<string, string>) =>
    store.reader.findTraceIds({ serviceName: 'jaeger-frontend', tags, startTimeMinMicros: (start - 60_000) * 1000, startTimeMaxMicros: (start + 60_000) * 1000, limit: 10 });

  it('reads a document Jaeger wrote, by its 32-character model id', async () => {
    const trace = await store.reader.getTrace(traceId);
    expect(trace?.spans).toHaveLength(1);
    const span = trace?.spans[0] as Span;
    expect(span).toMatchObject({ traceId, spanId, name: 'HTTP GET /dispatch', kind: 'server', resource: { serviceName: 'jaeger-frontend' } });
    expect(span.attributes).toEqual(expect.arrayContaining([{ key: 'http.status_code', value: { type: 'int', value: 200n } }]));
    expect(span.events.map((event) => event.name)).toEqual(['cache miss']);
  });

  it('matches tags in nested span tags, process tags and log fields, exactly', async () => {
    expect(await search({ 'http.status_code': '200' })).toEqual([traceId]);
    expect(await search({ hostname: 'box-1' })).toEqual([traceId]);
    expect(await search({ event: 'cache miss' })).toEqual([traceId]);
    expect(await search({ 'weird.value': 'a.*[b]@#<c>&~' })).toEqual([traceId]);
    expect(await search({ 'weird.value': 'a.*' })).toEqual([]);
    expect(await search({ 'http.status_code': '2.*' })).toEqual([]);
  });

  it('writes nested documents itself in the jaeger mode, found the same way', async () => {
    const span = makeSpan({ traceId: randomTraceId(), service: 'jaeger-frontend', startMs: start + 5, attributes: { 'http.status_code': 503 } });
    await store.writer.write([span]);
    await store.flush();
    expect(await search({ 'http.status_code': '503' })).toEqual([span.traceId]);
    expect((await store.reader.getTrace(span.traceId))?.spans).toEqual([span]);
  });
});
