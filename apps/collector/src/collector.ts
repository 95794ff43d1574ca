import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp } from '@waymark/platform';
import type { Registry } from 'prom-client';
import type { CollectorConfig } from './config';

export interface CollectorApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
}

export interface CollectorDeps {
  readonly logger?: Logger;
}

/** Composition root of the collector: receivers for every ingest protocol, handing spans to a SpanWriter. */
export function createCollector(config: CollectorConfig, deps: CollectorDeps = {}): CollectorApp {
  const logger = deps.logger ?? createLogger({ service: 'collector', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'collector' });
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });
  const lifecycle = new Lifecycle(logger).add(admin);
  return { lifecycle, logger, registry, admin, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
