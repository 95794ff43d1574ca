import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp } from '@waymark/platform';
import type { Registry } from 'prom-client';
import type { SamplingManagerConfig } from './config';

export interface SamplingManagerApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
}

export interface SamplingManagerDeps {
  readonly logger?: Logger;
}

/** Composition root of the sampling-manager: remote-sampling strategies, file-based and adaptive. */
export function createSamplingManager(config: SamplingManagerConfig, deps: SamplingManagerDeps = {}): SamplingManagerApp {
  const logger = deps.logger ?? createLogger({ service: 'sampling-manager', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'sampling-manager' });
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });
  const lifecycle = new Lifecycle(logger).add(admin);
  return { lifecycle, logger, registry, admin, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
