import { hostname } from 'node:os';
import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp, Service } from '@waymark/platform';
import { createQueryServer } from '@waymark/query-api';
import type { QueryServer } from '@waymark/query-api';
import { BoundedSpanQueue } from '@waymark/queue-bounded';
import { buildReceivers, RECEIVER_NAMES, RootSpanCounter, Tenancy, ThroughputReporter } from '@waymark/receivers';
import type { Receivers } from '@waymark/receivers';
import { AdaptiveSampling, createSamplingGrpcServer, createSamplingHttpServer, FileStrategyProvider, SamplingMetrics } from '@waymark/sampling';
import type { SamplingGrpcServer, SamplingHttpServer, StrategyProvider } from '@waymark/sampling';
import { adjustTrace } from '@waymark/span-translate';
import { MemorySamplingStore } from '@waymark/storage-memory';
import type { MemoryStore } from '@waymark/storage-memory';
import type { Registry } from 'prom-client';
import { startupBanner } from './banner';
import type { AllInOneConfig } from './config';
import { receiverSampling } from './receiver-sampling';
import { createStorage } from './storage';

export interface AllInOneApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
  readonly receivers: Receivers;
  readonly queue: BoundedSpanQueue;
  readonly query: QueryServer;
  readonly samplingHttp: SamplingHttpServer;
  readonly samplingGrpc: SamplingGrpcServer;
  /** The memory store, in memory mode (undefined with ELASTICSEARCH_URL). */
  readonly store: MemoryStore | undefined;
}

export interface AllInOneDeps {
  readonly logger?: Logger;
  /** Where the human-readable start-up block goes (main.ts: stdout when it is a terminal); it is logged either way. */
  readonly announce?: (text: string) => void;
  readonly now?: () => number;
}

/**
 * Composition root of the all-in-one: every role in one process. The collector's receivers write
 * through an in-process bounded queue (group commit; ADR 009) into memory storage, or into
 * Elasticsearch when ELASTICSEARCH_URL is set; the query API (:16686) reads the same storage; the
 * sampling API (:5778 HTTP, :5779 gRPC, and Jaeger v1's :14268 `/api/sampling` and :14250) is
 * served from an in-process strategy provider. A 2xx means the spans are in the storage.
 *
 * Start order: admin, storage, queue, strategies, query and sampling listeners, receivers last.
 * Stop is the reverse: /ready turns 503 and the pipeline refuses new requests (retryable), the
 * receivers finish their requests, the other listeners stop, the queue drains into the storage,
 * and the storage closes.
 */
export function createAllInOne(config: AllInOneConfig, deps: AllInOneDeps = {}): AllInOneApp {
  const logger = deps.logger ?? createLogger({ service: 'all-in-one', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'all-in-one' });
  const host = config.common.listenHost;
  const storage = createStorage(config.storage, config.query.limits, { registry, logger });
  const queue = new BoundedSpanQueue({ writer: storage.writer, limits: config.queue, registry });

  const samplingMetrics = new SamplingMetrics(registry);
  const lifecycle = new Lifecycle(logger);
  let provider: StrategyProvider & Service;
  let rootSpans: RootSpanCounter | undefined;
  let throughput: ThroughputReporter | undefined;
  if (config.sampling.source === 'adaptive') {
    const store = new MemorySamplingStore();
    provider = new AdaptiveSampling({ store, options: config.sampling.adaptive, holder: `${hostname()}-${process.pid}`, logger: logger.child({ component: 'adaptive-sampling' }), metrics: samplingMetrics, ...(deps.now ? { now: deps.now } : {}) });
    rootSpans = new RootSpanCounter(config.sampling.throughput.maxOperations);
    throughput = new ThroughputReporter({
      counter: rootSpans,
      store,
      reporter: 'all-in-one',
      flushIntervalMs: config.sampling.throughput.flushIntervalMs,
      maxPendingReports: 10,
      logger: logger.child({ component: 'throughput-reporter' }),
      registry,
      ...(deps.now ? { now: deps.now } : {}),
    });
  } else {
    provider = new FileStrategyProvider({ ...config.sampling.file, logger: logger.child({ component: 'file-strategies' }), metrics: samplingMetrics });
  }
  const inProcessSampling = receiverSampling(provider, samplingMetrics);

  const receivers = buildReceivers({
    config: config.receivers,
    listenHost: host,
    writer: queue,
    logger,
    registry,
    extendHttp: { 'jaeger-thrift-http': inProcessSampling.registerHttp },
    extendGrpc: { 'jaeger-grpc': [inProcessSampling.grpcMethod] },
    ...(rootSpans ? { rootSpans } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
  const query = createQueryServer({
    host,
    port: config.query.port,
    basePath: config.query.basePath,
    spans: storage.reader,
    dependencies: storage.dependencies,
    limits: config.query.limits,
    adjust: (trace) => adjustTrace(trace, { maxClockSkewAdjustMicros: config.query.maxClockSkewAdjustMicros }),
    access: { ...(config.query.bearerToken === undefined ? {} : { bearerToken: config.query.bearerToken }), tenancy: new Tenancy(config.receivers.tenancy) },
    logger: logger.child({ component: 'query-api' }),
    registry,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const samplingHttp = createSamplingHttpServer({ host, port: config.sampling.httpPort, provider, metrics: samplingMetrics, logger });
  const samplingGrpc = createSamplingGrpcServer({ host, port: config.sampling.grpcPort, provider, metrics: samplingMetrics, logger });

  const admin = createAdminServer({ host, port: config.common.adminPort, registry, logger, readiness: { storage: () => storage.check() } });
  const intake = admin.intakeGate({
    onStart: async () => {
      const banner = startupBanner({
        listenHost: host,
        receivers: Object.fromEntries(RECEIVER_NAMES.flatMap((name) => (receivers.port(name) === undefined ? [] : [[name, receivers.port(name)]]))),
        queryPort: query.port,
        queryBasePath: config.query.basePath,
        samplingHttpPort: samplingHttp.port,
        samplingGrpcPort: samplingGrpc.port,
        adminPort: admin.port,
        storage: storage.description,
      });
      logger.info(banner.fields, 'Waymark all-in-one is running');
      if (deps.announce) {
        // The log is written asynchronously: flush it first, so the block comes after every start-up line.
        await new Promise<void>((resolve) => logger.flush(() => resolve()));
        deps.announce(banner.text);
      }
    },
    onStop: () => receivers.pipeline.close(),
  });

  lifecycle.add(admin).add(storage.service).add(queue).add(provider);
  if (throughput) lifecycle.add(throughput);
  lifecycle.add(query).add(samplingHttp).add(samplingGrpc);
  for (const server of receivers.servers) lifecycle.add(server);
  lifecycle.add(intake);
  return { lifecycle, logger, registry, admin, receivers, queue, query, samplingHttp, samplingGrpc, store: storage.memory, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
