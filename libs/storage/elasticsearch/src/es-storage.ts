import type { Client } from '@elastic/elasticsearch';
import type { Registry } from 'prom-client';
import type { Logger } from '@waymark/platform';
import { clientBulkSender } from './es-client';
import type { ElasticsearchConfig } from './es-config';
import { EsSpanReader } from './es-span-reader';
import { EsSpanWriter } from './es-span-writer';
import { IndexTemplates } from './templates';
import type { TemplateEnsurer } from './templates';

export interface EsWriterDeps {
  readonly registry: Registry;
  readonly logger: Logger;
}

/** When an operator manages the templates (ES_CREATE_TEMPLATES=false), there is nothing to ensure. */
const operatorManagedTemplates: TemplateEnsurer = { ensure: async () => undefined };

/** The configured writer over `client` (which the caller owns and closes after `writer.stop()`). */
export function createEsSpanWriter(client: Client, config: ElasticsearchConfig, deps: EsWriterDeps): EsSpanWriter {
  return new EsSpanWriter({
    sendBulk: clientBulkSender(client),
    templates: config.createTemplates ? new IndexTemplates(client, config.indexSettings) : operatorManagedTemplates,
    indexPrefix: config.indexPrefix,
    tagsPolicy: config.indexSettings.tagsPolicy,
    bulk: config.bulk,
    retry: config.retry,
    serviceCache: config.serviceCache,
    registry: deps.registry,
    logger: deps.logger.child({ component: 'es-span-writer' }),
  });
}

/** The configured reader over `client`. */
export function createEsSpanReader(client: Client, config: ElasticsearchConfig): EsSpanReader {
  return new EsSpanReader({ client, indexPrefix: config.indexPrefix, dotReplacement: config.indexSettings.tagsPolicy.dotReplacement, ...config.read });
}
