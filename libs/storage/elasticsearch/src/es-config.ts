import type { EnvReader } from '@waymark/platform';
import { JAEGER_TAGS_POLICY, tagsPolicyProblem, WAYMARK_TAGS_POLICY } from '@waymark/span-translate';
import type { TagsAsFieldsPolicy } from '@waymark/span-translate';
import type { BulkLimits } from './bulk-items';
import type { ElasticsearchClientConfig } from './es-client';
import { DEFAULT_DEPENDENCIES_CACHE_TTL_MS, DEFAULT_DEPENDENCIES_MAX_SPANS, DEFAULT_MAX_SPANS_PER_SEARCH, DEFAULT_MAX_SPANS_PER_TRACE } from './es-span-reader';
import type { DependenciesSource } from './es-span-reader';
import { indexPrefixProblem } from './index-names';
import { DEFAULT_RETRY_POLICY } from './retry-policy';
import type { RetryPolicy } from './retry-policy';
import { Secret } from './secret';
import type { IndexSettings } from './templates';

/** Everything the Elasticsearch adapter is configured with; see docs/configuration.md. */
export interface ElasticsearchConfig {
  readonly client: ElasticsearchClientConfig;
  /** Jaeger's `es.index-prefix`; tenants' indices get `<prefix>-<tenant>-` (see index-names.ts). */
  readonly indexPrefix: string;
  /** Install the index templates at start and before a tenant's first write (off when an operator manages them). */
  readonly createTemplates: boolean;
  readonly indexSettings: IndexSettings;
  readonly bulk: BulkLimits & { readonly concurrency: number };
  readonly retry: RetryPolicy;
  readonly serviceCache: { readonly maxEntries: number; readonly ttlMs: number };
  readonly read: {
    readonly maxSpanAgeMs: number;
    /**
     * No read reaches further back than this. Not a variable of its own: the query app sets it
     * from QUERY_MAX_LOOKBACK (see `createEsSpanReader`); 30 days otherwise.
     */
    readonly maxLookbackMs: number;
    readonly maxFutureMs: number;
    readonly maxDocCount: number;
    /** Cap on a search's `limit`. Not a variable of its own: the query app sets it from QUERY_MAX_LIMIT. */
    readonly maxTraceLimit: number;
    readonly maxSpansPerTrace: number;
    readonly maxSpansPerSearch: number;
    readonly maxNames: number;
    readonly maxIndexNamesLength: number;
    readonly dependenciesSource: DependenciesSource;
    readonly dependenciesMaxSpans: number;
    readonly dependenciesCacheTtlMs: number;
  };
}

/** The read bounds the query API owns (QUERY_MAX_LOOKBACK, QUERY_MAX_LIMIT), used when no app passes its own. */
export const DEFAULT_READ_BOUNDS = { maxLookbackMs: 30 * 86_400_000, maxTraceLimit: 1500 } as const;

const DAY_MS = 86_400_000;

function readPolicy(env: EnvReader): TagsAsFieldsPolicy {
  const mode = env.oneOf('ES_TAGS_AS_FIELDS', ['waymark', 'jaeger'], 'waymark');
  const base = mode === 'waymark' ? WAYMARK_TAGS_POLICY : JAEGER_TAGS_POLICY;
  const policy = { ...base, dotReplacement: env.string('ES_TAGS_DOT_REPLACEMENT', base.dotReplacement) };
  const problem = tagsPolicyProblem(policy);
  if (problem !== undefined) env.problem(`ES_TAGS_DOT_REPLACEMENT: ${problem}`);
  return policy;
}

function readClient(env: EnvReader): ElasticsearchClientConfig {
  const nodes = env.list('ELASTICSEARCH_URL', ['http://127.0.0.1:9200']);
  for (const node of nodes) if (!/^https?:\/\/[^/\s]+/.test(node)) env.problem(`ELASTICSEARCH_URL: '${node}' is not an http(s) URL`);
  const username = env.optionalString('ELASTICSEARCH_USERNAME');
  const password = env.optionalString('ELASTICSEARCH_PASSWORD');
  const apiKey = env.optionalString('ELASTICSEARCH_API_KEY');
  if ((username === undefined) !== (password === undefined)) env.problem('ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD go together');
  if (apiKey !== undefined && username !== undefined) env.problem('set either ELASTICSEARCH_API_KEY or ELASTICSEARCH_USERNAME/PASSWORD, not both');
  const tlsCaPath = env.optionalString('ELASTICSEARCH_TLS_CA');
  return {
    nodes,
    ...(username !== undefined && password !== undefined ? { username, password: new Secret(password) } : {}),
    ...(apiKey !== undefined ? { apiKey: new Secret(apiKey) } : {}),
    ...(tlsCaPath !== undefined ? { tlsCaPath } : {}),
    requestTimeoutMs: env.durationMs('ELASTICSEARCH_REQUEST_TIMEOUT', 30_000, { min: 100 }),
  };
}

/**
 * Reads the adapter's configuration; problems are recorded in `env` (its `done()` reports them
 * all). Defaults follow Jaeger's where it has one (bulk 5 MB / 1,000 actions, max span age 72 h,
 * max doc count 10,000, service cache 100,000 / 12 h); shards and replicas default to a single
 * node's 1 and 0: production sets ES_NUM_SHARDS=3..5 and ES_NUM_REPLICAS=1.
 */
