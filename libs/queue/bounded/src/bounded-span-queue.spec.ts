import type { Span } from '@waymark/span-model';
import { isSpanRejectedError, SpanRejectedError, SpanWriteError } from '@waymark/storage-api';
import type { SpanWriter, WriteContext } from '@waymark/storage-api';
import { MemoryStore } from '@waymark/storage-memory';
import { describeStorageConformance, makeSpan } from '@waymark/storage-testing';
import { Registry } from 'prom-client';
import { BoundedSpanQueue } from './bounded-span-queue';
import type { BoundedQueueLimits } from './bounded-span-queue';

interface Call {
  readonly spans: readonly Span[];
  readonly context: WriteContext | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

/** A store whose writes wait until the test answers them. */
function controlledStore() {
  const calls: Call[] = [];
  const writer: SpanWriter = {
    write: (spans, context) => new Promise<void>((resolve, reject) => calls.push({ spans, context, resolve, reject })),
  };
  return { calls, writer };
}

const LIMITS: BoundedQueueLimits = { maxSpans: 100, maxBytes: 1_000_000, maxBatchSpans: 1000, maxBatchBytes: 1_000_000, concurrency: 1, retryAfterMs: 1500 };
const tick = () => new Promise((resolve) => setImmediate(resolve));
const spans = (n: number, service = 'svc') => Array.from({ length: n }, () => makeSpan({ service }));

/** Tracks whether a promise has settled, without awaiting it. */
function watch(promise: Promise<void>) {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

async function metric(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (found?.values ?? []) as Array<{ value: number; labels: Record<string, string | number> }>;
  return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

describe('BoundedSpanQueue', () => {
  it('gathers concurrent writes into one store write and resolves each only when it is stored', async () => {
    const { calls, writer } = controlledStore();
    const registry = new Registry();
    const queue = new BoundedSpanQueue({ writer, limits: LIMITS, registry });
    const [a, b] = [spans(2), spans(3)];
    const first = watch(queue.write(a));
    const second = watch(queue.write(b));
    await tick();
    expect(calls.map((call) => call.spans)).toEqual([[...a, ...b]]);
    expect(queue.depth.spans).toBe(5);
    await tick();
    expect([first.settled, second.settled]).toEqual([false, false]);

    calls[0]?.resolve();
    await tick();
    expect([first, second]).toEqual([
      { settled: true, error: undefined },
      { settled: true, error: undefined },
    ]);
    expect(queue.depth).toEqual({ spans: 0, bytes: 0 });
    expect(await metric(registry, 'waymark_queue_batches_total', { result: 'stored' })).toBe(1);
  });

  it('refuses a write that does not fit with a retryable error and Retry-After, and admits an oversized one when empty', async () => {
    const { calls, writer } = controlledStore();
    const registry = new Registry();
    const queue = new BoundedSpanQueue({ writer, limits: { ...LIMITS, maxSpans: 4 }, registry });
    const big = queue.write(spans(6)); // larger than the bound, but the queue is empty
    const refused = queue.write(spans(1));
    await expect(refused).rejects.toMatchObject({ name: 'SpanWriteError', retryable: true, retryAfterMs: 1500 });
    await expect(refused).rejects.toThrow('queue full (6 spans');
    expect(await metric(registry, 'waymark_queue_refused_spans_total', { reason: 'full' })).toBe(1);

    await tick();
    calls[0]?.resolve();
    await big;
    await expect(Promise.all([queue.write(spans(4)), tick().then(() => calls[1]?.resolve())])).resolves.toBeDefined();
  });

  it('bounds estimated bytes too', async () => {
    const { writer } = controlledStore();
    const queue = new BoundedSpanQueue({ writer, limits: { ...LIMITS, maxBytes: 100 }, registry: new Registry(), sizeOf: (batch) => batch.length * 40 });
    void queue.write(spans(2));
    await expect(queue.write(spans(1))).rejects.toThrow('80 bytes');
    expect(queue.depth).toEqual({ spans: 2, bytes: 80 });
  });

  it('hands a store failure to every caller of the batch as it came, keeping nothing', async () => {
    const { calls, writer } = controlledStore();
    const registry = new Registry();
    const queue = new BoundedSpanQueue({ writer, limits: LIMITS, registry });
    const writes = [queue.write(spans(1)), queue.write(spans(2))];
    await tick();
    const outage = new SpanWriteError('elasticsearch unavailable', true, { retryAfterMs: 3000 });
    calls[0]?.reject(outage);
    for (const write of writes) await expect(write).rejects.toBe(outage);
    expect(queue.depth).toEqual({ spans: 0, bytes: 0 });
    expect(await metric(registry, 'waymark_queue_batches_total', { result: 'failed' })).toBe(1);
  });

  it("tells each caller only about its own spans the store refused for good", async () => {
    const { calls, writer } = controlledStore();
    const queue = new BoundedSpanQueue({ writer, limits: LIMITS, registry: new Registry() });
    const [a, b, c] = [spans(2), spans(3), spans(1)];
    const writes = [a, b, c].map((batch) => queue.write(batch));
    await tick();
    const batch = calls[0]?.spans ?? [];
    // The store refuses the second span of b (batch position 3) and c's only span (position 5).
    calls[0]?.reject(new SpanRejectedError([3, 5].map((position) => ({ span: batch[position] as Span, position, reason: 'mapper_parsing_exception' })), 4));

    await expect(writes[0]).resolves.toBeUndefined();
    const ofB = await writes[1]?.catch((error: unknown) => error);
    expect(isSpanRejectedError(ofB)).toBe(true);
    expect((ofB as SpanRejectedError).failedSpans).toEqual([{ span: b[1], position: 1, reason: 'mapper_parsing_exception' }]);
    expect((ofB as SpanRejectedError).storedCount).toBe(2);
    const ofC = await writes[2]?.catch((error: unknown) => error);
    expect((ofC as SpanRejectedError).failedSpans).toEqual([{ span: c[0], position: 0, reason: 'mapper_parsing_exception' }]);
    expect((ofC as SpanRejectedError).retryable).toBe(false);
  });

  it('batches each tenant apart, with its write context, and splits batches at maxBatchSpans', async () => {
    const { calls, writer } = controlledStore();
    const queue = new BoundedSpanQueue({ writer, limits: { ...LIMITS, maxBatchSpans: 3, concurrency: 4 }, registry: new Registry() });
    const writes = [queue.write(spans(2), { tenant: 'acme' }), queue.write(spans(2), { tenant: 'acme' }), queue.write(spans(1), { tenant: 'globex' }), queue.write(spans(1))];
    await tick();
    expect(calls.map((call) => [call.context?.tenant, call.spans.length])).toEqual([
      ['acme', 2],
      ['acme', 2],
      ['globex', 1],
      [undefined, 1],
    ]);
    calls.forEach((call) => call.resolve());
    await Promise.all(writes);
  });

  it('on stop refuses new writes (retryable) and resolves once accepted writes are answered', async () => {
    const { calls, writer } = controlledStore();
    const registry = new Registry();
    const queue = new BoundedSpanQueue({ writer, limits: LIMITS, registry });
    const accepted = watch(queue.write(spans(1)));
    await tick();
    const stopped = watch(queue.stop());
    await expect(queue.write(spans(1))).rejects.toMatchObject({ retryable: true, message: 'queue closed: shutting down; retry' });
    await tick();
    expect(stopped.settled).toBe(false);
    calls[0]?.resolve();
    await tick();
    await tick();
    expect([accepted.settled, stopped.settled]).toEqual([true, true]);
    expect(await metric(registry, 'waymark_queue_refused_spans_total', { reason: 'closed' })).toBe(1);
  });

  it('refuses limits below one', () => {
    expect(() => new BoundedSpanQueue({ writer: controlledStore().writer, limits: { ...LIMITS, concurrency: 0 }, registry: new Registry() })).toThrow('concurrency must be at least 1');
  });
});

// The queue in front of the memory store keeps the storage contract (what the all-in-one runs).
describeStorageConformance('bounded queue → memory', async () => {
  const store = new MemoryStore({ maxTraces: 10_000 });
  const queue = new BoundedSpanQueue({ writer: store, limits: { ...LIMITS, maxSpans: 10_000, concurrency: 2 }, registry: new Registry() });
  return { writer: queue, reader: store, dependencies: store };
});
