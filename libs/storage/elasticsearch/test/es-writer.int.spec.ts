import { Registry } from 'prom-client';
import { createLogger } from '@waymark/platform';
import type { Span } from '@waymark/span-model';
import { SpanReadError, SpanWriteError } from '@waymark/storage-api';
import { makeSpan } from '@waymark/storage-testing';
import { isSpanRejectedError } from '@waymark/storage-api';
import { createElasticsearchClient, createEsSpanReader, createEsSpanWriter } from '../src';
import { createEsTestStore } from './es-test-store';
import type { EsTestStore } from './es-test-store';

const DAY = Date.UTC(2025, 4, 20);
const count = async (store: EsTestStore, kind: 'span' | 'service') => (await store.client.count({ index: `${store.prefix}-jaeger-${kind}-*` })).count;

describe('EsSpanWriter (real Elasticsearch)', () => {
  let store: EsTestStore;

  beforeAll(async () => {
    store = await createEsTestStore('es-write');
  });
  afterAll(() => store.cleanup());

  it('stores a redelivered batch once, even through another writer with an empty service cache', async () => {
    const batch = Array.from({ length: 50 }, (_, i) => makeSpan({ service: 'redeliver', name: `op-${i % 5}`, startMs: DAY + i }));
    await store.writer.write(batch);
    await store.writer.write(batch);
    const other = createEsSpanWriter(store.client, store.config, { registry: new Registry(), logger: createLogger({ service: 't', level: 'silent' }) });
    await other.write(batch);
    await store.flush();
    expect(await count(store, 'span')).toBe(50);
    expect(await count(store, 'service')).toBe(5);
    const duplicates = (await store.registry.getSingleMetric('waymark_es_bulk_items_total')?.get())?.values.find((v) => v.labels['kind'] === 'span' && v.labels['result'] === 'duplicate');
    expect(duplicates?.value).toBe(50);
  });

  it('stores and gives back spans with NaN and infinite attributes (jaeger#6200)', async () => {
    const base = makeSpan({ service: 'nan', startMs: DAY + 1000 });
    const span: Span = {
      ...base,
      attributes: [
        { key: 'ratio', value: { type: 'double', value: Number.NaN } },
        { key: 'ceiling', value: { type: 'double', value: Infinity } },
        { key: 'floor', value: { type: 'double', value: -Infinity } },
      ],
    };
    await store.writer.write([span]);
    await store.flush();
    const trace = await store.reader.getTrace(span.traceId, { startTimeMinMicros: (DAY + 1000) * 1000, startTimeMaxMicros: (DAY + 1000) * 1000 });
    expect(trace?.spans).toEqual([span]);
  });

  it('names exactly the span a mapping conflict refuses, and stores the others', async () => {
    // The day's index exists already with `http.status_code` mapped as a number (another writer's
    // choice): a span whose value is not one can never be indexed there.
    const index = `${store.prefix}-jaeger-span-2025-05-21`;
    await store.client.indices.create({ index, mappings: { properties: { tag: { properties: { 'http@status_code': { type: 'long' } } } } } });
    const start = Date.UTC(2025, 4, 21, 8);
    const batch = [200, 'not-a-number', 404].map((code, i) => makeSpan({ service: 'mapping', startMs: start + i, attributes: { 'http.status_code': code } }));
    const error = await store.writer.write(batch).catch((e: unknown) => e);
    expect(isSpanRejectedError(error)).toBe(true);
    if (!isSpanRejectedError(error)) return;
    expect(error.retryable).toBe(false);
    expect(error.storedCount).toBe(2);
    expect(error.failedSpans.map((f) => [f.position, f.span])).toEqual([[1, batch[1]]]);
    expect(error.failedSpans[0]?.reason).toMatch(/^HTTP 400: (document_parsing_exception|mapper_parsing_exception): .*http@status_code/);
    await store.flush();
    const hint = { startTimeMinMicros: start * 1000, startTimeMaxMicros: (start + 2) * 1000 };
    expect((await store.reader.getTrace((batch[0] as Span).traceId, hint))?.spans).toEqual([batch[0]]);
    expect((await store.reader.getTrace((batch[2] as Span).traceId, hint))?.spans).toEqual([batch[2]]);
    expect(await store.reader.getTrace((batch[1] as Span).traceId, hint)).toBeUndefined();
  });

  it('answers retryable errors, never success, when nothing listens at the address', async () => {
    // A port nobody listens on is what a stopped Elasticsearch looks like to the client.
    const client = createElasticsearchClient({ nodes: ['http://127.0.0.1:1'], requestTimeoutMs: 2000 });
    const config = { ...store.config, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } };
    try {
      const writer = createEsSpanWriter(client, config, { registry: new Registry(), logger: createLogger({ service: 't', level: 'silent' }) });
      const error = await writer.write([makeSpan({ startMs: DAY })]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpanWriteError);
      expect(error).toMatchObject({ retryable: true });
      const readError = await createEsSpanReader(client, config).getServices().catch((e: unknown) => e);
      expect(readError).toBeInstanceOf(SpanReadError);
      expect(readError).toMatchObject({ retryable: true });
    } finally {
      await client.close();
    }
  });
});
