import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp, Service } from '@waymark/platform';
import { buildReceivers } from '@waymark/receivers';
import type { Receivers } from '@waymark/receivers';
import { MemoryStore } from '@waymark/storage-memory';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { AllInOneConfig } from './config';

export interface AllInOneApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
  readonly receivers: Receivers;
  readonly store: MemoryStore;
}

export interface AllInOneDeps {
  readonly logger?: Logger;
}

/**
 * Composition root of the all-in-one: the collector's receivers writing straight into bounded
 * memory storage, no Kafka or Elasticsearch. A 2xx means the spans are in the store; when the
 * store is full the oldest traces are evicted and counted (waymark_memory_evicted_*).
 */
export function createAllInOne(config: AllInOneConfig, deps: AllInOneDeps = {}): AllInOneApp {
  const logger = deps.logger ?? createLogger({ service: 'all-in-one', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'all-in-one' });
  const evictedTraces = new Counter({ name: 'waymark_memory_evicted_traces_total', help: 'Traces evicted from memory storage to stay within MEMORY_MAX_TRACES.', registers: [registry] });
  const evictedSpans = new Counter({ name: 'waymark_memory_evicted_spans_total', help: 'Spans evicted with those traces.', registers: [registry] });
  const store = new MemoryStore({
    maxTraces: config.maxTraces,
    onEvict: (traces, spans) => {
      evictedTraces.inc(traces);
      evictedSpans.inc(spans);
    },
  });
  new Gauge({ name: 'waymark_memory_stored_spans', help: 'Spans held in memory storage.', registers: [registry], collect() { this.set(store.stats().spans); } });
  const receivers = buildReceivers({ config: config.receivers, listenHost: config.common.listenHost, writer: store, logger, registry });
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });
  const banner: Service = {
    name: 'banner',
    start: async () => {
      const host = config.common.listenHost;
      logger.info(
        { otlpGrpc: `${host}:${receivers.port('otlp-grpc')}`, otlpHttp: `http://${host}:${receivers.port('otlp-http')}/v1/traces`, admin: `http://${host}:${admin.port}/metrics` },
        'Waymark all-in-one is running: send spans to the OTLP, Jaeger and Zipkin ports; the query API arrives with the query service',
      );
    },
    stop: async () => {
      admin.markDraining();
      receivers.pipeline.close();
    },
  };
  const lifecycle = new Lifecycle(logger).add(admin);
  for (const server of receivers.servers) lifecycle.add(server);
  lifecycle.add(banner);
  return { lifecycle, logger, registry, admin, receivers, store, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
