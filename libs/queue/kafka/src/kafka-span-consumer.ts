import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { BurstLog } from '@waymark/platform';
import type { Service } from '@waymark/platform';
import { BatchIngestor } from './batch-ingest';
import type { BatchIngestorOptions, DeadLetterReason, InboundRecord, IngestObserver } from './batch-ingest';
import { TENANT_HEADER } from './trace-messages';

export interface KafkaConsumerConfig {
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  /** Bytes fetched per partition and per fetch at most (bounds the memory of one batch). */
  readonly maxBytesPerPartition: number;
  readonly maxBytes: number;
  readonly maxWaitMs: number;
  /** Partition batches processed at once; their bulk requests share the writer's concurrency. */
  readonly partitionsConcurrently: number;
  /** Where a group without committed offsets starts: the oldest record (true) or new ones only. */
  readonly fromBeginning: boolean;
}

export interface KafkaSpanConsumerOptions extends Omit<BatchIngestorOptions, 'observer'> {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly config: KafkaConsumerConfig;
  readonly registry: Registry;
}

const REBALANCING = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

class ConsumerMetrics implements IngestObserver {
  readonly records: Counter;
  readonly joins: Counter;
  readonly spans: Counter<'result'>;
  readonly deadLetters: Counter<'reason'>;
  readonly retries: Counter<'what'>;
  readonly blockedBatches: Gauge;
  readonly inFlight: Gauge;
  readonly lag: Gauge<'partition'>;
  readonly resolved: Gauge<'partition'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.joins = new Counter({ name: 'waymark_ingester_group_joins_total', help: 'Times this member joined the consumer group (start, and each rebalance).', registers });
    this.records = new Counter({ name: 'waymark_ingester_records_consumed_total', help: 'Kafka records fetched from the spans topic and handed to the worker pool.', registers });
    this.spans = new Counter({
      name: 'waymark_ingester_spans_total',
      help: 'Spans by outcome: consumed (decoded from records, invalid ones included), stored (in the store, created or already there), dead_lettered.',
      labelNames: ['result'],
      registers,
    });
    this.deadLetters = new Counter({ name: 'waymark_ingester_dead_letters_total', help: 'Dead letters produced, by reason.', labelNames: ['reason'], registers });
    this.retries = new Counter({ name: 'waymark_ingester_retries_total', help: 'Writes (after the writer gave up its own retries) and dead-letter sends tried again.', labelNames: ['what'], registers });
    this.blockedBatches = new Gauge({ name: 'waymark_ingester_blocked_batches', help: 'Partition batches waiting for an unavailable store or dead-letter topic (consumption of their partitions is paused).', registers });
    this.inFlight = new Gauge({ name: 'waymark_ingester_in_flight_records', help: 'Records fetched and not yet stored or dead-lettered.', registers });
    this.lag = new Gauge({ name: 'waymark_ingester_partition_lag', help: 'Records of the partition not yet stored or dead-lettered (from the batch in progress to the high watermark when it was fetched).', labelNames: ['partition'], registers });
    this.resolved = new Gauge({ name: 'waymark_ingester_resolved_offset', help: 'The next offset to commit per partition: every record below it is stored or dead-lettered.', labelNames: ['partition'], registers });
    for (const reason of ['undecodable', 'invalid_spans', 'outside_window', 'rejected'] satisfies DeadLetterReason[]) this.deadLetters.inc({ reason }, 0);
  }

  spansConsumed(count: number): void {
    this.spans.inc({ result: 'consumed' }, count);
  }
  spansStored(count: number): void {
    this.spans.inc({ result: 'stored' }, count);
  }
  deadLettered(reason: DeadLetterReason, spans: number): void {
    this.deadLetters.inc({ reason });
    this.spans.inc({ result: 'dead_lettered' }, spans);
  }
  retrying(what: 'write' | 'dead_letter'): void {
    this.retries.inc({ what });
  }
  blocked(blocked: boolean): void {
    if (blocked) this.blockedBatches.inc();
    else this.blockedBatches.dec();
  }
}

function inbound(partition: number, message: KafkaMessage): InboundRecord {
  const tenant = message.headers?.[TENANT_HEADER];
  return {
    partition,
    offset: Number(message.offset),
    key: message.key,
    value: message.value,
    tenant: tenant === undefined ? undefined : (Array.isArray(tenant) ? tenant[0] : tenant)?.toString(),
  };
}

