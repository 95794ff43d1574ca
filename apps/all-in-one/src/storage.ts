import type { Logger, Service } from '@waymark/platform';
import type { QueryLimits } from '@waymark/query-api';
import type { DependencyReader, SpanReader, SpanWriter } from '@waymark/storage-api';
import { createElasticsearchClient, createEsSpanReader, createEsSpanWriter } from '@waymark/storage-elasticsearch';
import { MemoryStore } from '@waymark/storage-memory';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { AllInOneStorage } from './config';

/** The storage the all-in-one writes through its queue and reads from. */
export interface StorageParts {
  readonly writer: SpanWriter;
  readonly reader: SpanReader;
  readonly dependencies: DependencyReader;
  /** Starts before the queue and stops after it has drained. */
  readonly service: Service;
  /** For /ready: rejects while the storage cannot answer. */
  readonly check: () => Promise<void>;
  /** For the start-up banner. */
  readonly description: string;
  /** Set in memory mode. */
  readonly memory: MemoryStore | undefined;
}

const READINESS_TIMEOUT_MS = 2000;

/** A node URL fit for a log line: credentials in it are left out. */
function withoutCredentials(node: string): string {
  try {
    const url = new URL(node);
    url.username = '';
    url.password = '';
    return url.origin;
  } catch {
    return '(unparsable URL)';
  }
}

function memoryStorage(maxTraces: number, registry: Registry): StorageParts {
  const registers = [registry];
  const evictedTraces = new Counter({ name: 'waymark_memory_evicted_traces_total', help: 'Traces evicted from memory storage, oldest first, to stay within MEMORY_MAX_TRACES.', registers });
  const evictedSpans = new Counter({ name: 'waymark_memory_evicted_spans_total', help: 'Spans evicted with those traces.', registers });
  const store = new MemoryStore({
    maxTraces,
    onEvict: (traces, spans) => {
      evictedTraces.inc(traces);
      evictedSpans.inc(spans);
    },
  });
  new Gauge({ name: 'waymark_memory_stored_traces', help: 'Traces held in memory storage (at most MEMORY_MAX_TRACES).', registers, collect() { this.set(store.stats().traces); } });
  new Gauge({ name: 'waymark_memory_stored_spans', help: 'Spans held in memory storage.', registers, collect() { this.set(store.stats().spans); } });
  return {
    writer: store,
    reader: store,
    dependencies: store,
    service: { name: 'memory-storage', start: async () => undefined, stop: async () => undefined },
    check: async () => undefined,
    description: `memory, at most ${maxTraces} traces (oldest evicted first); lost when the process stops`,
    memory: store,
  };
}

/** Memory by default; Elasticsearch (Jaeger's layout, as the split deployment) when configured. */
/** `limits`: the query API's, which also bound the Elasticsearch reader (as in the query app). */
export function createStorage(config: AllInOneStorage, limits: QueryLimits, deps: { readonly registry: Registry; readonly logger: Logger }): StorageParts {
  if (config.kind === 'memory') return memoryStorage(config.maxTraces, deps.registry);
  const es = config.elasticsearch;
  const client = createElasticsearchClient(es.client);
  const writer = createEsSpanWriter(client, es, deps);
  const reader = createEsSpanReader(client, es, { maxLookbackMs: limits.maxLookbackMs, maxTraceLimit: limits.maxLimit });
  return {
    writer,
    reader,
    dependencies: reader,
    service: {
      name: 'elasticsearch',
      start: async () => {
        // Templates are ensured again before the first write of each index base: an unavailable
        // cluster at start makes writes answer 503 until it is back, instead of failing the start.
        await writer.start().catch((error: unknown) => deps.logger.warn({ err: error }, 'elasticsearch not ready at start: index templates will be installed on the first write'));
      },
      stop: async () => {
        await writer.stop();
        await client.close();
      },
    },
    check: async () => {
      const alive = await client.ping(undefined, { requestTimeout: READINESS_TIMEOUT_MS }).catch(() => false);
      if (!alive) throw new Error('elasticsearch does not answer');
    },
    description: `elasticsearch ${es.client.nodes.map(withoutCredentials).join(', ')}${es.indexPrefix ? ` (index prefix ${es.indexPrefix})` : ''}`,
    memory: undefined,
  };
}