export function readElasticsearchConfig(env: EnvReader): ElasticsearchConfig {
  const indexPrefix = env.string('ES_INDEX_PREFIX', '');
  const prefixProblem = indexPrefixProblem(indexPrefix);
  if (prefixProblem !== undefined) env.problem(`ES_INDEX_PREFIX: ${prefixProblem}`);
  const refreshInterval = env.optionalString('ES_INDEX_REFRESH_INTERVAL');
  if (refreshInterval !== undefined && !/^(-1|\d+(ms|s|m|h|d)?)$/.test(refreshInterval)) env.problem(`ES_INDEX_REFRESH_INTERVAL: '${refreshInterval}' is not an Elasticsearch time value such as 1s or 30s`);
  const totalFieldsLimit = env.optionalString('ES_TOTAL_FIELDS_LIMIT') === undefined ? undefined : env.int('ES_TOTAL_FIELDS_LIMIT', 1000, { min: 100 });
  const retry = {
    maxAttempts: env.int('ES_BULK_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts, { min: 1, max: 100 }),
    baseDelayMs: env.durationMs('ES_BULK_RETRY_BASE_DELAY', DEFAULT_RETRY_POLICY.baseDelayMs, { min: 1 }),
    maxDelayMs: env.durationMs('ES_BULK_RETRY_MAX_DELAY', DEFAULT_RETRY_POLICY.maxDelayMs, { min: 1 }),
  };
  if (retry.maxDelayMs < retry.baseDelayMs) env.problem('ES_BULK_RETRY_MAX_DELAY must not be below ES_BULK_RETRY_BASE_DELAY');
  const maxSpanAgeMs = env.durationMs('ES_MAX_SPAN_AGE', 72 * 3_600_000, { min: 60_000 });
  const maxSpansPerTrace = env.int('ES_MAX_SPANS_PER_TRACE', DEFAULT_MAX_SPANS_PER_TRACE, { min: 1, max: 10_000_000 });
  const maxSpansPerSearch = env.int('ES_MAX_SPANS_PER_SEARCH', Math.max(DEFAULT_MAX_SPANS_PER_SEARCH, maxSpansPerTrace), { min: 1, max: 10_000_000 });
  if (maxSpansPerSearch < maxSpansPerTrace) env.problem('ES_MAX_SPANS_PER_SEARCH must not be below ES_MAX_SPANS_PER_TRACE (a search must be able to answer one whole trace)');
  return {
    client: readClient(env),
    indexPrefix,
    createTemplates: env.bool('ES_CREATE_TEMPLATES', true),
    indexSettings: {
      shards: env.int('ES_NUM_SHARDS', 1, { min: 1, max: 1024 }),
      replicas: env.int('ES_NUM_REPLICAS', 0, { min: 0, max: 16 }),
      priority: env.int('ES_TEMPLATE_PRIORITY', 0, { min: 0 }),
      tagsPolicy: readPolicy(env),
      ...(refreshInterval !== undefined ? { refreshInterval } : {}),
      ...(totalFieldsLimit !== undefined ? { totalFieldsLimit } : {}),
    },
    bulk: {
      maxBytes: env.sizeBytes('ES_BULK_MAX_BYTES', 5_000_000, { min: 1024, max: 100 * 1024 * 1024 }),
      maxActions: env.int('ES_BULK_MAX_ACTIONS', 1000, { min: 1, max: 100_000 }),
      concurrency: env.int('ES_BULK_CONCURRENCY', 2, { min: 1, max: 64 }),
    },
    retry,
    serviceCache: {
      maxEntries: env.int('ES_SERVICE_CACHE_SIZE', 100_000, { min: 1 }),
      ttlMs: env.durationMs('ES_SERVICE_CACHE_TTL', 12 * 3_600_000, { min: 1000 }),
    },
    read: {
      maxSpanAgeMs,
      maxLookbackMs: Math.max(DEFAULT_READ_BOUNDS.maxLookbackMs, maxSpanAgeMs),
      maxFutureMs: env.durationMs('ES_MAX_FUTURE', DAY_MS, { min: 0 }),
      maxDocCount: env.int('ES_MAX_DOC_COUNT', 10_000, { min: 10, max: 10_000 }),
      maxTraceLimit: DEFAULT_READ_BOUNDS.maxTraceLimit,
      maxSpansPerTrace,
      maxSpansPerSearch,
      maxNames: env.int('ES_MAX_NAMES', 10_000, { min: 1, max: 65_536 }),
      maxIndexNamesLength: 2500,
      dependenciesSource: env.oneOf('ES_DEPENDENCIES_SOURCE', ['spans', 'jaeger-index'], 'spans'),
      dependenciesMaxSpans: env.int('ES_DEPENDENCIES_MAX_SPANS', DEFAULT_DEPENDENCIES_MAX_SPANS, { min: 1 }),
      dependenciesCacheTtlMs: env.durationMs('ES_DEPENDENCIES_CACHE_TTL', DEFAULT_DEPENDENCIES_CACHE_TTL_MS, { min: 0, max: 3_600_000 }),
    },
  };
}
