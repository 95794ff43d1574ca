/**
 * The two systems under test as split stacks (collector → Kafka → ingester → Elasticsearch),
 * each process on its own free ports, with the run's topic, consumer group and index prefix.
 *
 * - Waymark: the production bundles dist/apps/{collector,ingester}/main.js (copied privately by
 *   e2e.ts), configured only through their documented environment variables.
 * - Jaeger v2: one `jaeger` binary per role, from bench/jaeger/{collector,ingester}.yaml.
 */
import { join } from 'node:path';
import { freePort } from './collector-process';
import { metricBy, metricSum, scrape, startProcess, waitHttpOk } from './e2e-processes';
import type { BenchProcess } from './e2e-processes';

export type SystemName = 'waymark' | 'jaeger';

export interface StackOptions {
  readonly runId: string;
  readonly brokers: string;
  readonly es: string;
  readonly topic: string;
  readonly groupId: string;
  readonly indexPrefix: string;
  readonly partitions: number;
  readonly logFile: string;
}

/** What the collector says it did with the spans it received. */
export interface CollectorCounts {
  /** Spans the collector answered 2xx for (Waymark: after Kafka acknowledged them). */
  readonly accepted: number;
  /** Spans it refused, by reason (the client was told). */
  readonly refused: Record<string, number>;
  /** Anything else worth printing: spans its exporter sent or failed to send or queue. */
  readonly detail: Record<string, number>;
}

