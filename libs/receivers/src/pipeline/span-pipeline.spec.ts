import { Writable } from 'node:stream';
import { createLogger, createMetricsRegistry, WaymarkError } from '@waymark/platform';
import { DecodeResultBuilder, encodeOtlpProto, scanOtlpProto } from '@waymark/span-translate';
import type { Span } from '@waymark/span-model';
import { SpanWriteError } from '@waymark/storage-api';
import type { SpanWriter } from '@waymark/storage-api';
import { MemoryStore } from '@waymark/storage-memory';
import { makeSpan, randomSpanId } from '@waymark/storage-testing';
import { RootSpanCounter } from '../sampling/root-span-counter';
import { CollectorMetrics } from './collector-metrics';
import { InFlightBudget } from './in-flight-budget';
import { SpanPipeline } from './span-pipeline';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

function setup(writer: SpanWriter, collectorTags = [{ key: 'collector.region', value: { type: 'string', value: 'eu-1' } } as const]) {
  const registry = createMetricsRegistry();
  const budget = new InFlightBudget({ maxSpans: 1000, maxBytes: 1 << 20, retryAfterMs: 1000 });
  const pipeline = new SpanPipeline({ writer, budget, sanitize: (spans) => spans, collectorTags, metrics: new CollectorMetrics(registry, budget), logger, retryAfterMs: 3000, maxSpansPerRequest: 3 });
  const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values.map((v) => [v.labels['reason'] ?? '', v.value]);
  const metricValues = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values ?? [];
  return { pipeline, budget, metric, metricValues };
}

function decoded(spans: Span[], rejected = 0) {
  const builder = new DecodeResultBuilder();
  spans.forEach((span) => builder.accept(span));
  if (rejected) builder.reject('invalid trace id (all zero or not 16 bytes)', rejected);
  return builder.build();
}

