import type { Client } from '@elastic/elasticsearch';
import { indexBaseOf, indexDayOf } from './index-names';

/**
 * Names and mapping of the adaptive-sampling indices, in Jaeger's layout: daily
 * `<base>jaeger-sampling-YYYY-MM-DD` (UTC) holding throughput documents
 * `{timestamp, throughputs: {Service, Operation, Count, Probabilities}}` and probabilities documents
 * `{timestamp, probabilitiesandqps: {Hostname, Probabilities, QPS}}`
 * (J2:internal/storage/v1/elasticsearch/samplingstore/dbmodel). Waymark adds `reporter` to
 * throughput documents and `leaseTerm`, `sequence` to probabilities documents (the order in
 * which snapshots supersede each other). The leader lease lives in `<base>waymark-sampling-lease`,
 * one document `{holder, expiresAtMs, term}` per lease name (Jaeger's Elasticsearch store has no
 * lease at all: jaeger#3305).
 */
export const samplingIndexName = (prefix: string, timestampMs: number): string => `${indexBaseOf(prefix)}jaeger-sampling-${indexDayOf(timestampMs) ?? '1970-01-01'}`;
export const samplingIndexWildcard = (prefix: string): string => `${indexBaseOf(prefix)}jaeger-sampling-*`;
export const samplingLeaseIndex = (prefix: string): string => `${indexBaseOf(prefix)}waymark-sampling-lease`;

export interface SamplingIndexSettings {
  readonly shards: number;
  readonly replicas: number;
  readonly priority?: number;
}

/** Fields added after the first release: also put on existing daily indices (adding a field is allowed). */
const ORDERING_FIELDS = { leaseTerm: { type: 'long' }, sequence: { type: 'long' } } as const;

/**
 * Installs the `<base>jaeger-sampling` composable template (a PUT replaces it; harmless to repeat)
 * and adds the ordering fields to indices created from an older template, so today's index sorts
 * snapshots by term at once after an upgrade.
 */
export async function putSamplingTemplate(client: Pick<Client, 'indices'>, prefix: string, settings: SamplingIndexSettings): Promise<void> {
  const base = indexBaseOf(prefix);
  await client.indices.putMapping({ index: `${base}jaeger-sampling-*`, allow_no_indices: true, ignore_unavailable: true, properties: ORDERING_FIELDS });
  await client.indices.putIndexTemplate({
    name: `${base}jaeger-sampling`,
    index_patterns: [`${base}jaeger-sampling-*`],
    priority: settings.priority ?? 0,
    template: {
      settings: { number_of_shards: settings.shards, number_of_replicas: settings.replicas, 'index.requests.cache.enable': false },
      mappings: {
        dynamic: false,
        properties: {
          timestamp: { type: 'date' },
          reporter: { type: 'keyword' },
          ...ORDERING_FIELDS,
          throughputs: {
            properties: { Service: { type: 'keyword' }, Operation: { type: 'keyword' }, Count: { type: 'long' }, Probabilities: { type: 'keyword' } },
          },
          // Service and operation names are keys here: kept in _source only, never mapped as fields.
          probabilitiesandqps: {
            properties: { Hostname: { type: 'keyword' }, Probabilities: { type: 'object', enabled: false }, QPS: { type: 'object', enabled: false } },
          },
        },
      },
    },
  });
}
