import { SpanReadError, SpanWriteError } from '@waymark/storage-api';
import { makeSpan } from '@waymark/storage-testing';
import { startInfra, stopInfra } from '@waymark/test-infra';
import { createEsTestStore } from './es-test-store';
import type { EsTestStore } from './es-test-store';

// Stops the real Elasticsearch node and starts it again. Integration test files run one at a
// time (jest.int.config.js: maxWorkers 1), so no other test uses the node meanwhile. stopInfra
// fails with a clear message when the run does not control the infrastructure (KAFKA_BROKERS /
// ELASTICSEARCH_URL given), rather than skipping silently.
describe('Elasticsearch outage (stops the real node)', () => {
  let store: EsTestStore;

  beforeAll(async () => {
    store = await createEsTestStore('es-outage', { ES_BULK_MAX_ATTEMPTS: '3', ES_BULK_RETRY_BASE_DELAY: '50ms', ES_BULK_RETRY_MAX_DELAY: '200ms' });
  });
  afterAll(() => store.cleanup());

  it('rejects writes and reads as retryable while the node is down, and stores the same spans once it is back', async () => {
    const spans = [makeSpan({ service: 'outage' }), makeSpan({ service: 'outage' })];
    await stopInfra('es');
    try {
      const writeError = await store.writer.write(spans).catch((e: unknown) => e);
      expect(writeError).toBeInstanceOf(SpanWriteError);
      expect(writeError).toMatchObject({ retryable: true });
      const readError = await store.reader.getTrace((spans[0] as (typeof spans)[number]).traceId).catch((e: unknown) => e);
      expect(readError).toBeInstanceOf(SpanReadError);
      expect(readError).toMatchObject({ retryable: true });
    } finally {
      await startInfra('es');
    }
    await store.writer.write(spans);
    await store.flush();
    expect((await store.reader.getTrace((spans[0] as (typeof spans)[number]).traceId))?.spans).toEqual([spans[0]]);
  });
});
