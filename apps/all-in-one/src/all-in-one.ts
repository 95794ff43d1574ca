import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp } from '@waymark/platform';
import type { Registry } from 'prom-client';
import type { AllInOneConfig } from './config';

export interface AllInOneApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
}

export interface AllInOneDeps {
  readonly logger?: Logger;
}

/** Composition root of the all-in-one: every role in one process over an in-process queue and memory storage. */
export function createAllInOne(config: AllInOneConfig, deps: AllInOneDeps = {}): AllInOneApp {
  const logger = deps.logger ?? createLogger({ service: 'all-in-one', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'all-in-one' });
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });
  const lifecycle = new Lifecycle(logger).add(admin);
  return { lifecycle, logger, registry, admin, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
