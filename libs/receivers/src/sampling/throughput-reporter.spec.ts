import { Writable } from 'node:stream';
import { createLogger, createMetricsRegistry } from '@waymark/platform';
import { SamplingStoreError } from '@waymark/storage-api';
import type { SamplingStore, ThroughputReport } from '@waymark/storage-api';
import { MemorySamplingStore } from '@waymark/storage-memory';
import { makeSpan } from '@waymark/storage-testing';
import { RootSpanCounter } from './root-span-counter';
import { ThroughputReporter } from './throughput-reporter';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** The memory store behind a switch that makes every insert fail while `down`. */
class FlakyStore extends MemorySamplingStore implements SamplingStore {
  down = false;
  override async insertThroughput(report: ThroughputReport): Promise<void> {
    if (this.down) throw new SamplingStoreError('store unavailable', true);
    return super.insertThroughput(report);
  }
}

function setup(maxPendingReports = 10) {
  let now = 1_000_000;
  const store = new FlakyStore();
  const counter = new RootSpanCounter(100);
  const registry = createMetricsRegistry();
  const reporter = new ThroughputReporter({ counter, store, reporter: 'c1', flushIntervalMs: 60_000, maxPendingReports, logger, registry, now: () => now });
  const roots = async (result: string) => (await registry.getSingleMetric('waymark_sampling_root_spans_total')?.get())?.values.find((v) => v.labels['result'] === result)?.value ?? 0;
  return { store, counter, reporter, roots, tick: (ms: number) => (now += ms) };
}

describe('ThroughputReporter', () => {
  it('publishes each interval\'s counts under the flush time', async () => {
    const { store, counter, reporter, roots } = setup();
    counter.record([makeSpan({ service: 'cart', name: 'GET /cart' }), makeSpan({ service: 'cart', name: 'GET /cart' })]);
    await reporter.flush();
    expect(await store.getThroughput(1_000_000, 1_000_001)).toEqual([{ service: 'cart', operation: 'GET /cart', count: 2 }]);
    expect(await roots('reported')).toBe(2);
  });

  it('counts a tenant\'s root spans as tenant_skipped, never in a report', async () => {
    const { store, counter, reporter, roots } = setup();
    counter.record([makeSpan({ service: 'cart', name: 'GET /cart' })], 'tenant-a');
    await reporter.flush();
    expect(await store.getThroughput(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(await roots('tenant_skipped')).toBe(1);
  });

  it('keeps reports the store refuses and sends them, under their own time, once it is back', async () => {
    const { store, counter, reporter, tick } = setup();
    store.down = true;
    counter.record([makeSpan({ service: 'cart', name: 'a' })]);
    await reporter.flush();
    tick(60_000);
    counter.record([makeSpan({ service: 'cart', name: 'a' }), makeSpan({ service: 'cart', name: 'a' })]);
    await reporter.flush();
    expect(await store.getThroughput(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    store.down = false;
    await reporter.flush();
    expect(await store.getThroughput(1_000_000, 1_000_001)).toEqual([{ service: 'cart', operation: 'a', count: 1 }]);
    expect(await store.getThroughput(1_060_000, 1_060_001)).toEqual([{ service: 'cart', operation: 'a', count: 2 }]);
  });

  it('keeps at most maxPendingReports, counting the dropped roots', async () => {
    const { store, counter, reporter, tick, roots } = setup(2);
    store.down = true;
    for (let i = 0; i < 3; i++) {
      counter.record([makeSpan({ service: 'cart', name: 'a' })]);
      await reporter.flush();
      tick(1000);
    }
    expect(await roots('dropped')).toBe(1);
  });

  it('flushes what was counted when it stops', async () => {
    const { store, counter, reporter } = setup();
    await reporter.start();
    counter.record([makeSpan({ service: 'cart', name: 'a' })]);
    await reporter.stop();
    expect(await store.getThroughput(0, Number.MAX_SAFE_INTEGER)).toEqual([{ service: 'cart', operation: 'a', count: 1 }]);
  });
});
