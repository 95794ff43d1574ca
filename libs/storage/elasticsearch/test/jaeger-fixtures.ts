import type { Client } from '@elastic/elasticsearch';

/**
 * Jaeger v1's own Elasticsearch 8 index templates (`plugin/storage/es/mappings/jaeger-{span,
 * service,dependencies}-8.json`, rendered with ILM off, 1 shard, 0 replicas), and span documents
 * shaped exactly as Jaeger's writer makes them (`spanstore/internal/dbmodel`): every tag nested
 * with a string value, no tag fields, 16-character trace ids. Tests read what Jaeger itself
 * would have left in a cluster, with no Waymark template or extras involved.
 */

const keyword = { type: 'keyword', ignore_above: 256 } as const;
const nestedKeyValues = { type: 'nested', dynamic: false, properties: { key: keyword, value: keyword, type: keyword } } as const;
const settings = { 'index.number_of_shards': 1, 'index.number_of_replicas': 0, 'index.mapping.nested_fields.limit': 50, 'index.requests.cache.enable': true };

export async function installJaegerTemplates(client: Client, prefix: string): Promise<void> {
  await client.indices.putIndexTemplate({
    name: `${prefix}jaeger-span`,
    priority: 0,
    index_patterns: [`${prefix}jaeger-span-*`],
    template: {
      settings,
      mappings: {
        dynamic_templates: [
          { span_tags_map: { mapping: keyword, path_match: 'tag.*' } },
          { process_tags_map: { mapping: keyword, path_match: 'process.tag.*' } },
        ],
        properties: {
          traceID: keyword,
          parentSpanID: keyword,
          spanID: keyword,
          operationName: keyword,
          startTime: { type: 'long' },
          startTimeMillis: { type: 'date', format: 'epoch_millis' },
          duration: { type: 'long' },
          flags: { type: 'integer' },
          logs: { type: 'nested', dynamic: false, properties: { timestamp: { type: 'long' }, fields: nestedKeyValues } },
          process: { properties: { serviceName: keyword, tag: { type: 'object' }, tags: nestedKeyValues } },
          references: { type: 'nested', dynamic: false, properties: { refType: keyword, traceID: keyword, spanID: keyword } },
          tag: { type: 'object' },
          tags: nestedKeyValues,
        },
      },
    },
  });
  await client.indices.putIndexTemplate({
    name: `${prefix}jaeger-service`,
    priority: 0,
    index_patterns: [`${prefix}jaeger-service-*`],
    template: {
      settings,
      mappings: {
        dynamic_templates: [
          { span_tags_map: { mapping: keyword, path_match: 'tag.*' } },
          { process_tags_map: { mapping: keyword, path_match: 'process.tag.*' } },
        ],
        properties: { serviceName: keyword, operationName: keyword },
      },
    },
  });
  await client.indices.putIndexTemplate({ name: `${prefix}jaeger-dependencies`, priority: 0, index_patterns: [`${prefix}jaeger-dependencies-*`], template: { settings, mappings: {} } });
}

export interface JaegerKeyValue {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  readonly value: string;
}

export interface JaegerSpanSpec {
  readonly traceID: string;
  readonly spanID: string;
  readonly parentSpanID?: string;
  readonly operationName: string;
  readonly startMs: number;
  readonly durationMicros: number;
  readonly service: string;
  readonly tags?: readonly JaegerKeyValue[];
  readonly processTags?: readonly JaegerKeyValue[];
  readonly logs?: readonly { readonly offsetMicros: number; readonly fields: readonly JaegerKeyValue[] }[];
}

/** `dbmodel.Span` as Jaeger v1 marshals it (field order and omitempty included). */
export function jaegerSpanDocument(spec: JaegerSpanSpec): Record<string, unknown> {
  const startTime = spec.startMs * 1000;
  return {
    traceID: spec.traceID,
    spanID: spec.spanID,
    flags: 1,
    operationName: spec.operationName,
    references: spec.parentSpanID === undefined ? [] : [{ refType: 'CHILD_OF', traceID: spec.traceID, spanID: spec.parentSpanID }],
    startTime,
    startTimeMillis: spec.startMs,
    duration: spec.durationMicros,
    tags: spec.tags ?? [],
    logs: (spec.logs ?? []).map((log) => ({ timestamp: startTime + log.offsetMicros, fields: log.fields })),
    process: { serviceName: spec.service, tags: spec.processTags ?? [] },
  };
}

export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
