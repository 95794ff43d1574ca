import type { TagsAsFieldsPolicy } from './tags-policy';

/**
 * Elasticsearch 8 composable index templates (`PUT _index_template/<name>`) for the span and
 * service indices, as data. They reproduce Jaeger v1's `jaeger-{span,service}-8.json`, so
 * Jaeger's tools and readers see the indices they expect, with two additions: the `waymark`
 * extras field mapped `enabled: false`, and, for the tags-as-fields layout, a cap on the
 * number of dynamic fields that keeps new keys unindexed instead of rejecting documents.
 * Server-core features only: no analyzers, x-pack types, scripts or ingest pipelines.
 */
export interface IndexTemplateOptions {
  /** Jaeger's `es.index-prefix`: `''` for none; a `-` is appended unless it ends with one. */
  readonly indexPrefix: string;
  /** `index.number_of_shards` (Jaeger's `es.num-shards` default: 5). */
  readonly shards: number;
  /** `index.number_of_replicas` (Jaeger's `es.num-replicas` default: 1). */
  readonly replicas: number;
  /** `index.refresh_interval`, e.g. `'1s'`; absent leaves Elasticsearch's default. */
  readonly refreshInterval?: string;
  /** Template priority (Jaeger's `es.prioirity-span-template`, default 0). */
  readonly priority?: number;
  /** The writer's policy: any tag as a field selects the tags-as-fields variant. */
  readonly tagsPolicy: TagsAsFieldsPolicy;
  /** `index.mapping.total_fields.limit` for the tags-as-fields variant; absent keeps ES's 1000. */
  readonly totalFieldsLimit?: number;
}

export interface IndexTemplate {
  readonly name: string;
  readonly body: {
    readonly index_patterns: readonly string[];
    readonly priority: number;
    readonly template: { readonly settings: Readonly<Record<string, unknown>>; readonly mappings: Readonly<Record<string, unknown>> };
  };
}

/** The prefix as index names start with it: Jaeger appends `-` unless it is there already. */
export const indexPrefixOf = (prefix: string): string => (prefix === '' || prefix.endsWith('-') ? prefix : `${prefix}-`);

const keyword = { type: 'keyword', ignore_above: 256 } as const;
const nestedTags = { type: 'nested', dynamic: false, properties: { key: keyword, value: keyword, tagType: keyword } } as const;
// Jaeger's span_tags_map / process_tags_map: every tag field is a keyword, whatever its JSON type.
const tagFieldTemplates = [
  { span_tags_map: { mapping: keyword, path_match: 'tag.*' } },
  { process_tags_map: { mapping: keyword, path_match: 'process.tag.*' } },
] as const;

const usesFields = (policy: TagsAsFieldsPolicy): boolean => policy.allAsFields || policy.include.size > 0;

function settingsOf(options: IndexTemplateOptions, fieldsLayout: boolean): Record<string, unknown> {
  return {
    'index.number_of_shards': options.shards,
    'index.number_of_replicas': options.replicas,
    'index.mapping.nested_fields.limit': 50,
    'index.requests.cache.enable': true,
    ...(options.refreshInterval === undefined ? {} : { 'index.refresh_interval': options.refreshInterval }),
    ...(fieldsLayout && options.totalFieldsLimit !== undefined ? { 'index.mapping.total_fields.limit': options.totalFieldsLimit } : {}),
    // ES ≥ 8.13: a dynamic field beyond the limit is kept in _source unindexed, not a rejected
    // document (Jaeger PR #980: one field per tag key hits the limit at a few hundred keys).
    ...(fieldsLayout ? { 'index.mapping.total_fields.ignore_dynamic_beyond_limit': true } : {}),
  };
}

/**
 * `<prefix>jaeger-span` for `<prefix>jaeger-span-*`. Both variants map `tag` and `process.tag`
 * (documents of either layout may be in the same index); the nested variant is exactly
 * Jaeger's plus `waymark`.
 */
export function spanIndexTemplate(options: IndexTemplateOptions): IndexTemplate {
  const prefix = indexPrefixOf(options.indexPrefix);
  return {
    name: `${prefix}jaeger-span`,
    body: {
      index_patterns: [`${prefix}jaeger-span-*`],
      priority: options.priority ?? 0,
      template: {
        settings: settingsOf(options, usesFields(options.tagsPolicy)),
        mappings: {
          dynamic_templates: tagFieldTemplates,
          properties: {
            traceID: keyword,
            parentSpanID: keyword,
            spanID: keyword,
            operationName: keyword,
            startTime: { type: 'long' },
            startTimeMillis: { type: 'date', format: 'epoch_millis' },
            duration: { type: 'long' },
            flags: { type: 'integer' },
            logs: { type: 'nested', dynamic: false, properties: { timestamp: { type: 'long' }, fields: nestedTags } },
            process: { properties: { serviceName: keyword, tag: { type: 'object' }, tags: nestedTags } },
            references: { type: 'nested', dynamic: false, properties: { refType: keyword, traceID: keyword, spanID: keyword } },
            tag: { type: 'object' },
            tags: nestedTags,
            waymark: { type: 'object', enabled: false },
          },
        },
      },
    },
  };
}

/** `<prefix>jaeger-service` for `<prefix>jaeger-service-*`: `{serviceName, operationName}` keywords. */
export function serviceIndexTemplate(options: Omit<IndexTemplateOptions, 'tagsPolicy' | 'totalFieldsLimit'>): IndexTemplate {
  const prefix = indexPrefixOf(options.indexPrefix);
  return {
    name: `${prefix}jaeger-service`,
    body: {
      index_patterns: [`${prefix}jaeger-service-*`],
      priority: options.priority ?? 0,
      template: {
        settings: settingsOf({ ...options, tagsPolicy: { allAsFields: false, include: new Set(), dotReplacement: '@' } }, false),
        mappings: { dynamic_templates: tagFieldTemplates, properties: { serviceName: keyword, operationName: keyword } },
      },
    },
  };
}
