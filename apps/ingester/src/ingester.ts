import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp } from '@waymark/platform';
import type { Registry } from 'prom-client';
import type { IngesterConfig } from './config';

export interface IngesterApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
}

export interface IngesterDeps {
  readonly logger?: Logger;
}

/** Composition root of the ingester: Kafka consumer group feeding a worker pool that writes to Elasticsearch. */
export function createIngester(config: IngesterConfig, deps: IngesterDeps = {}): IngesterApp {
  const logger = deps.logger ?? createLogger({ service: 'ingester', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'ingester' });
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });
  const lifecycle = new Lifecycle(logger).add(admin);
  return { lifecycle, logger, registry, admin, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