/**
 * The ingester's consumer group member: fetches batches of the spans topic per partition, hands
 * each to a {@link BatchIngestor}, and resolves a record's offset only once its spans are stored
 * or dead-lettered. kafkajs commits what is resolved after every batch it hands over (and before
 * giving up partitions in a rebalance), so a commit never passes a span that is
 * not stored. A batch that cannot finish (the consumer stops, or the partition is taken away) is
 * left unresolved and fetched again by whoever owns the partition next.
 *
 * While a batch waits for Elasticsearch, its partition is not fetched again (batches of one
 * partition are sequential), heartbeats go on every `heartbeatIntervalMs` so the member keeps
 * its partitions, and lag grows until the store answers again.
 */
export class KafkaSpanConsumer implements Service {
  readonly name = 'kafka-span-consumer';
  private readonly consumer: Consumer;
  private readonly ingestor: BatchIngestor;
  private readonly metrics: ConsumerMetrics;
  private readonly burst: BurstLog;
  private joined = false;
  private crashed: Error | undefined;

  constructor(private readonly options: KafkaSpanConsumerOptions) {
    const { config } = options;
    this.consumer = options.kafka.consumer({
      groupId: config.groupId,
      sessionTimeout: config.sessionTimeoutMs,
      heartbeatInterval: config.heartbeatIntervalMs,
      rebalanceTimeout: config.rebalanceTimeoutMs,
      maxBytesPerPartition: config.maxBytesPerPartition,
      maxBytes: config.maxBytes,
      maxWaitTimeInMs: config.maxWaitMs,
      allowAutoTopicCreation: false,
      // kafkajs restarts the member after a retriable crash (a lost broker, a coordinator move).
      retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 10 },
    });
    this.metrics = new ConsumerMetrics(options.registry);
    this.ingestor = new BatchIngestor({ ...options, observer: this.metrics });
    this.burst = new BurstLog(options.logger);
    const { GROUP_JOIN, CRASH, REBALANCING: REBALANCE } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.joined = true;
      this.crashed = undefined;
      this.metrics.joins.inc();
      options.logger.info({ groupId: payload.groupId, memberId: payload.memberId, assignment: payload.memberAssignment }, 'joined the consumer group');
    });
    this.consumer.on(REBALANCE, () => {
      options.logger.info({ groupId: config.groupId }, 'consumer group rebalancing');
    });
    this.consumer.on(CRASH, ({ payload }) => {
      this.joined = false;
      this.crashed = payload.error;
      options.logger.error({ err: payload.error, restart: payload.restart }, payload.restart ? 'consumer crashed; restarting' : 'consumer crashed; not restarting');
    });
  }

  /** For readiness: a member of the group, not crashed. */
  check(): void {
    if (this.crashed) throw new Error(`consumer crashed: ${this.crashed.message}`);
    if (!this.joined) throw new Error('not (yet) a member of the consumer group');
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: this.options.config.fromBeginning });
    await this.consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.config.partitionsConcurrently,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Stops fetching, lets batches in progress finish their writes, commits what is resolved, leaves the group. */
  async stop(): Promise<void> {
    this.joined = false;
    await this.consumer.stop();
    await this.consumer.disconnect();
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (batch.messages.length === 0) return;
    const { partition, topic } = batch;
    const records = batch.messages.map((message) => inbound(partition, message));
    this.metrics.records.inc(records.length);
    this.metrics.inFlight.inc(records.length);
    // Not stored yet: this batch and everything after it (kept while the batch waits for the store).
    this.metrics.lag.set({ partition: String(partition) }, Math.max(0, Number(batch.highWatermark) - (records[0] as InboundRecord).offset));
    let revoked = false;
    const beat = setInterval(() => {
      heartbeat().catch((error: { type?: string; message?: string }) => {
        if (error?.type !== undefined && REBALANCING.has(error.type)) revoked = true;
        else this.burst.warn('heartbeat-failed', { type: error?.type }, `heartbeat failed: ${error?.message ?? String(error)}`);
      });
    }, this.options.config.heartbeatIntervalMs);
    try {
      const stored = await this.ingestor.ingest(topic, records, { active: () => isRunning() && !isStale() && !revoked });
      if (!stored) return;
      const last = records[records.length - 1] as InboundRecord;
      resolveOffset(String(last.offset));
      this.metrics.resolved.set({ partition: String(partition) }, last.offset + 1);
      this.metrics.lag.set({ partition: String(partition) }, Math.max(0, Number(batch.highWatermark) - last.offset - 1));
    } finally {
      clearInterval(beat);
      this.metrics.inFlight.dec(records.length);
    }
  }
}
