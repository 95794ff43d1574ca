import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp } from '@waymark/platform';
import type { Registry } from 'prom-client';
import type { QueryConfig } from './config';

export interface QueryApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
}

export interface QueryDeps {
  readonly logger?: Logger;
}

/** Composition root of the query: Jaeger query API v1 and API v3 over a SpanReader. */
export function createQuery(config: QueryConfig, deps: QueryDeps = {}): QueryApp {
  const logger = deps.logger ?? createLogger({ service: 'query', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'query' });
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });
  const lifecycle = new Lifecycle(logger).add(admin);
  return { lifecycle, logger, registry, admin, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
