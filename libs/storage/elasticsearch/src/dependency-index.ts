import type { Client } from '@elastic/elasticsearch';
import { DependencyCounter } from '@waymark/storage-api';
import type { DependencyLink } from '@waymark/storage-api';
import type { ReadWindow } from './read-window';

export interface DependencyIndexRequest {
  readonly index: readonly string[];
  readonly window: ReadWindow;
  /** The most documents read (one per day and job run). */
  readonly maxDocs: number;
}

interface StoredLink {
  readonly parent?: unknown;
  readonly child?: unknown;
  readonly callCount?: unknown;
}

/**
 * Dependencies as Jaeger's reader reads them from `[prefix-]jaeger-dependencies-YYYY-MM-DD`,
 * where Jaeger's spark-dependencies job writes one `{timestamp, dependencies: [{parent, child,
 * callCount}]}` document per day (timestamp: that day's midnight UTC, RFC 3339): the documents
 * whose `timestamp` is in the window, their links summed per (parent, child) as Jaeger's HTTP
 * handler does. Links that are not `{string, string, count}` are skipped.
 */
export async function readDependencyIndex(client: Client, request: DependencyIndexRequest): Promise<DependencyLink[]> {
  const response = await client.search<{ dependencies?: unknown }>({
    index: [...request.index],
    ignore_unavailable: true,
    allow_no_indices: true,
    size: request.maxDocs,
    track_total_hits: false,
    query: { bool: { filter: [{ range: { timestamp: { gte: new Date(request.window.minMs).toISOString(), lte: new Date(request.window.maxMs).toISOString() } } }] } },
  });
  const counter = new DependencyCounter();
  for (const hit of response.hits.hits) {
    const links = hit._source?.dependencies;
    if (!Array.isArray(links)) continue;
    for (const link of links as StoredLink[]) {
      const calls = Number(link?.callCount);
      if (typeof link?.parent === 'string' && typeof link.child === 'string' && Number.isSafeInteger(calls) && calls > 0) counter.add(link.parent, link.child, calls);
    }
  }
  return counter.links();
}
