import { SpanWriteError } from '@waymark/storage-api';

/** Kafka error types (protocol error names) that no retry of the same records can fix. */
const PERMANENT = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE', 'TOPIC_AUTHORIZATION_FAILED', 'INVALID_REQUIRED_ACKS', 'UNSUPPORTED_VERSION']);

interface KafkaLikeError {
  readonly name?: string;
  readonly type?: string;
  readonly message?: string;
  readonly originalError?: KafkaLikeError;
}

/**
 * A kafkajs failure as a SpanWriteError: retryable unless Kafka said the records themselves
 * are unacceptable. Connection errors, timeouts, leader elections, NOT_ENOUGH_REPLICAS and
 * exhausted retries all mean "Kafka is not available right now": the client retries.
 */
export function classifyKafkaError(error: unknown, retryAfterMs: number): SpanWriteError {
  let cursor = error as KafkaLikeError | undefined;
  let type: string | undefined;
  for (let depth = 0; cursor && depth < 5; depth++, cursor = cursor.originalError) type ??= cursor.type;
  const message = `kafka: ${(error as KafkaLikeError)?.message ?? String(error)}`;
  const permanent = type !== undefined && PERMANENT.has(type);
  return new SpanWriteError(message, !permanent, { cause: error, retryAfterMs: permanent ? undefined : retryAfterMs });
}
