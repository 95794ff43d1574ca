import { errors } from '@elastic/elasticsearch';
import { Registry } from 'prom-client';
import { createLogger } from '@waymark/platform';
import { makeSpan } from '@waymark/storage-testing';
import { spanDocumentId, spanToEsDocument, WAYMARK_TAGS_POLICY } from '@waymark/span-translate';
import type { Span } from '@waymark/span-model';
import { EsSpanWriter } from './es-span-writer';
import type { EsSpanWriterOptions } from './es-span-writer';
import { isSpanRejectedError, SpanRejectedError, SpanWriteError } from '@waymark/storage-api';

interface Action {
  readonly index: string;
  readonly id: string;
}

/** A stand-in for `_bulk`: answers each action with the status `answer` picks (request number, action). */
function fakeBulk(answer: (action: Action, request: number) => number | Error) {
  const requests: Action[][] = [];
  const bodies: Buffer[] = [];
  const sendBulk = async (body: Buffer) => {
    bodies.push(Buffer.from(body));
    const lines = body.toString('utf8').trimEnd().split('\n');
    const actions: Action[] = [];
    for (let i = 0; i < lines.length; i += 2) {
      const { create } = JSON.parse(lines[i] as string) as { create: { _index: string; _id: string } };
      actions.push({ index: create._index, id: create._id });
    }
    requests.push(actions);
    const statuses = actions.map((action) => answer(action, requests.length));
    const thrown = statuses.find((status): status is Error => status instanceof Error);
    if (thrown) throw thrown;
    return { errors: statuses.some((s) => s !== 201), items: statuses.map((status) => ({ create: { status, ...(status === 201 ? {} : { error: { type: status === 400 ? 'document_parsing_exception' : 'x_exception', reason: `status ${status}` } }) } })) };
  };
  return { sendBulk, requests, bodies };
}

function writerWith(sendBulk: EsSpanWriterOptions['sendBulk'], overrides: Partial<EsSpanWriterOptions> = {}) {
  const registry = new Registry();
  const sleeps: number[] = [];
  const ensured: string[] = [];
  const writer = new EsSpanWriter({
    sendBulk,
    templates: { ensure: async (base) => void ensured.push(base) },
    indexPrefix: 'p',
    tagsPolicy: WAYMARK_TAGS_POLICY,
    bulk: { maxBytes: 5_000_000, maxActions: 1000, concurrency: 2 },
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    serviceCache: { maxEntries: 100, ttlMs: 60_000 },
    registry,
    logger: createLogger({ service: 'test', level: 'silent' }),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    ...overrides,
  });
  const metric = async (name: string, labels: Record<string, string>) => {
    const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
    return values.find((value) => Object.entries(labels).every(([k, v]) => value.labels[k] === v))?.value ?? 0;
  };
  return { writer, sleeps, ensured, metric };
}

const spans = (n: number, service = 'svc'): Span[] => Array.from({ length: n }, (_, i) => makeSpan({ service, name: `op-${i % 2}`, startMs: Date.UTC(2025, 0, 1) + i }));
const isSpan = (action: Action) => action.index.includes('jaeger-span-');

