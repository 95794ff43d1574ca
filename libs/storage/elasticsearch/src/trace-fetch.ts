import type { Client, estypes } from '@elastic/elasticsearch';
import { keysetPages } from './keyset-pages';

export interface SpanPageRequest {
  readonly index: readonly string[];
  /** Every stored form of every trace id wanted (see `traceIdForms`). */
  readonly traceIds: readonly string[];
  /** Documents per request; at most `index.max_result_window` (10,000 by default). */
  readonly pageSize: number;
}

/** The documents of the traces: one `terms` filter on `traceID` (no pattern, no scoring). */
export const traceDocumentsQuery = (traceIds: readonly string[]): estypes.QueryDslQueryContainer => ({ bool: { filter: [{ terms: { traceID: [...traceIds] } }] } });

/**
 * Every span document (`_source`) of the given traces, however many (a trace of 10,000 spans is
 * more than one page): pages in (`startTime`, `spanID`) order, exact at every page boundary
 * (see keyset-pages.ts).
 */
export async function fetchSpanDocuments(client: Client, request: SpanPageRequest): Promise<unknown[]> {
  const sources: unknown[] = [];
  const pages = keysetPages(client, {
    index: request.index,
    query: traceDocumentsQuery(request.traceIds),
    keys: [
      { field: 'startTime', unmappedType: 'long' },
      { field: 'spanID', unmappedType: 'keyword' },
    ],
    pageSize: request.pageSize,
  });
  for await (const hits of pages) for (const hit of hits) sources.push(hit._source);
  return sources;
}
