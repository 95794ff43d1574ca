import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Kafka, Producer } from 'kafkajs';
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Span } from '@waymark/span-model';
import { SpanWriteError } from '@waymark/storage-api';
import type { EncodedSpanBatch, SpanWriter, WriteContext } from '@waymark/storage-api';
import type { Service } from '@waymark/platform';
import { GroupCommit } from '@waymark/queue-bounded';
import { KAFKA_CONNECT_RETRY } from './kafka-client';
import { classifyKafkaError } from './kafka-errors';
import { keyPartitioner, traceIdPartitioner } from './key-partitioner';
import { partitionMessages, tenantHeaders, traceMessages } from './trace-messages';
import type { KeyPartitioner, SpanEncoder, TraceMessage } from './trace-messages';

export interface KafkaSpanWriterOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly encode: SpanEncoder;
  readonly compression: 'none' | 'gzip';
  /** Upper bound of one produce request's records; keep under the topic's max.message.bytes. */
  readonly maxBatchBytes: number;
  /** Upper bound of one record. */
  readonly maxMessageBytes: number;
  /** Produce requests in flight at once; more writes gather into the next one meanwhile. */
  readonly maxInFlight: number;
  /** How long the brokers may take to replicate a batch to all in-sync replicas. */
  readonly ackTimeoutMs: number;
  /** Retry-After given to clients while Kafka is unavailable. */
  readonly retryAfterMs: number;
  /**
   * `partition` (default): one record per partition per write, holding the traces whose ids hash
   * to that partition (see `partitionMessages`); the partition count is read from the topic's
   * metadata at start. `trace`: one record per trace, keyed by trace id. See ADR 003.
   */
  readonly granularity?: 'trace' | 'partition';
  readonly registry: Registry;
}

/**
 * A SpanWriter that produces OTLP records to Kafka with acks=all. `write` resolves only when
 * the brokers acknowledged every record carrying the given spans; concurrent writes share
 * produce requests (group commit). Failures reject with a SpanWriteError, retryable unless the
 * records themselves are unacceptable. Duplicates after a retry are possible and harmless: the
 * ingester stores each span under a deterministic id.
 */
export class KafkaSpanWriter implements SpanWriter, Service {
  readonly name = 'kafka-span-writer';
  private readonly producer: Producer;
  private readonly group: GroupCommit<TraceMessage>;
  private readonly published: Counter<'result'>;
  private readonly latency: Histogram;
  private partitionOf: KeyPartitioner | undefined;
  private partitionOfBytes: ((bytes: Uint8Array, offset: number) => number) | undefined;
  private started: Promise<void> | undefined;
  private stopped: Promise<void> | undefined;

  constructor(private readonly options: KafkaSpanWriterOptions) {
    // The Java client's murmur2 partitioner: any Java-based producer or consumer computes the same
    // partition for a trace id. Chosen explicitly (kafkajs warns when it is left implicit).
    this.producer = options.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Rides out a leader election (~0.7 s of backoff), then the client is told to retry.
      retry: { ...KAFKA_CONNECT_RETRY },
    });
    this.group = new GroupCommit({ send: (messages) => this.send(messages), maxInFlight: options.maxInFlight, maxBatchBytes: options.maxBatchBytes });
    const registers = [options.registry];
    this.published = new Counter({ name: 'waymark_kafka_spans_produced_total', help: 'Spans in records acknowledged (ok) or refused (error) by Kafka.', labelNames: ['result'], registers });
    this.latency = new Histogram({
      name: 'waymark_kafka_produce_duration_seconds',
      help: 'Time for one produce request to be acknowledged by all in-sync replicas.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
  }

  start(): Promise<void> {
    this.started ??= (async () => {
      await this.producer.connect();
      if (this.options.granularity !== 'trace') {
        const count = await this.partitionCount();
        this.partitionOf = keyPartitioner(count);
        this.partitionOfBytes = traceIdPartitioner(count);
      }
    })();
    return this.started;
  }

  /** Waits for every write in progress to be acknowledged or refused, then disconnects. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      await this.group.idle();
      await this.producer.disconnect();
    })();
    return this.stopped;
  }

  async write(spans: readonly Span[], context?: WriteContext): Promise<void> {
    if (spans.length === 0) return;
    const { encode, maxMessageBytes } = this.options;
    let messages: TraceMessage[];
    if (this.options.granularity === 'trace') messages = traceMessages(spans, encode, maxMessageBytes, context?.tenant);
    else if (this.partitionOf) messages = partitionMessages(spans, encode, maxMessageBytes, this.partitionOf, context?.tenant);
    else throw new SpanWriteError('Kafka writer not started: the topic partition count is not known yet', true, { retryAfterMs: this.options.retryAfterMs });
    let bytes = 0;
    for (const message of messages) bytes += message.value.length;
    await this.group.add(messages, bytes);
  }

  /**
   * The collector's fast path: a batch still in its received OTLP encoding becomes one record per
   * partition by copying bytes (`EncodedSpanBatch.regroup`), the same records `write` makes from
   * decoded spans. In `trace` granularity, or when a partition's record would be too big (then
   * `write` splits it), the batch is decoded and written as spans.
   */
  async writeEncoded(batch: EncodedSpanBatch, context?: WriteContext): Promise<void> {
    if (batch.spanCount === 0) return;
    const partitionOf = this.partitionOfBytes;
    if (this.options.granularity === 'trace' || partitionOf === undefined) return this.write(batch.decode(), context);
    const groups = batch.regroup(partitionOf);
    const headers = tenantHeaders(context?.tenant);
    const messages: TraceMessage[] = [];
    let bytes = 0;
    for (const [partition, group] of groups) {
      if (group.bytes.length > this.options.maxMessageBytes) return this.write(batch.decode(), context);
      const value = Buffer.from(group.bytes.buffer, group.bytes.byteOffset, group.bytes.length);
      messages.push({ key: group.firstTraceId, partition, value, ...(headers ? { headers } : {}), spanCount: group.spanCount });
      bytes += value.length;
    }
    await this.group.add(messages, bytes);
  }

  private async send(messages: TraceMessage[]): Promise<void> {
    const spans = messages.reduce((sum, message) => sum + message.spanCount, 0);
    const timer = this.latency.startTimer();
    try {
      await this.producer.send({
        topic: this.options.topic,
        acks: -1,
        timeout: this.options.ackTimeoutMs,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        messages: messages.map(({ key, partition, value, headers }) => ({ key, value, ...(partition === undefined ? {} : { partition }), ...(headers ? { headers } : {}) })),
      });
      this.published.inc({ result: 'ok' }, spans);
    } catch (error) {
      this.published.inc({ result: 'error' }, spans);
      throw classifyKafkaError(error, this.options.retryAfterMs);
    } finally {
      timer();
    }
  }

  private async partitionCount(): Promise<number> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [this.options.topic] });
      const count = topics[0]?.partitions.length ?? 0;
      if (count === 0) throw new Error(`topic ${this.options.topic} has no partitions`);
      return count;
    } finally {
      await admin.disconnect();
    }
  }
}
