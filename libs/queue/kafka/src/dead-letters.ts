import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Kafka, Producer } from 'kafkajs';
import type { Service } from '@waymark/platform';
import { KAFKA_CONNECT_RETRY } from './kafka-client';
import { TENANT_HEADER } from './trace-messages';
import type { DeadLetter, DeadLetterSink } from './batch-ingest';

/** Record headers of a dead letter: why, and where it came from. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-waymark-dlq-reason',
  detail: 'x-waymark-dlq-detail',
  source: 'x-waymark-dlq-source',
  spans: 'x-waymark-dlq-spans',
} as const;

/** The detail header is cut here: a mapping error quoting a huge value must not make the letter unwritable. */
const MAX_DETAIL_CHARS = 4096;

export interface KafkaDeadLetterSinkOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly ackTimeoutMs: number;
}

/**
 * Dead letters as Kafka records on their own topic, produced with acks=all: the value is the
 * original record's bytes (undecodable, invalid spans) or the OTLP protobuf encoding of the spans
 * concerned (outside the window, refused by the store); headers carry the reason, a detail, the
 * source `topic/partition/offset`, the span count and the tenant. Replaying a letter after fixing
 * its cause is producing its value back to the spans topic.
 */
export class KafkaDeadLetterSink implements DeadLetterSink, Service {
  readonly name = 'kafka-dead-letters';
  private readonly producer: Producer;

  constructor(private readonly options: KafkaDeadLetterSinkOptions) {
    this.producer = options.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner, retry: { ...KAFKA_CONNECT_RETRY } });
  }

  async start(): Promise<void> {
    await this.producer.connect();
  }

  async stop(): Promise<void> {
    await this.producer.disconnect();
  }

  async send(letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.options.topic,
      acks: -1,
      timeout: this.options.ackTimeoutMs,
      compression: CompressionTypes.None,
      messages: letters.map((letter) => ({
        key: letter.key,
        value: letter.value,
        headers: {
          [DEAD_LETTER_HEADERS.reason]: letter.reason,
          [DEAD_LETTER_HEADERS.detail]: letter.detail.length > MAX_DETAIL_CHARS ? `${letter.detail.slice(0, MAX_DETAIL_CHARS)}…` : letter.detail,
          [DEAD_LETTER_HEADERS.source]: `${letter.source.topic}/${letter.source.partition}/${letter.source.offset}`,
          [DEAD_LETTER_HEADERS.spans]: String(letter.spanCount),
          ...(letter.tenant === undefined ? {} : { [TENANT_HEADER]: letter.tenant }),
        },
      })),
    });
  }
}
