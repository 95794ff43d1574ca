import { inspect } from 'node:util';
import { ConfigError, EnvReader } from '@waymark/platform';
import type { Env } from '@waymark/platform';
import { JAEGER_TAGS_POLICY, WAYMARK_TAGS_POLICY } from '@waymark/span-translate';
import { readElasticsearchConfig } from './es-config';

const read = (env: Env) => {
  const reader = new EnvReader(env);
  const config = readElasticsearchConfig(reader);
  reader.done();
  return config;
};

describe('readElasticsearchConfig', () => {
  it("defaults to a local single node with Jaeger's write and read defaults", () => {
    const config = read({});
    expect(config.client).toEqual({ nodes: ['http://127.0.0.1:9200'], requestTimeoutMs: 30_000 });
    expect(config.indexPrefix).toBe('');
    expect(config.createTemplates).toBe(true);
    expect(config.indexSettings).toEqual({ shards: 1, replicas: 0, priority: 0, tagsPolicy: { ...WAYMARK_TAGS_POLICY } });
    expect(config.bulk).toEqual({ maxBytes: 5_000_000, maxActions: 1000, concurrency: 2 });
    expect(config.retry).toEqual({ maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 2000 });
    expect(config.serviceCache).toEqual({ maxEntries: 100_000, ttlMs: 12 * 3_600_000 });
    expect(config.read).toMatchObject({ maxSpanAgeMs: 72 * 3_600_000, maxLookbackMs: 30 * 86_400_000, maxDocCount: 10_000 });
  });

  it('reads every setting', () => {
    const config = read({
      ELASTICSEARCH_URL: 'https://es1:9200, https://es2:9200',
      ELASTICSEARCH_USERNAME: 'waymark',
      ELASTICSEARCH_PASSWORD: 's3cret',
      ELASTICSEARCH_TLS_CA: '/etc/ca.pem',
      ES_INDEX_PREFIX: 'prod',
      ES_NUM_SHARDS: '5',
      ES_NUM_REPLICAS: '1',
      ES_INDEX_REFRESH_INTERVAL: '5s',
      ES_TAGS_AS_FIELDS: 'jaeger',
      ES_BULK_MAX_BYTES: '2MiB',
      ES_BULK_MAX_ACTIONS: '500',
      ES_BULK_CONCURRENCY: '4',
      ES_MAX_SPAN_AGE: '24h',
      ES_CREATE_TEMPLATES: 'false',
    });
    expect(config.client.nodes).toEqual(['https://es1:9200', 'https://es2:9200']);
    expect(config.client.password?.reveal()).toBe('s3cret');
    expect(config.client.tlsCaPath).toBe('/etc/ca.pem');
    expect(config.indexSettings).toMatchObject({ shards: 5, replicas: 1, refreshInterval: '5s', tagsPolicy: { ...JAEGER_TAGS_POLICY } });
    expect(config.bulk).toEqual({ maxBytes: 2 * 1024 * 1024, maxActions: 500, concurrency: 4 });
    expect(config.read.maxSpanAgeMs).toBe(86_400_000);
    expect(config.createTemplates).toBe(false);
  });

  it('reads the read bounds it owns, and leaves the lookback and the trace limit to the query API', () => {
    expect(read({}).read).toMatchObject({ maxSpansPerTrace: 100_000, maxSpansPerSearch: 250_000, dependenciesCacheTtlMs: 60_000, maxLookbackMs: 30 * 86_400_000, maxTraceLimit: 1500 });
    const config = read({ ES_MAX_SPANS_PER_TRACE: '5000', ES_MAX_SPANS_PER_SEARCH: '20000', ES_DEPENDENCIES_CACHE_TTL: '0', ES_MAX_LOOKBACK: '1d', ES_MAX_TRACE_LIMIT: '3' });
    expect(config.read).toMatchObject({ maxSpansPerTrace: 5000, maxSpansPerSearch: 20_000, dependenciesCacheTtlMs: 0, maxLookbackMs: 30 * 86_400_000, maxTraceLimit: 1500 });
    expect(read({ ES_MAX_SPANS_PER_TRACE: '300000' }).read.maxSpansPerSearch).toBe(300_000);
    expect(() => read({ ES_MAX_SPANS_PER_TRACE: '5000', ES_MAX_SPANS_PER_SEARCH: '4000' })).toThrow(/ES_MAX_SPANS_PER_SEARCH must not be below ES_MAX_SPANS_PER_TRACE/);
  });

  it('never shows a credential in logs or JSON', () => {
    const config = read({ ELASTICSEARCH_API_KEY: 'key-123', ELASTICSEARCH_URL: 'http://es:9200' });
    expect(config.client.apiKey?.reveal()).toBe('key-123');
    expect(JSON.stringify(config)).not.toContain('key-123');
    expect(inspect(config, { depth: 10 })).not.toContain('key-123');
  });

  it('names every bad variable at once', () => {
    const attempt = () =>
      read({
        ELASTICSEARCH_URL: 'es:9200',
        ELASTICSEARCH_USERNAME: 'only-user',
        ES_INDEX_PREFIX: 'Prod',
        ES_TAGS_AS_FIELDS: 'all',
        ES_TAGS_DOT_REPLACEMENT: '.',
        ES_BULK_RETRY_BASE_DELAY: '5s',
        ES_BULK_RETRY_MAX_DELAY: '1s',
        ES_INDEX_REFRESH_INTERVAL: 'soon',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['ELASTICSEARCH_URL', 'ELASTICSEARCH_USERNAME', 'ES_INDEX_PREFIX', 'ES_TAGS_AS_FIELDS', 'ES_TAGS_DOT_REPLACEMENT', 'ES_BULK_RETRY_MAX_DELAY', 'ES_INDEX_REFRESH_INTERVAL']) {
        expect(problems).toContain(name);
      }
    }
  });
});
