import { createLogger, EnvReader } from '@waymark/platform';
import type { Span } from '@waymark/span-model';
import type { WriteContext } from '@waymark/storage-api';
import { createElasticsearchClient, createEsSpanWriter, readElasticsearchConfig } from '@waymark/storage-elasticsearch';
import { elasticsearchUrl, uniqueName } from '@waymark/test-infra';
import { Registry } from 'prom-client';
import { loadQueryConfig } from '../../src/config';
import { createQuery } from '../../src/query';
import type { QueryApp } from '../../src/query';

export interface QueryUnderTest {
  readonly app: QueryApp;
  readonly prefix: string;
  /** `http://127.0.0.1:<api port><path>`. */
  url(path: string): string;
  adminUrl(path: string): string;
  /** Writes through the ingester's writer (EsSpanWriter) under the test's prefix, then makes it searchable. */
  write(spans: readonly Span[], context?: WriteContext): Promise<void>;
  /** Stops the app, deletes the prefix's indices and templates. */
  stop(): Promise<void>;
}

/**
 * A query app started in-process the way main.ts starts it, on ephemeral ports, over the real
 * Elasticsearch under its own index prefix; logs off. `env` adds to or overrides the defaults.
 */
export async function startQuery(name: string, env: Record<string, string> = {}, now?: () => number): Promise<QueryUnderTest> {
  const prefix = uniqueName(name);
  const fullEnv = { ELASTICSEARCH_URL: elasticsearchUrl(), ES_INDEX_PREFIX: prefix, LISTEN_HOST: '127.0.0.1', ADMIN_PORT: '0', QUERY_HTTP_PORT: '0', LOG_LEVEL: 'silent', ...env };
  const app = createQuery(loadQueryConfig(fullEnv), now ? { now } : {});
  await app.lifecycle.start();

  // The writer side: its own client and config, as the ingester would have (ES_BULK_MAX_ACTIONS for big traces).
  const reader = new EnvReader({ ELASTICSEARCH_URL: elasticsearchUrl(), ES_INDEX_PREFIX: prefix, ES_BULK_MAX_ACTIONS: '5000' });
  const esConfig = readElasticsearchConfig(reader);
  reader.done();
  const client = createElasticsearchClient(esConfig.client);
  const writer = createEsSpanWriter(client, esConfig, { registry: new Registry(), logger: createLogger({ service: 'query-test-writer', level: 'silent' }) });
  await writer.start();
  const pattern = `${prefix}-*`;

  return {
    app,
    prefix,
    url: (path) => `http://127.0.0.1:${app.server.port}${path}`,
    adminUrl: (path) => `http://127.0.0.1:${app.admin.port}${path}`,
    write: async (spans, context) => {
      await writer.write(spans, context);
      await client.indices.refresh({ index: pattern, ignore_unavailable: true, allow_no_indices: true });
    },
    stop: async () => {
      await app.lifecycle.stop();
      await writer.stop();
      await client.indices.delete({ index: pattern, ignore_unavailable: true, allow_no_indices: true });
      await client.indices.deleteIndexTemplate({ name: pattern }, { ignore: [404] });
      await client.close();
    },
  };
}

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
