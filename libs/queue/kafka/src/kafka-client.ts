import { Kafka, logLevel } from 'kafkajs';
import type { LogEntry, SASLOptions } from 'kafkajs';
import { BurstLog } from '@waymark/platform';
import type { Logger } from '@waymark/platform';

export interface KafkaClientConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly tls: boolean;
  /** SASL PLAIN / SCRAM credentials; never logged. */
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'debug',
};

/**
 * How long kafkajs keeps trying to (re)connect before a call fails: about 0.7 s of backoff
 * (100, 200, 400 ms) over four attempts. Short on purpose: callers decide what a failure means
 * and tell their clients to retry, rather than kafkajs retrying behind their backs (a producer
 * pays a full cycle twice per send while no broker answers, so the collector's 503 comes after
 * ~1.5 s instead of ~6 s). Every field is explicit: kafkajs fills missing ones from other
 * defaults when NODE_ENV=test, which made tests time a different policy than production.
 */
export const KAFKA_CONNECT_RETRY = { initialRetryTime: 100, maxRetryTime: 1000, retries: 3, factor: 0.2, multiplier: 2 } as const;

/**
 * A kafkajs client whose own logs go through our logger: its INFO chatter at debug, its errors
 * and warnings one line per burst of the same message (while no broker answers, kafkajs logs an
 * error for every connection attempt of every send, a dozen lines per client request).
 */
export function createKafka(config: KafkaClientConfig, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  const burst = new BurstLog(log);
  return new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    ssl: config.tls,
    sasl: config.sasl as SASLOptions | undefined,
    connectionTimeout: config.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    retry: { ...KAFKA_CONNECT_RETRY },
    logLevel: logLevel.INFO,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _name, ...fields } = entry;
        const text = String(message);
        const as = LEVELS[level] ?? 'debug';
        // kafkajs messages name brokers and topics, not client data: a bounded set of keys.
        if (as === 'error' || as === 'warn') burst[as](text, fields, text);
        else log[as](fields, text);
      },
  });
}
