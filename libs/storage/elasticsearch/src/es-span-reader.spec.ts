import { errors } from '@elastic/elasticsearch';
import type { Client } from '@elastic/elasticsearch';
import { SpanReadError } from '@waymark/storage-api';
import { EsSpanReader } from './es-span-reader';
import type { EsSpanReaderOptions } from './es-span-reader';

const NOW = Date.parse('2025-01-10T12:00:00Z');
const responseError = (statusCode: number) => new errors.ResponseError({ body: { error: { type: 'x', reason: 'y' } }, statusCode, headers: {}, warnings: null, meta: {} } as unknown as errors.ResponseError['meta']);

/** A reader over a stand-in client whose `search` and `count` do what the test says. */
function readerWith(client: Partial<Record<'search' | 'count' | 'ping', (...args: unknown[]) => Promise<unknown>>>, options: Partial<EsSpanReaderOptions> = {}): EsSpanReader {
  return new EsSpanReader({
    client: client as unknown as Client,
    indexPrefix: '',
    dotReplacement: '@',
    maxSpanAgeMs: 72 * 3_600_000,
    maxLookbackMs: 30 * 86_400_000,
    maxFutureMs: 86_400_000,
    maxIndexNamesLength: 2500,
    maxDocCount: 10_000,
    maxTraceLimit: 1500,
    maxNames: 10_000,
    now: () => NOW,
    ...options,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<SpanReadError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SpanReadError);
  return error as SpanReadError;
}

describe('EsSpanReader failure classification', () => {
  it.each([
    ['a connection failure', true, 'unavailable', new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200')],
    ['a timeout', true, 'unavailable', new errors.TimeoutError('Request timed out')],
    ['no living node', true, 'unavailable', new errors.NoLivingConnectionsError('no node', { meta: {} } as unknown as errors.ResponseError['meta'])],
    ['503 from the cluster', true, 'unavailable', responseError(503)],
    ['429 from the cluster', true, 'unavailable', responseError(429)],
    ['400 from the cluster', false, 'failed', responseError(400)],
    ['a TypeError (a bug of ours)', false, 'failed', new TypeError("Cannot read properties of undefined (reading 'hits')")],
    ['a plain Error', false, 'failed', new Error('documents without startTime and spanID cannot be paged')],
    ['an unreadable response', false, 'failed', new errors.DeserializationError('Unexpected token', '{')],
  ])('answers %s as retryable=%s (%s)', async (_, retryable, code, thrown) => {
    const reader = readerWith({ search: async () => Promise.reject(thrown) });
    for (const read of [() => reader.getServices(), () => reader.findTraces({ serviceName: 's', startTimeMinMicros: (NOW - 3_600_000) * 1000, startTimeMaxMicros: NOW * 1000, limit: 10 })]) {
      const error = await failureOf(read());
      expect([error.retryable, error.code]).toEqual([retryable, code]);
      expect(error.cause).toBe(thrown);
    }
  });

  it('refuses a dependency window over the span cap as too-large, naming the lookback', async () => {
    const reader = readerWith({ count: async () => ({ count: 11 }) }, { dependenciesMaxSpans: 10, dependenciesCacheTtlMs: 0 });
    const error = await failureOf(reader.getDependencies(NOW, 3_600_000));
    expect([error.retryable, error.code]).toEqual([false, 'too-large']);
    expect(error.message).toMatch(/lookback holds 11 spans, more than the 10 .*shorter lookback/);
  });

  it('checks health with a ping: a connection failure is unavailable', async () => {
    expect(await readerWith({ ping: async () => true }).checkHealth()).toBeUndefined();
    const error = await failureOf(readerWith({ ping: async () => Promise.reject(new errors.ConnectionError('down')) }).checkHealth());
    expect(error.retryable).toBe(true);
  });
});

describe('EsSpanReader dependency computations', () => {
  /** A count that holds every computation until released, counting how many run at once. */
  function gatedClient() {
    const state = { running: 0, most: 0, counts: 0, release: [] as Array<() => void> };
    const client = {
      count: async () => {
        state.counts++;
        state.running++;
        state.most = Math.max(state.most, state.running);
        await new Promise<void>((resolve) => state.release.push(resolve));
        state.running--;
        return { count: 0 };
      },
      search: async () => ({ hits: { hits: [] } }),
    };
    return { client, state };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const until = async (condition: () => boolean) => {
    for (let i = 0; i < 100 && !condition(); i++) await settle();
  };

  it('runs one computation at a time per tenant, and reuses an answer within the minute', async () => {
    const { client, state } = gatedClient();
    const reader = readerWith(client);
    const a = reader.getDependencies(NOW - 30_000, 3_600_000, { tenant: 'red' });
    const b = reader.getDependencies(NOW, 7_200_000, { tenant: 'red' });
    const c = reader.getDependencies(NOW, 3_600_000, { tenant: 'blue' });
    await until(() => state.running === 2);
    await settle();
    expect(state.running).toBe(2); // red's first and blue's; red's second waits
    state.release.splice(0).forEach((release) => release());
    await until(() => state.release.length === 1);
    expect(state.running).toBe(1);
    state.release.splice(0).forEach((release) => release());
    await Promise.all([a, b, c]);
    expect(state.most).toBe(2);
    expect(state.counts).toBe(3);

    // Same tenant, same lookback, an end later in the same minute: the answer is reused.
    await reader.getDependencies(NOW - 1000, 3_600_000, { tenant: 'red' });
    expect(state.counts).toBe(3);
    // Another tenant's identical request is not.
    const other = reader.getDependencies(NOW - 1000, 3_600_000, { tenant: 'green' });
    await until(() => state.release.length === 1);
    state.release.splice(0).forEach((release) => release());
    await other;
    expect(state.counts).toBe(4);
  });
});
