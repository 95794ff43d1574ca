import { Client } from '@elastic/elasticsearch';
import { Registry } from 'prom-client';
import { createLogger, EnvReader } from '@waymark/platform';
import type { Env } from '@waymark/platform';
import { elasticsearchUrl, uniqueName } from '@waymark/test-infra';
import { createEsSpanReader, createEsSpanWriter, createElasticsearchClient, readElasticsearchConfig } from '../src';
import type { ElasticsearchConfig, EsSpanReader, EsSpanWriter } from '../src';

/** One test's own corner of the real Elasticsearch: a unique index prefix, its writer and reader. */
export interface EsTestStore {
  readonly client: Client;
  readonly prefix: string;
  readonly config: ElasticsearchConfig;
  readonly registry: Registry;
  readonly writer: EsSpanWriter;
  readonly reader: EsSpanReader;
  /** Makes everything written under the prefix searchable. */
  flush(): Promise<void>;
  /** Deletes the prefix's indices and templates and closes the client. */
  cleanup(): Promise<void>;
}

/** A store configured through the real config reader, as an app would build it. */
export async function createEsTestStore(name: string, env: Env = {}): Promise<EsTestStore> {
  const prefix = uniqueName(name);
  const reader = new EnvReader({ ELASTICSEARCH_URL: elasticsearchUrl(), ES_INDEX_PREFIX: prefix, ...env });
  const config = readElasticsearchConfig(reader);
  reader.done();
  const client = createElasticsearchClient(config.client);
  const registry = new Registry();
  const writer = createEsSpanWriter(client, config, { registry, logger: createLogger({ service: 'es-test', level: 'silent' }) });
  await writer.start();
  const pattern = `${prefix}-*`;
  return {
    client,
    prefix,
    config,
    registry,
    writer,
    reader: createEsSpanReader(client, config),
    flush: async () => {
      await client.indices.refresh({ index: pattern, ignore_unavailable: true, allow_no_indices: true });
    },
    cleanup: async () => {
      await writer.stop();
      await client.indices.delete({ index: pattern, ignore_unavailable: true, allow_no_indices: true });
      await client.indices.deleteIndexTemplate({ name: pattern }, { ignore: [404] });
      await client.close();
    },
  };
}

/** A client of its own, for raw requests a test makes around the adapter. */
export const rawClient = (): Client => new Client({ node: elasticsearchUrl() });
