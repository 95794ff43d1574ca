import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp, Service } from '@waymark/platform';
import { createKafka, ensureTopic, KafkaSpanWriter } from '@waymark/queue-kafka';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { buildReceivers, RootSpanCounter, SamplingDelegate, ThroughputReporter } from '@waymark/receivers';
import type { Receivers } from '@waymark/receivers';
import type { SamplingStore } from '@waymark/storage-api';
import { createElasticsearchClient, createEsSamplingStore } from '@waymark/storage-elasticsearch';
import { encodeOtlpProto } from '@waymark/span-translate';
import type { Registry } from 'prom-client';
import type { CollectorConfig } from './config';

export interface CollectorApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
  readonly receivers: Receivers;
}

export interface CollectorDeps {
  readonly logger?: Logger;
  /** The sampling store for the throughput feed; by default Elasticsearch from the config. */
  readonly samplingStore?: SamplingStore;
}

/**
 * Composition root of the collector: receivers for every protocol → span pipeline → Kafka.
 * Start order: admin (so /health answers during start-up), topic, producer, receivers last.
 * Stop order is the reverse: receivers stop accepting and finish their requests (their Kafka
 * sends included), the pipeline refuses stragglers, the producer drains and disconnects.
 */
export function createCollector(config: CollectorConfig, deps: CollectorDeps = {}): CollectorApp {
  const logger = deps.logger ?? createLogger({ service: 'collector', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'collector' });
  const kafka = createKafka(config.kafka.client, logger);
  const writer = new KafkaSpanWriter({
    kafka,
    topic: config.kafka.topic.topic,
    encode: encodeOtlpProto,
    ...config.producer,
    retryAfterMs: config.receivers.inFlight.retryAfterMs,
    registry,
  });
  const sampling = config.sampling;
  const delegate = sampling.delegation.enabled ? new SamplingDelegate({ ...sampling.delegation, retryAfterMs: config.receivers.inFlight.retryAfterMs, registry }) : undefined;
  const rootSpans = sampling.throughput.enabled ? new RootSpanCounter(sampling.throughput.maxOperations) : undefined;
  const receivers = buildReceivers({
    config: config.receivers,
    listenHost: config.common.listenHost,
    writer,
    logger,
    registry,
    ...(delegate ? { extendHttp: { 'jaeger-thrift-http': delegate.registerHttp }, extendGrpc: { 'jaeger-grpc': [delegate.grpcMethod] } } : {}),
    ...(rootSpans ? { rootSpans } : {}),
  });
  const admin = createAdminServer({ host: config.common.listenHost, port: config.common.adminPort, registry, logger });

  const topic: Service = {
    name: 'kafka-topic',
    start: async () => {
      if (!config.kafka.createTopic) return;
      const client = kafka.admin();
      await client.connect();
      try {
        const result = await ensureTopic(client, config.kafka.topic);
        logger.info({ topic: config.kafka.topic.topic, ...result }, result.created ? 'created topic' : 'topic exists');
      } finally {
        await client.disconnect();
      }
    },
    stop: async () => undefined,
  };
  const intake = admin.intakeGate({ onStop: () => receivers.pipeline.close() });

  const lifecycle = new Lifecycle(logger).add(admin).add(topic).add(writer);
  if (rootSpans) {
    let store = deps.samplingStore;
    if (!store) {
      const es = config.elasticsearch;
      if (!es) throw new Error('the throughput feed needs the Elasticsearch configuration');
      const client = createElasticsearchClient(es.client);
      store = createEsSamplingStore(client, es);
      lifecycle.add({ name: 'elasticsearch-client', start: async () => undefined, stop: () => client.close() });
    }
    // Stops after the receivers (the lifecycle stops in reverse), so its last flush counts every accepted request.
    lifecycle.add(
      new ThroughputReporter({
        counter: rootSpans,
        store,
        reporter: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
        ...sampling.throughput,
        logger: logger.child({ component: 'throughput-reporter' }),
        registry,
      }),
    );
  }
  // Receivers stop after `intake` is marked draining, and before the writer drains.
  lifecycle.add(receivers.warmUp);
  for (const server of receivers.servers) lifecycle.add(server);
  lifecycle.add(intake);
  return { lifecycle, logger, registry, admin, receivers, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
