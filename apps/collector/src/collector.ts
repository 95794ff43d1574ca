import { createAdminServer, createLogger, createMetricsRegistry, Lifecycle } from '@waymark/platform';
import type { AdminServer, Logger, RunnableApp, Service } from '@waymark/platform';
import { createKafka, ensureTopic, KafkaSpanWriter } from '@waymark/queue-kafka';
import { buildReceivers } from '@waymark/receivers';
import type { Receivers } from '@waymark/receivers';
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
  const receivers = buildReceivers({ config: config.receivers, listenHost: config.common.listenHost, writer, logger, registry });
  let serving = false;
  const admin = createAdminServer({
    host: config.common.listenHost,
    port: config.common.adminPort,
    registry,
    logger,
    readiness: {
      receivers: () => {
        if (!serving) throw new Error('starting');
      },
    },
  });

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
  const intake: Service = {
    name: 'intake',
    start: async () => {
      serving = true;
    },
    stop: async () => {
      serving = false;
      admin.markDraining();
      receivers.pipeline.close();
    },
  };

  const lifecycle = new Lifecycle(logger).add(admin).add(topic).add(writer);
  // Receivers stop after `intake` is marked draining, and before the writer drains.
  for (const server of receivers.servers) lifecycle.add(server);
  lifecycle.add(intake);
  return { lifecycle, logger, registry, admin, receivers, shutdownTimeoutMs: config.common.shutdownTimeoutMs };
}
