/**
 * Kafka and Elasticsearch as an end-to-end run sees them: the run's topic and consumer-group lag,
 * and the spans stored under the run's index prefix (counted, and checked for duplicates). Both
 * systems write span documents to `<prefix>-jaeger-span-YYYY-MM-DD` with `traceID` and `spanID`
 * keyword fields, so one set of queries serves both.
 */
import { ensureTopic } from '@waymark/queue-kafka';
import type { benchKafka } from './collector-kafka';

type KafkaClient = ReturnType<typeof benchKafka>;

export async function esJson(es: string, path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${es}${path}`, init);
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

const spanIndices = (prefix: string) => `${prefix}-jaeger-span-*`;

/** Refreshes the run's span indices, then counts their documents (0 before the first index exists). */
export async function countStored(es: string, prefix: string): Promise<number> {
  const lenient = 'ignore_unavailable=true&allow_no_indices=true';
  await esJson(es, `/${spanIndices(prefix)}/_refresh?${lenient}`, { method: 'POST' });
  return ((await esJson(es, `/${spanIndices(prefix)}/_count?${lenient}`)) as { count: number }).count;
}

/**
 * Distinct (traceID, spanID) pairs among the stored documents and how many pairs have more than
 * one document: exactly-once storage means distinct = documents and duplicated = 0. Pages a
 * composite aggregation, so it is exact (a cardinality aggregation is approximate).
 */
export async function distinctStored(es: string, prefix: string): Promise<{ distinct: number; duplicated: number }> {
  let distinct = 0;
  let duplicated = 0;
  let after: unknown;
  for (;;) {
    const body = {
      size: 0,
      aggs: {
        ids: {
          composite: { size: 10_000, sources: [{ t: { terms: { field: 'traceID' } } }, { s: { terms: { field: 'spanID' } } }], ...(after ? { after } : {}) },
        },
      },
    };
    const answer = (await esJson(es, `/${spanIndices(prefix)}/_search?ignore_unavailable=true&allow_no_indices=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })) as { aggregations?: { ids: { buckets: Array<{ doc_count: number }>; after_key?: unknown } } };
    const ids = answer.aggregations?.ids;
    if (!ids || ids.buckets.length === 0) return { distinct, duplicated };
    distinct += ids.buckets.length;
    duplicated += ids.buckets.filter((bucket) => bucket.doc_count > 1).length;
    after = ids.after_key;
    if (!after) return { distinct, duplicated };
  }
}

/** Deletes the run's indices and index templates (composable and legacy). */
export async function deleteIndices(es: string, prefix: string): Promise<void> {
  await fetch(`${es}/${prefix}-jaeger-*?ignore_unavailable=true&allow_no_indices=true&expand_wildcards=all`, { method: 'DELETE' });
  await fetch(`${es}/_index_template/${prefix}-jaeger-*`, { method: 'DELETE' });
  await fetch(`${es}/_template/${prefix}-jaeger-*`, { method: 'DELETE' });
}

export async function createTopic(kafka: KafkaClient, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopic(admin, { topic, partitions, replicationFactor: 1 });
  } finally {
    await admin.disconnect();
  }
}

/** Records of `topic` the group has not committed yet (all of them when it has committed nothing). */
export async function groupLag(kafka: KafkaClient, groupId: string, topic: string): Promise<{ lag: number; records: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const at = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    let lag = 0;
    let records = 0;
    for (const end of ends) {
      const low = Number(end.low);
      const high = Number(end.high);
      records += high - low;
      const offset = at.get(end.partition) ?? -1;
      lag += high - (offset < 0 ? low : offset);
    }
    return { lag, records };
  } finally {
    await admin.disconnect();
  }
}

/** Deletes the run's topics and consumer group (missing ones are fine). */
export async function deleteTopics(kafka: KafkaClient, topics: readonly string[], groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((topic) => existing.has(topic));
    if (present.length > 0) await admin.deleteTopics({ topics: present, timeout: 30_000 });
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
