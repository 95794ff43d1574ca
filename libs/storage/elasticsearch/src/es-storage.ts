import type { Client } from '@elastic/elasticsearch';
import type { Registry } from 'prom-client';
import type { Logger } from '@waymark/platform';
import { clientBulkSender } from './es-client';
import type { ElasticsearchConfig } from './es-config';
import { EsSpanReader } from './es-span-reader';
import { EsSamplingStore } from './es-sampling-store';
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

/**
 * The read bounds a query API enforces at its door (QUERY_MAX_LOOKBACK, QUERY_MAX_LIMIT), given
 * to the reader so that one setting governs both: there are no ES_* variables for them.
 */
export interface ReadBounds {
  readonly maxLookbackMs: number;
  readonly maxTraceLimit: number;
}

/**
 * The configured reader over `client`. `bounds` (the query API's limits) replace the defaults;
 * lookups by id still reach back `ES_MAX_SPAN_AGE` when that is longer.
 */
export function createEsSpanReader(client: Client, config: ElasticsearchConfig, bounds?: ReadBounds): EsSpanReader {
  const read = bounds === undefined ? config.read : { ...config.read, maxLookbackMs: Math.max(bounds.maxLookbackMs, config.read.maxSpanAgeMs), maxTraceLimit: bounds.maxTraceLimit };
  return new EsSpanReader({ client, indexPrefix: config.indexPrefix, dotReplacement: config.indexSettings.tagsPolicy.dotReplacement, ...read });
}

/** The sampling store (adaptive sampling's throughput, probabilities and leader lease) over `client`. */
export function createEsSamplingStore(client: Client, config: ElasticsearchConfig): EsSamplingStore {
  return new EsSamplingStore({ client, indexPrefix: config.indexPrefix, createTemplates: config.createTemplates, indexSettings: config.indexSettings });
}
