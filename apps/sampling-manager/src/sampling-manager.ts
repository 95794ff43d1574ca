import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp, Service } from '@waymark/platform';
import { AdaptiveSampling, createSamplingGrpcServer, createSamplingHttpServer, FileStrategyProvider, SamplingMetrics } from '@waymark/sampling';
import type { SamplingGrpcServer, SamplingHttpServer, StrategyProvider } from '@waymark/sampling';
import { createElasticsearchClient, createEsSamplingStore } from '@waymark/storage-elasticsearch';
import type { SamplingStore } from '@waymark/storage-api';
import type { Registry } from 'prom-client';
import type { SamplingManagerConfig } from './config';

export interface SamplingManagerApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
  readonly http: SamplingHttpServer;
  readonly grpc: SamplingGrpcServer;
  readonly provider: StrategyProvider & Service;
}

export interface SamplingManagerDeps {
  readonly logger?: Logger;
  /** The adaptive sampling store; by default Elasticsearch from the config. */
  readonly samplingStore?: SamplingStore;
  readonly now?: () => number;
}

/**
 * Composition root of the sampling-manager: strategies from a file (reloaded) or adaptive (one
 * leader calculates, every replica serves), over HTTP :5778 and gRPC :5779. Start order: admin,
 * strategies (a bad file stops the start), listeners last. Stop is the reverse: listeners stop
 * accepting and finish their requests, then the strategies stop (the leader releases its
 * lease, so another replica takes over at its next try) and the store client closes.
 */
export function createSamplingManager(config: SamplingManagerConfig, deps: SamplingManagerDeps = {}): SamplingManagerApp {
  const logger = deps.logger ?? createLogger({ service: 'sampling-manager', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'sampling-manager' });
  const metrics = new SamplingMetrics(registry);
  const lifecycle = new Lifecycle(logger);
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });
  lifecycle.add(admin);

  let provider: StrategyProvider & Service;
  if (config.source === 'adaptive') {
    let store = deps.samplingStore;
    if (!store) {
      const es = config.elasticsearch;
      if (!es) throw new Error('adaptive sampling needs the Elasticsearch configuration');
      const client = createElasticsearchClient(es.client);
      store = createEsSamplingStore(client, es);
      lifecycle.add({ name: 'elasticsearch-client', start: async () => undefined, stop: () => client.close() });
    }
    provider = new AdaptiveSampling({ store, options: config.adaptive, holder: config.replicaId, logger: logger.child({ component: 'adaptive-sampling' }), metrics, ...(deps.now ? { now: deps.now } : {}) });
  } else {
    provider = new FileStrategyProvider({ ...config.file, logger: logger.child({ component: 'file-strategies' }), metrics });
  }
  const http = createSamplingHttpServer({ host: config.common.listenHost, port: config.httpPort, provider, metrics, logger });
  const grpc = createSamplingGrpcServer({ host: config.common.listenHost, port: config.grpcPort, provider, metrics, logger });
  lifecycle.add(provider).add(http).add(grpc).add(admin.intakeGate());
  return { lifecycle, logger, registry, admin, http, grpc, provider, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
