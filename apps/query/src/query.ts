import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle, Tenancy } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp, Service } from '@waymark/platform';
import { createQueryServer } from '@waymark/query-api';
import type { QueryServer } from '@waymark/query-api';
import { adjustTrace } from '@waymark/span-translate';
import { createElasticsearchClient, createEsSpanReader } from '@waymark/storage-elasticsearch';
import type { Registry } from 'prom-client';
import type { QueryConfig } from './config';

export interface QueryApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
  readonly server: QueryServer;
}

export interface QueryDeps {
  readonly logger?: Logger;
  readonly now?: () => number;
}

/**
 * Composition root of the query: Jaeger query API v1 and API v3 (libs/query-api) over the
 * Elasticsearch reader, which is also the dependency reader. Start order: admin (so /health
 * answers during start-up), then the API listener. Stop: /ready turns 503 first, the listener
 * stops accepting and finishes its requests, then the Elasticsearch client closes.
 * `/ready` checks that Elasticsearch answers.
 */
export function createQuery(config: QueryConfig, deps: QueryDeps = {}): QueryApp {
  const logger = deps.logger ?? createLogger({ service: 'query', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'query' });
  const client = createElasticsearchClient(config.elasticsearch.client);
  // One setting each for the widest window and the most traces: the query API's, given to the reader.
  const reader = createEsSpanReader(client, config.elasticsearch, { maxLookbackMs: config.api.limits.maxLookbackMs, maxTraceLimit: config.api.limits.maxLimit });
  const server = createQueryServer({
    host: config.common.listenHost,
    port: config.api.port,
    basePath: config.api.basePath,
    spans: reader,
    dependencies: reader,
    limits: config.api.limits,
    adjust: (trace) => adjustTrace(trace, { maxClockSkewAdjustMicros: config.api.maxClockSkewAdjustMicros }),
    access: { ...(config.api.bearerToken === undefined ? {} : { bearerToken: config.api.bearerToken }), tenancy: new Tenancy(config.tenancy) },
    logger: logger.child({ component: 'query-api' }),
    registry,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const admin = createAdminServer({
    host: config.common.listenHost,
    port: config.common.adminPort,
    registry,
    logger,
    readiness: {
      // The reader's own check (Elasticsearch specifics stay in the adapter); a fixed message, no hosts.
      elasticsearch: () =>
        reader.checkHealth().catch(() => {
          throw new Error('elasticsearch does not answer');
        }),
    },
  });
  const elasticsearch: Service = {
    name: 'elasticsearch-client',
    start: async () => undefined,
    stop: () => client.close(),
  };
  const draining: Service = {
    name: 'readiness',
    start: async () => undefined,
    stop: async () => admin.markDraining(),
  };
  const lifecycle = new Lifecycle(logger).add(admin).add(elasticsearch).add(server).add(draining);
  return { lifecycle, logger, registry, admin, server, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