export interface Stack {
  readonly system: SystemName;
  /** host:port of OTLP/HTTP. */
  readonly otlpEndpoint: string;
  readonly collector: BenchProcess;
  readonly ingester: BenchProcess;
  /** Topics the stack uses (for clean-up). */
  readonly topics: readonly string[];
  collectorCounts(): Promise<CollectorCounts>;
  /** Ingester-side counters (Waymark: spans stored; Jaeger: spans received and exported). */
  ingesterCounts(): Promise<Record<string, number>>;
  /**
   * Whether the stack's own counters say every span its collector accepted has been passed on:
   * Waymark: the ingester stored or dead-lettered as many spans as the collector accepted (the
   * collector accepts only what Kafka acknowledged). Jaeger: the collector's Kafka exporter sent
   * (or gave up) every accepted span, and the ingester's storage exporter every span it consumed.
   */
  settled(): Promise<boolean>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/** Mean of a Prometheus histogram in milliseconds (over all its label sets). */
function mean(text: string, histogram: string): number {
  const count = metricSum(text, `${histogram}_count`);
  return count > 0 ? (metricSum(text, `${histogram}_sum`) / count) * 1000 : 0;
}

/** `nodeArgs`: flags for the collector's and the ingester's node (a CPU profile, GC tracing). */
export async function startWaymark(options: StackOptions, bundles: { collector: string; ingester: string }, nodeArgs: readonly string[] = []): Promise<Stack> {
  const node = (bundle: string) => [...nodeArgs, bundle];
  const [otlpPort, collectorAdmin, ingesterAdmin] = [await freePort(), await freePort(), await freePort()];
  const common = { LOG_LEVEL: 'warn', LISTEN_HOST: '127.0.0.1', KAFKA_BROKERS: options.brokers, KAFKA_TOPIC: options.topic };
  const ingester = startProcess('waymark-ingester', process.execPath, node(bundles.ingester), {
    ...common,
    ADMIN_PORT: String(ingesterAdmin),
    KAFKA_CREATE_TOPIC: 'false',
    KAFKA_CONSUMER_GROUP_ID: options.groupId,
    ELASTICSEARCH_URL: options.es,
    ES_INDEX_PREFIX: options.indexPrefix,
  }, options.logFile);
  await waitHttpOk(ingester, `http://127.0.0.1:${ingesterAdmin}/ready`, READY_TIMEOUT_MS);
  const collector = startProcess('waymark-collector', process.execPath, node(bundles.collector), {
    ...common,
    ADMIN_PORT: String(collectorAdmin),
    RECEIVERS: 'otlp-http',
    OTLP_HTTP_PORT: String(otlpPort),
    KAFKA_TOPIC_PARTITIONS: String(options.partitions),
  }, options.logFile);
  await waitHttpOk(collector, `http://127.0.0.1:${collectorAdmin}/ready`, READY_TIMEOUT_MS);
  const stack: Stack = {
    system: 'waymark',
    otlpEndpoint: `127.0.0.1:${otlpPort}`,
    collector,
    ingester,
    topics: [options.topic, `${options.topic}-dlq`],
    async collectorCounts() {
      const text = await scrape(`http://127.0.0.1:${collectorAdmin}/metrics`);
      return {
        accepted: metricSum(text, 'waymark_collector_spans_accepted_total'),
        refused: metricBy(text, 'waymark_collector_spans_refused_total', 'reason'),
        detail: {
          produced: metricSum(text, 'waymark_kafka_spans_produced_total', ['result="ok"']),
          produceFailed: metricSum(text, 'waymark_kafka_spans_produced_total', ['result="error"']),
          // Where a request's time goes: mean time in the collector (decoded → answered) and mean
          // Kafka produce round trip, against the round trip the SDK saw.
          requestMeanMs: mean(text, 'waymark_collector_request_duration_seconds'),
          produceMeanMs: mean(text, 'waymark_kafka_produce_duration_seconds'),
        },
      };
    },
    async ingesterCounts() {
      const text = await scrape(`http://127.0.0.1:${ingesterAdmin}/metrics`);
      return {
        ...Object.fromEntries(Object.entries(metricBy(text, 'waymark_ingester_spans_total', 'result')).map(([result, n]) => [`spans_${result}`, n])),
        deadLetters: metricSum(text, 'waymark_ingester_dead_letters_total'),
        retries: metricSum(text, 'waymark_ingester_retries_total'),
      };
    },
    async settled() {
      const [{ accepted }, counts] = await Promise.all([this.collectorCounts(), this.ingesterCounts()]);
      return (counts['spans_stored'] ?? 0) + (counts['spans_dead_lettered'] ?? 0) >= accepted;
    },
    async stop() {
      await collector.stop();
      await ingester.stop();
    },
  };
  return stack;
}

export async function startJaeger(options: StackOptions, binary: string, configDir: string): Promise<Stack> {
  const [otlpPort, collectorMetrics, collectorHealth, ingesterMetrics, ingesterHealth] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const common = { KAFKA_BROKER: options.brokers.split(',')[0] as string, KAFKA_TOPIC: options.topic };
  const ingester = startProcess('jaeger-ingester', binary, ['--config', join(configDir, 'ingester.yaml')], {
    ...common,
    JAEGER_METRICS_PORT: String(ingesterMetrics),
    JAEGER_HEALTH_PORT: String(ingesterHealth),
    KAFKA_GROUP_ID: options.groupId,
    ELASTICSEARCH_URL: options.es,
    JAEGER_INDEX_PREFIX: options.indexPrefix,
  }, options.logFile);
  await waitHttpOk(ingester, `http://127.0.0.1:${ingesterHealth}/status`, READY_TIMEOUT_MS);
  const collector = startProcess('jaeger-collector', binary, ['--config', join(configDir, 'collector.yaml')], {
    ...common,
    JAEGER_METRICS_PORT: String(collectorMetrics),
    JAEGER_HEALTH_PORT: String(collectorHealth),
    JAEGER_OTLP_HTTP_PORT: String(otlpPort),
  }, options.logFile);
  await waitHttpOk(collector, `http://127.0.0.1:${collectorHealth}/status`, READY_TIMEOUT_MS);
  const stack: Stack = {
    system: 'jaeger',
    otlpEndpoint: `127.0.0.1:${otlpPort}`,
    collector,
    ingester,
    topics: [options.topic],
    async collectorCounts(): Promise<CollectorCounts> {
      const text = await scrape(`http://127.0.0.1:${collectorMetrics}/metrics`);
      const refused = metricSum(text, 'otelcol_receiver_refused_spans', ['receiver="otlp"']);
      return {
        accepted: metricSum(text, 'otelcol_receiver_accepted_spans', ['receiver="otlp"']),
        refused: refused > 0 ? { receiver: refused } : ({} as Record<string, number>),
        detail: {
          exporterSent: metricSum(text, 'otelcol_exporter_sent_spans', ['exporter="kafka"']),
          exporterSendFailed: metricSum(text, 'otelcol_exporter_send_failed_spans', ['exporter="kafka"']),
          exporterEnqueueFailed: metricSum(text, 'otelcol_exporter_enqueue_failed_spans', ['exporter="kafka"']),
        },
      };
    },
    async ingesterCounts() {
      const text = await scrape(`http://127.0.0.1:${ingesterMetrics}/metrics`);
      return {
        receiverAccepted: metricSum(text, 'otelcol_receiver_accepted_spans', ['receiver="kafka"']),
        receiverRefused: metricSum(text, 'otelcol_receiver_refused_spans', ['receiver="kafka"']),
        exporterSent: metricSum(text, 'otelcol_exporter_sent_spans', ['exporter="jaeger_storage_exporter"']),
        exporterSendFailed: metricSum(text, 'otelcol_exporter_send_failed_spans', ['exporter="jaeger_storage_exporter"']),
      };
    },
    async settled() {
      const [collected, ingested] = await Promise.all([this.collectorCounts(), this.ingesterCounts()]);
      const handedOn = (collected.detail['exporterSent'] ?? 0) + (collected.detail['exporterSendFailed'] ?? 0) + (collected.detail['exporterEnqueueFailed'] ?? 0);
      return handedOn >= collected.accepted && (ingested['exporterSent'] ?? 0) + (ingested['exporterSendFailed'] ?? 0) >= (ingested['receiverAccepted'] ?? 0);
    },
    async stop() {
      await collector.stop();
      await ingester.stop();
    },
  };
  return stack;
}
