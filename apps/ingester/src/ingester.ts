import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp, Service } from '@waymark/platform';
import { createKafka, ensureTopic, KafkaDeadLetterSink, KafkaSpanConsumer } from '@waymark/queue-kafka';
import type { SpanAdmission } from '@waymark/queue-kafka';
import { decodeOtlpProto, encodeOtlpProto, outsideWindow } from '@waymark/span-translate';
import { createElasticsearchClient, createEsSpanWriter } from '@waymark/storage-elasticsearch';
import type { Registry } from 'prom-client';
import type { IngesterConfig } from './config';

export interface IngesterApp extends RunnableApp {
  readonly admin: AdminServer;
  readonly registry: Registry;
}

export interface IngesterDeps {
  readonly logger?: Logger;
  /** The current time in epoch ms, for the span time window; injected by tests. */
  readonly now?: () => number;
}

/**
 * Composition root of the ingester: Kafka consumer group → batch ingestor → Elasticsearch
 * writer, with a dead-letter topic for what can never be stored. Start order: admin, topics,
 * Elasticsearch templates, dead-letter producer, consumer last. Stop is the reverse: the consumer
 * stops fetching, finishes the writes it started and commits what is stored; then the producer,
 * the writer and the client close.
 */
export function createIngester(config: IngesterConfig, deps: IngesterDeps = {}): IngesterApp {
  const logger = deps.logger ?? createLogger({ service: 'ingester', level: config.common.logLevel });
  const registry = createMetricsRegistry({ service: 'ingester' });
  const now = deps.now ?? Date.now;
  const kafka = createKafka(config.kafka.client, logger);
  const client = createElasticsearchClient(config.elasticsearch.client);
  const writer = createEsSpanWriter(client, config.elasticsearch, { registry, logger });
  const deadLetters = new KafkaDeadLetterSink({ kafka, topic: config.ingest.deadLetterTopic.topic, ackTimeoutMs: config.ingest.ackTimeoutMs });
  const admit: SpanAdmission = (span) => {
    const where = outsideWindow(span, config.window, now());
    if (where === undefined) return undefined;
    return where === 'future'
      ? `span starts or ends more than ${config.window.maxFutureMs} ms in the future (INGESTER_SPAN_MAX_FUTURE)`
      : `span starts more than ${config.window.maxPastMs} ms in the past (INGESTER_SPAN_MAX_PAST)`;
  };
  const consumer = new KafkaSpanConsumer({
    kafka,
    topic: config.kafka.topic.topic,
    config: config.ingest.consumer,
    writer,
    decode: decodeOtlpProto,
    encode: encodeOtlpProto,
    admit,
    deadLetters,
    backoff: config.backoff,
    // Records are decoded a bulk request's worth at a time, just before the writer can take them,
    // with one window decoded ahead of the requests in flight: spans die young (ADR 011).
    window: { spans: config.elasticsearch.bulk.maxActions, concurrent: config.elasticsearch.bulk.concurrency + 1 },
    registry,
    logger: logger.child({ component: 'consumer' }),
  });
  const admin = createAdminServer({
    host: config.common.listenHost,
    port: config.common.adminPort,
    registry,
    logger,
    readiness: { consumer: () => consumer.check() },
  });

  const topics: Service = {
    name: 'kafka-topics',
    start: async () => {
      if (!config.kafka.createTopic) return;
      const client = kafka.admin();
      await client.connect();
      try {
        const spans = config.kafka.topic;
        for (const spec of [spans, { ...spans, ...config.ingest.deadLetterTopic }]) {
          const result = await ensureTopic(client, spec);
          logger.info({ topic: spec.topic, ...result }, result.created ? 'created topic' : 'topic exists');
        }
      } finally {
        await client.disconnect();
      }
    },
    stop: async () => undefined,
  };
  const storage: Service = {
    name: 'elasticsearch',
    start: async () => {
      // Templates are ensured again before the first write of each index base, so an
      // unavailable cluster at start only delays ingestion (lag grows) instead of failing start.
      await writer.start().catch((error: unknown) => logger.warn({ err: error }, 'elasticsearch not ready at start: index templates will be installed on the first write'));
    },
    stop: async () => {
      await writer.stop();
      await client.close();
    },
  };

  const lifecycle = new Lifecycle(logger).add(admin).add(topics).add(storage).add(deadLetters).add(consumer);
  return { lifecycle, logger, registry, admin, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
