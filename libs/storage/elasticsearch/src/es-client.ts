import { readFileSync } from 'node:fs';
import { Client } from '@elastic/elasticsearch';
import type { Secret } from './secret';
import type { SendBulk } from './es-span-writer';

export interface ElasticsearchClientConfig {
  /** One or more `http(s)://host:port` URLs (use 127.0.0.1, not localhost: Node may pick ::1). */
  readonly nodes: readonly string[];
  /** Basic authentication; never logged (see Secret). */
  readonly username?: string;
  readonly password?: Secret;
  readonly apiKey?: Secret;
  /** A PEM file of the CA that signed the cluster's certificate. */
  readonly tlsCaPath?: string;
  readonly requestTimeoutMs: number;
}

/**
 * A client for the 8.x cluster. The client itself never retries (`maxRetries: 0`): the writer
 * retries bulk items with its own bounded backoff and says when it gives up, and readers report
 * a retryable error at once rather than after hidden retries behind a request timeout each.
 * Reads a CA file when configured, so a missing file fails at start.
 */
export function createElasticsearchClient(config: ElasticsearchClientConfig): Client {
  const auth = config.apiKey ? { apiKey: config.apiKey.reveal() } : config.username && config.password ? { username: config.username, password: config.password.reveal() } : undefined;
  return new Client({
    nodes: [...config.nodes],
    ...(auth ? { auth } : {}),
    ...(config.tlsCaPath ? { tls: { ca: readFileSync(config.tlsCaPath) } } : {}),
    requestTimeout: config.requestTimeoutMs,
    maxRetries: 0,
  });
}

// Only what the writer reads: each item's status and error. Keeps large responses small.
const BULK_FILTER_PATH = 'errors,items.*.status,items.*.error';

/**
 * Sends NDJSON bulk bodies through the client as they are, without refresh: a Buffer body is
 * neither serialized nor encoded again by the transport (`bulkBody` passes strings and Buffers
 * through; undici writes the Buffer to the socket).
 */
export function clientBulkSender(client: Client): SendBulk {
  return (body) => client.transport.request({ method: 'POST', path: '/_bulk', querystring: { filter_path: BULK_FILTER_PATH }, bulkBody: body });
}