describe('EsSpanWriter', () => {
  it('resolves once every document is created, with one service document per operation, cached afterwards', async () => {
    const bulk = fakeBulk(() => 201);
    const { writer, metric, ensured } = writerWith(bulk.sendBulk);
    await writer.write(spans(4));
    expect(bulk.requests).toHaveLength(1);
    expect(bulk.requests[0]?.filter(isSpan)).toHaveLength(4);
    expect(bulk.requests[0]?.filter((a) => !isSpan(a)).map((a) => a.index)).toEqual(['p-jaeger-service-2025-01-01', 'p-jaeger-service-2025-01-01']);
    expect(ensured).toEqual(['p-']);
    await writer.write(spans(4));
    expect(bulk.requests[1]?.every(isSpan)).toBe(true);
    expect(await metric('waymark_es_bulk_items_total', { kind: 'span', result: 'created' })).toBe(8);
    expect(await metric('waymark_es_bulk_requests_total', { result: 'ok' })).toBe(2);
  });

  it('counts 409 as already stored', async () => {
    const { writer, metric } = writerWith(fakeBulk(() => 409).sendBulk);
    await expect(writer.write(spans(2))).resolves.toBeUndefined();
    expect(await metric('waymark_es_bulk_items_total', { kind: 'span', result: 'duplicate' })).toBe(2);
  });

  it('retries only the items that failed with 429/5xx, with growing waits', async () => {
    const batch = spans(3);
    const flaky = spanDocumentId(batch[1] as Span);
    const bulk = fakeBulk((action, request) => (action.id === flaky && request < 3 ? (request === 1 ? 429 : 503) : 201));
    const { writer, sleeps, metric } = writerWith(bulk.sendBulk);
    await writer.write(batch);
    expect(bulk.requests.map((r) => r.length)).toEqual([5, 1, 1]);
    expect(bulk.requests[1]?.[0]?.id).toBe(flaky);
    expect(sleeps).toEqual([75, 150]);
    expect(await metric('waymark_es_bulk_items_total', { kind: 'span', result: 'retried' })).toBe(2);
    expect(await metric('waymark_es_bulk_requests_total', { result: 'item_failures' })).toBe(2);
  });

  it('rejects with a retryable error, never success, when items keep failing after the attempts', async () => {
    const bulk = fakeBulk(() => 503);
    const { writer, sleeps } = writerWith(bulk.sendBulk);
    const error = await writer.write(spans(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpanWriteError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 1000 });
    expect(isSpanRejectedError(error)).toBe(false);
    expect(bulk.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
  });

  it('retries whole requests that got no answer', async () => {
    const bulk = fakeBulk((_, request) => (request === 1 ? new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200') : 201));
    const { writer, metric } = writerWith(bulk.sendBulk);
    await writer.write(spans(2));
    expect(bulk.requests).toHaveLength(2);
    expect(await metric('waymark_es_bulk_requests_total', { result: 'error' })).toBe(1);
  });

  it('names exactly the spans refused for what they are, once the others are stored', async () => {
    const batch = spans(4);
    const bad = new Set([spanDocumentId(batch[1] as Span), spanDocumentId(batch[3] as Span)]);
    let request = 0;
    const bulk = fakeBulk((action, n) => {
      request = n;
      if (bad.has(action.id)) return 400;
      return action.id === spanDocumentId(batch[2] as Span) && n === 1 ? 429 : 201;
    });
    const { writer } = writerWith(bulk.sendBulk);
    const error = await writer.write(batch).catch((e: unknown) => e);
    expect(request).toBe(2);
    expect(error).toBeInstanceOf(SpanRejectedError);
    const rejected = error as SpanRejectedError;
    expect(rejected.retryable).toBe(false);
    expect(rejected.storedCount).toBe(2);
    expect(rejected.failedSpans.map((f) => [f.position, f.span])).toEqual([
      [1, batch[1]],
      [3, batch[3]],
    ]);
    expect(rejected.failedSpans[0]?.reason).toBe('HTTP 400: document_parsing_exception: status 400');
  });

  it('prefers a retryable error while transient failures remain, even with refusals', async () => {
    const batch = spans(2);
    const bulk = fakeBulk((action) => (action.id === spanDocumentId(batch[0] as Span) ? 400 : 503));
    const error = await writerWith(bulk.sendBulk).writer.write(batch).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: true });
    expect(error).not.toBeInstanceOf(SpanRejectedError);
  });

  it('does not fail spans for a refused service document, and writes it again next time', async () => {
    const bulk = fakeBulk((action) => (isSpan(action) ? 201 : 400));
    const { writer } = writerWith(bulk.sendBulk);
    await writer.write(spans(1));
    await writer.write(spans(1));
    expect(bulk.requests.map((r) => r.filter((a) => !isSpan(a)).length)).toEqual([1, 1]);
  });

  it('splits requests by the limits and keeps at most `concurrency` in flight', async () => {
    let active = 0;
    let peak = 0;
    const sizes: number[] = [];
    const sendBulk = async (body: Buffer) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      const count = body.toString('utf8').trimEnd().split('\n').length / 2;
      sizes.push(count);
      return { items: Array.from({ length: count }, () => ({ create: { status: 201 } })) };
    };
    const { writer } = writerWith(sendBulk, { bulk: { maxBytes: 5_000_000, maxActions: 3, concurrency: 2 } });
    await Promise.all([writer.write(spans(7, 'a')), writer.write(spans(7, 'b'))]);
    expect(sizes.every((size) => size <= 3)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(18);
    expect(peak).toBe(2);
  });

  it('halves a request the cluster finds too large', async () => {
    const tooLarge = new errors.ResponseError({ body: '', statusCode: 413, headers: {}, warnings: null, meta: {} } as unknown as errors.ResponseError['meta']);
    const bulk = fakeBulk((_, request) => (request === 1 ? tooLarge : 201));
    const { writer } = writerWith(bulk.sendBulk);
    const batch = [...spans(2), makeSpan({ service: 'café', name: 'naïve ✓ 𝄞', startMs: Date.UTC(2025, 0, 1) })];
    await writer.write(batch);
    expect(bulk.requests.map((r) => r.length)).toEqual([6, 3, 3]);
    // The halves are exactly the refused body, byte for byte, non-ASCII text included.
    const [whole, first, second] = bulk.bodies as [Buffer, Buffer, Buffer];
    expect(Buffer.concat([first, second]).equals(whole)).toBe(true);
    expect(whole.toString('utf8')).toContain('naïve ✓ 𝄞');
    expect(whole.toString('utf8').split('\n')[1]).toBe(JSON.stringify(spanToEsDocument(batch[0] as Span, WAYMARK_TAGS_POLICY)));
  });

  it("writes each tenant's spans under its own index base, after ensuring its templates", async () => {
    const bulk = fakeBulk(() => 201);
    const { writer, ensured } = writerWith(bulk.sendBulk);
    await writer.write(spans(1), { tenant: 'acme' });
    expect(ensured).toEqual(['p-acme-']);
    expect(bulk.requests[0]?.map((a) => a.index)).toEqual(['p-acme-jaeger-span-2025-01-01', 'p-acme-jaeger-service-2025-01-01']);
  });

  it('refuses every span of a tenant whose name cannot be part of an index name', async () => {
    const batch = spans(2);
    const error = await writerWith(fakeBulk(() => 201).sendBulk).writer.write(batch, { tenant: 'x'.repeat(100) }).catch((e: unknown) => e);
    expect(isSpanRejectedError(error) && error.failedSpans.map((f) => f.position)).toEqual([0, 1]);
  });

  it('answers retryable when the templates cannot be installed, and sends nothing', async () => {
    const bulk = fakeBulk(() => 201);
    const { writer } = writerWith(bulk.sendBulk, { templates: { ensure: async () => Promise.reject(new errors.ConnectionError('down')) } });
    await expect(writer.write(spans(1))).rejects.toMatchObject({ retryable: true });
    expect(bulk.requests).toHaveLength(0);
  });

  it('resolves an empty write without a request, and stop waits for writes in progress', async () => {
    const bulk = fakeBulk(() => 201);
    const { writer } = writerWith(bulk.sendBulk);
    await writer.write([]);
    expect(bulk.requests).toHaveLength(0);
    let done = false;
    const pending = writer.write(spans(1)).then(() => (done = true));
    await writer.stop();
    expect(done).toBe(true);
    await pending;
  });
});
