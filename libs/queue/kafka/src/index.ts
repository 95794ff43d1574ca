export { createKafka } from './kafka-client';
export type { KafkaClientConfig } from './kafka-client';
export { classifyKafkaError } from './kafka-errors';
export { ensureTopic } from './topic';
export type { TopicSpec } from './topic';
export { partitionMessages, TENANT_HEADER, traceMessages } from './trace-messages';
export type { KeyPartitioner, SpanEncoder, TraceMessage } from './trace-messages';
export { keyPartitioner } from './key-partitioner';
export { KafkaSpanWriter } from './kafka-span-writer';
export type { KafkaSpanWriterOptions } from './kafka-span-writer';
export { GroupCommit } from './group-commit';
export { readKafkaConfig, readKafkaProducerConfig } from './kafka-config';
export type { KafkaConfig, KafkaProducerConfig } from './kafka-config';
// Test support: integration tests outside this adapter read topics through it (kafkajs stays here).
export { readTopicRecords } from './testing/read-records';
export type { ReadTopicOptions, TopicRecord } from './testing/read-records';