describe('SpanPipeline', () => {
  it('acknowledges after the writer stored the spans, with collector tags, and counts every span', async () => {
    const store = new MemoryStore({ maxTraces: 100 });
    const { pipeline, metric, metricValues, budget } = setup(store);
    const span = makeSpan({ service: 'cart' });

    const outcome = await pipeline.ingest({ format: 'otlp', transport: 'http', tenant: 'acme', bytes: 300, decoded: decoded([span], 2) });

    expect(outcome).toEqual({ accepted: 1, rejected: 2, rejectionMessage: '2 span(s): invalid trace id (all zero or not 16 bytes)' });
    const stored = (await store.getTrace(span.traceId, undefined, { tenant: 'acme' }))?.spans[0];
    expect(stored?.resource.attributes.map((a) => a.key)).toEqual(['service.name', 'collector.region']);
    expect(await metric('waymark_collector_spans_received_total')).toEqual([['', 3]]);
    expect(await metric('waymark_collector_spans_accepted_total')).toEqual([['', 1]]);
    expect(await metric('waymark_collector_spans_refused_total')).toEqual([['invalid_span', 2]]);
    expect(budget.inFlightSpans).toBe(0);
    const durations = (await metricValues('waymark_collector_request_duration_seconds')).filter((v) => (v as { metricName?: string }).metricName?.endsWith('_count'));
    expect(durations.map((v) => [v.labels['outcome'], v.value])).toEqual([['partial', 1]]);
  });

  it('keeps the client\'s value when a collector tag names a key the resource already has', async () => {
    const store = new MemoryStore({ maxTraces: 100 });
    const { pipeline } = setup(store);
    const span = makeSpan({ resourceAttributes: [{ key: 'collector.region', value: { type: 'string', value: 'client' } }] });
    await pipeline.ingest({ format: 'otlp', transport: 'grpc', tenant: undefined, bytes: 1, decoded: decoded([span]) });
    expect((await store.getTrace(span.traceId))?.spans[0]?.resource).toBe(span.resource);
  });

  it('turns a retryable writer failure into UNAVAILABLE with the writer\'s retry hint, and frees the budget', async () => {
    const failing: SpanWriter = { write: async () => Promise.reject(new SpanWriteError('broker not available', true, { retryAfterMs: 5000 })) };
    const { pipeline, metric, budget } = setup(failing);
    const error = await pipeline.ingest({ format: 'jaeger', transport: 'grpc', tenant: undefined, bytes: 10, decoded: decoded([makeSpan()]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaymarkError);
    expect(error).toMatchObject({ kind: 'unavailable', retryAfterMs: 5000 });
    expect(await metric('waymark_collector_spans_refused_total')).toEqual([['writer_unavailable', 1]]);
    expect(budget.inFlightSpans).toBe(0);
  });

  it('reports a permanent writer failure as final', async () => {
    const failing: SpanWriter = { write: async () => Promise.reject(new SpanWriteError('message too large for the topic', false)) };
    const { pipeline } = setup(failing);
    await expect(pipeline.ingest({ format: 'zipkin', transport: 'http', tenant: undefined, bytes: 10, decoded: decoded([makeSpan()]) })).rejects.toMatchObject({ kind: 'internal' });
  });

  it('refuses everything as retryable once closed', async () => {
    const { pipeline, metric } = setup(new MemoryStore({ maxTraces: 10 }));
    pipeline.close();
    await expect(pipeline.ingest({ format: 'otlp', transport: 'http', tenant: undefined, bytes: 10, decoded: decoded([makeSpan()]) })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(await metric('waymark_collector_spans_refused_total')).toEqual([['shutting_down', 1]]);
  });

  it('refuses a request with more spans than allowed, whole, as too large', async () => {
    const store = new MemoryStore({ maxTraces: 10 });
    const { pipeline, metric } = setup(store);
    const spans = [makeSpan(), makeSpan(), makeSpan(), makeSpan()];
    await expect(pipeline.ingest({ format: 'otlp', transport: 'http', tenant: undefined, bytes: 10, decoded: decoded(spans) })).rejects.toMatchObject({ kind: 'too-large' });
    expect(await metric('waymark_collector_spans_refused_total')).toEqual([['too_large', 4]]);
    expect(store.stats().spans).toBe(0);
  });

  it('answers an empty or all-invalid request without touching the writer', async () => {
    const writer: SpanWriter = { write: jest.fn() };
    const { pipeline } = setup(writer);
    await expect(pipeline.ingest({ format: 'otlp', transport: 'http', tenant: undefined, bytes: 10, decoded: decoded([], 3) })).resolves.toMatchObject({ accepted: 0, rejected: 3 });
    expect(writer.write).not.toHaveBeenCalled();
  });

  it('counts root spans for adaptive sampling only once the writer stored them', async () => {
    const registry = createMetricsRegistry();
    const budget = new InFlightBudget({ maxSpans: 1000, maxBytes: 1 << 20, retryAfterMs: 1000 });
    let fail = true;
    const writer: SpanWriter = { write: async () => (fail ? Promise.reject(new SpanWriteError('down', true)) : undefined) };
    const rootSpans = new RootSpanCounter(100);
    const pipeline = new SpanPipeline({ writer, budget, sanitize: (spans) => spans, collectorTags: [], metrics: new CollectorMetrics(registry, budget), logger, retryAfterMs: 1000, maxSpansPerRequest: 10, rootSpans });
    const spans = [makeSpan({ service: 'cart', name: 'GET /cart' }), makeSpan({ service: 'cart', name: 'db', parentSpanId: randomSpanId() })];
    await expect(pipeline.ingest({ format: 'otlp', transport: 'http', tenant: undefined, bytes: 10, decoded: decoded(spans) })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(rootSpans.drain().throughput).toEqual([]);
    fail = false;
    await pipeline.ingest({ format: 'otlp', transport: 'http', tenant: undefined, bytes: 10, decoded: decoded(spans) });
    expect(rootSpans.drain().throughput).toEqual([{ service: 'cart', operation: 'GET /cart', count: 1 }]);
    // A tenant's spans are stored but not counted (adaptive sampling is not per tenant; ADR 007).
    await pipeline.ingest({ format: 'otlp', transport: 'http', tenant: 'tenant-b', bytes: 10, decoded: decoded(spans) });
    expect(rootSpans.drain()).toEqual({ throughput: [], overflow: 0, tenanted: 1 });
  });
});

describe('SpanPipeline: OTLP batches still encoded (the fast path)', () => {
  const batchOf = (spans: Span[]) => {
    const batch = scanOtlpProto(encodeOtlpProto(spans), { maxAnyValueDepth: 64 });
    if (!batch) throw new Error('test spans should scan clean');
    return batch;
  };

  it('hands the batch to a writer that takes encoded batches, counts its spans and its root spans', async () => {
    const root = makeSpan({ service: 'cart', name: 'checkout' });
    const child = makeSpan({ service: 'cart', name: 'db', traceId: root.traceId, parentSpanId: root.spanId });
    const seen: Array<[number, string | undefined]> = [];
    const writer: SpanWriter = { write: async () => Promise.reject(new Error('write must not be called')), writeEncoded: async (batch, context) => void seen.push([batch.spanCount, context?.tenant]) };
    const registry = createMetricsRegistry();
    const budget = new InFlightBudget({ maxSpans: 1000, maxBytes: 1 << 20, retryAfterMs: 1000 });
    const rootSpans = new RootSpanCounter(10);
    const pipeline = new SpanPipeline({ writer, budget, sanitize: (spans) => spans, collectorTags: [], metrics: new CollectorMetrics(registry, budget), logger, retryAfterMs: 1000, maxSpansPerRequest: 10, rootSpans });
    const outcome = await pipeline.ingest({ format: 'otlp', transport: 'http', tenant: undefined, bytes: 1, decoded: batchOf([root, child]) });
    expect(outcome).toEqual({ accepted: 2, rejected: 0, rejectionMessage: '' });
    expect(seen).toEqual([[2, undefined]]);
    expect((await registry.getSingleMetric('waymark_collector_spans_accepted_total')?.get())?.values.map((v) => v.value)).toEqual([2]);
    expect(rootSpans.drain().throughput).toEqual([{ service: 'cart', operation: 'checkout', count: 1 }]);
    expect(budget.inFlightSpans).toBe(0);
  });

  it('decodes the batch for a writer that takes only spans', async () => {
    const store = new MemoryStore({ maxTraces: 100 });
    const { pipeline } = setup(store, []);
    const span = makeSpan({ service: 'cart' });
    await pipeline.ingest({ format: 'otlp', transport: 'grpc', tenant: 'acme', bytes: 1, decoded: batchOf([span]) });
    expect((await store.getTrace(span.traceId, undefined, { tenant: 'acme' }))?.spans.map((s) => s.spanId)).toEqual([span.spanId]);
  });

  it('refuses a batch with more spans than allowed, whole, as too large', async () => {
    const { pipeline, metric } = setup(new MemoryStore({ maxTraces: 100 }), []);
    const error = await pipeline.ingest({ format: 'otlp', transport: 'http', tenant: undefined, bytes: 1, decoded: batchOf([makeSpan(), makeSpan(), makeSpan(), makeSpan()]) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'too-large' });
    expect(await metric('waymark_collector_spans_refused_total')).toEqual([['too_large', 4]]);
  });
});
