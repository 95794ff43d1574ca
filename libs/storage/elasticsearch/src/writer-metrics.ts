import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export type BulkRequestResult = 'ok' | 'item_failures' | 'error';
export type BulkItemResult = 'created' | 'duplicate' | 'retried' | 'rejected';
export type BulkItemKind = 'span' | 'service';

/** The writer's metrics, registered in the registry passed in. */
export class WriterMetrics {
  /** `_bulk` requests: every item stored (`ok`), some items failed (`item_failures`), the request failed (`error`). */
  readonly requests: Counter<'result'>;
  /** Bulk items by kind and outcome; `retried` counts each transient failure sent again or given up on. */
  readonly items: Counter<'kind' | 'result'>;
  readonly latency: Histogram<'result'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({ name: 'waymark_es_bulk_requests_total', help: 'Elasticsearch _bulk requests by result.', labelNames: ['result'], registers });
    this.items = new Counter({ name: 'waymark_es_bulk_items_total', help: 'Elasticsearch bulk items (span and service documents) by outcome.', labelNames: ['kind', 'result'], registers });
    this.latency = new Histogram({
      name: 'waymark_es_bulk_duration_seconds',
      help: 'Time of one Elasticsearch _bulk request, by result.',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    for (const result of ['ok', 'item_failures', 'error'] as const) this.requests.inc({ result }, 0);
    for (const kind of ['span', 'service'] as const) for (const result of ['created', 'duplicate', 'retried', 'rejected'] as const) this.items.inc({ kind, result }, 0);
  }
}
