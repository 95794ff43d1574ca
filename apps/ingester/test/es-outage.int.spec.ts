import { readCommittedOffsets, readTopicRecords } from '@waymark/queue-kafka';
import { decodeOtlpProto } from '@waymark/span-translate';
import { canControlInfra, kafkaBrokers, startInfra, stopInfra } from '@waymark/test-infra';
import type { AppBundle } from '@waymark/test-infra';
import { metricValue } from './support/metrics';
import { countSpanDocuments, deleteIndices, makeSpans, sendSpans, startCollector, startIngester, storedSpanKeys, uniqueNames, waitUntil } from './support/pipeline';

/**
 * Elasticsearch stops in the middle of consumption: the ingester keeps its partitions (heartbeats
 * go on), commits nothing it has not stored, and stores everything once Elasticsearch is back.
 */
jest.setTimeout(300_000);

const keysOf = (spans: ReadonlyArray<{ traceId: string; spanId: string }>) => spans.map((s) => `${s.traceId}:${s.spanId}`).sort();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ingester while Elasticsearch is down', () => {
  const n = uniqueNames('ingest-es-down');
  const running: AppBundle[] = [];
  afterAll(async () => {
    await Promise.all(running.map((app) => app.stop('SIGKILL')));
    await deleteIndices(n.prefix);
  });

  it('pauses without committing past unstored spans, keeps its group membership, and catches up after the restart', async () => {
    if (!canControlInfra()) {
      throw new Error('es-outage.int.spec.ts stops and restarts Elasticsearch, which it may do only with the infrastructure this test run started (WAYMARK_INFRA_MODE=local)');
    }
    const collector = await startCollector(n);
    running.push(collector);
    // A short session timeout: an ingester that stopped heartbeating while it waits would lose its partitions within the outage.
    let ingester = await startIngester(n, { KAFKA_CONSUMER_SESSION_TIMEOUT: '6s', KAFKA_CONSUMER_HEARTBEAT_INTERVAL: '1s', ES_BULK_MAX_ACTIONS: '200', KAFKA_CONSUMER_MAX_PARTITION_FETCH_BYTES: '64KiB' });
    running.push(ingester);
    const first = makeSpans(3000, 'es-down-a');
    await sendSpans(collector.otlpUrl, first);
    await waitUntil('the first spans stored', () => countSpanDocuments(n.prefix), (count) => count >= 3000);

    const second = makeSpans(3000, 'es-down-b');
    let committedDuringOutage: Map<number, number>;
    try {
      await stopInfra('es');
      // The collector does not need Elasticsearch: these are acknowledged and wait on Kafka.
      await sendSpans(collector.otlpUrl, second);
      await waitUntil('a batch blocked on the store', () => metricValue(ingester, 'waymark_ingester_blocked_batches'), (v) => v > 0, 60_000);
      committedDuringOutage = await readCommittedOffsets(kafkaBrokers(), n.group, n.topic);
      const joins = await metricValue(ingester, 'waymark_ingester_group_joins_total');
      // Longer than the session timeout: without heartbeats the member would be expelled meanwhile.
      await sleep(10_000);
      expect(await readCommittedOffsets(kafkaBrokers(), n.group, n.topic)).toEqual(committedDuringOutage);
      expect(await metricValue(ingester, 'waymark_ingester_retries_total', { what: 'write' })).toBeGreaterThan(0);
      expect(await fetch(ingester.adminUrl('/ready')).then((r) => r.status)).toBe(200);
      expect(await metricValue(ingester, 'waymark_ingester_group_joins_total')).toBe(joins);
      // A graceful stop during the outage commits nothing more and exits in time.
      expect(await ingester.stop('SIGTERM')).toBe(0);
      expect(await readCommittedOffsets(kafkaBrokers(), n.group, n.topic)).toEqual(committedDuringOutage);
    } finally {
      await startInfra('es');
    }

    // The offsets committed during the outage claim every span below them was stored: check it
    // before any ingester runs again.
    const records = await readTopicRecords({ brokers: kafkaBrokers(), topic: n.topic, timeoutMs: 30_000 });
    const claimed = records.filter((record) => Number(record.offset) < (committedDuringOutage.get(record.partition) ?? 0)).flatMap((record) => decodeOtlpProto(record.value).spans);
    const storedNow = new Set(await storedSpanKeys(n.prefix));
    expect(keysOf(claimed).filter((key) => !storedNow.has(key))).toEqual([]);
    expect(storedNow.size).toBeLessThan(6000);

    ingester = await startIngester(n);
    running.push(ingester);
    await waitUntil('6000 span documents', () => countSpanDocuments(n.prefix), (count) => count >= 6000);
    expect((await storedSpanKeys(n.prefix)).sort()).toEqual(keysOf([...first, ...second]));
    await ingester.stop('SIGTERM');
    await collector.stop('SIGTERM');
  });
});
