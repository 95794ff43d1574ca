import type { Span, TraceId } from '@waymark/span-model';
import { encodeOtlpProto } from '@waymark/span-translate';
import { makeSpan } from '@waymark/storage-testing';
import { elasticsearchUrl, freePort, kafkaBrokers, startAppBundle, uniqueName } from '@waymark/test-infra';
import type { AppBundle } from '@waymark/test-infra';

/** Names of one test's own topic, consumer group and index prefix, so tests never share data. */
export interface Names {
  readonly topic: string;
  readonly group: string;
  readonly prefix: string;
}

export function uniqueNames(prefix: string): Names {
  const name = uniqueName(prefix);
  return { topic: name, group: `${name}-group`, prefix: name };
}

/** A collector process writing to `names.topic`, OTLP/HTTP only; `otlpUrl` is its /v1/traces. */
export async function startCollector(names: Names): Promise<AppBundle & { otlpUrl: string }> {
  const port = await freePort();
  const app = await startAppBundle('collector', { env: { LISTEN_HOST: '127.0.0.1', LOG_LEVEL: 'info', KAFKA_BROKERS: kafkaBrokers().join(','), KAFKA_TOPIC: names.topic, KAFKA_TOPIC_PARTITIONS: '4', RECEIVERS: 'otlp-http', OTLP_HTTP_PORT: String(port) } });
  return Object.assign(app, { otlpUrl: `http://127.0.0.1:${port}/v1/traces` });
}

/** An ingester process consuming `names.topic` in group `names.group` into indices prefixed `names.prefix`. */
export function startIngester(names: Names, env: Record<string, string> = {}): Promise<AppBundle> {
  return startAppBundle('ingester', {
    env: {
      LISTEN_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC: names.topic,
      KAFKA_TOPIC_PARTITIONS: '4',
      KAFKA_CONSUMER_GROUP_ID: names.group,
      ELASTICSEARCH_URL: elasticsearchUrl(),
      ES_INDEX_PREFIX: names.prefix,
      // Tests stop Elasticsearch for seconds, not minutes: retry often.
      INGESTER_RETRY_MAX_DELAY: '1s',
      ES_BULK_MAX_ATTEMPTS: '2',
      ...env,
    },
  });
}

/** `count` spans in traces of `perTrace`, each with a fresh trace id, starting now. */
export function makeSpans(count: number, service: string, perTrace = 5): Span[] {
  const spans: Span[] = [];
  let traceId: TraceId | undefined;
  for (let i = 0; i < count; i++) {
    const span = makeSpan({ service, name: `op-${i % 7}`, ...(i % perTrace === 0 ? {} : { traceId }), attributes: { 'http.status_code': 200, seq: i } });
    traceId = span.traceId;
    spans.push(span);
  }
  return spans;
}

/**
 * Sends spans to the collector as OTLP/HTTP protobuf in requests of `perRequest`, and retries a
 * request answered 429/503 as an OTLP exporter does. Resolves once every request got its 200.
 */
export async function sendSpans(otlpUrl: string, spans: readonly Span[], perRequest = 500): Promise<void> {
  for (let i = 0; i < spans.length; i += perRequest) {
    const body = encodeOtlpProto(spans.slice(i, i + perRequest));
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(otlpUrl, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
      await response.arrayBuffer();
      if (response.status === 200) break;
      if ((response.status !== 503 && response.status !== 429) || attempt > 100) throw new Error(`collector answered ${response.status} to request ${i / perRequest}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function es(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(`${elasticsearchUrl()}${path}`, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new Error(`elasticsearch ${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

/** Span documents under `prefix`, counted after a refresh (0 when no index exists yet). */
export async function countSpanDocuments(prefix: string): Promise<number> {
  const pattern = `${prefix}-jaeger-span-*`;
  await es(`/${pattern}/_refresh?allow_no_indices=true&ignore_unavailable=true`, { method: 'POST' });
  const body = (await es(`/${pattern}/_count?allow_no_indices=true&ignore_unavailable=true`)) as { count: number };
  return body.count;
}

/** `traceID:spanID` of every span document under `prefix` (up to 10,000). */
export async function storedSpanKeys(prefix: string): Promise<string[]> {
  const pattern = `${prefix}-jaeger-span-*`;
  await es(`/${pattern}/_refresh?allow_no_indices=true&ignore_unavailable=true`, { method: 'POST' });
  const body = (await es(`/${pattern}/_search?allow_no_indices=true&ignore_unavailable=true`, {
    method: 'POST',
    body: JSON.stringify({ size: 10_000, _source: ['traceID', 'spanID'], query: { match_all: {} } }),
  })) as { hits: { hits: Array<{ _source: { traceID: string; spanID: string } }> } };
  return body.hits.hits.map(({ _source }) => `${_source.traceID}:${_source.spanID}`);
}

/** Creates an index ahead of the writer, e.g. with a mapping that will refuse some documents. */
export async function createIndex(index: string, mappings: unknown): Promise<void> {
  await es(`/${index}`, { method: 'PUT', body: JSON.stringify({ settings: { number_of_replicas: 0 }, mappings }) });
}

/** Deletes the indices and templates a test created under `prefix`. */
export async function deleteIndices(prefix: string): Promise<void> {
  await fetch(`${elasticsearchUrl()}/${prefix}-jaeger-*?ignore_unavailable=true&allow_no_indices=true&expand_wildcards=all`, { method: 'DELETE' }).catch(() => undefined);
  await fetch(`${elasticsearchUrl()}/_index_template/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
}

/** Polls `probe` until it returns true; fails with `what` and the last value seen after `timeoutMs`. */
export async function waitUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe().catch(() => last);
    if (last !== undefined && done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
