import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * The query API's metrics. `route` is the route's pattern (`/api/traces/:traceID`), never the
 * raw URL, so its values are bounded by the routes; unmatched paths share `unmatched`.
 */
export class QueryMetrics {
  readonly requests: Counter<'route' | 'status'>;
  readonly duration: Histogram<'route'>;
  readonly spansReturned: Counter<'route'>;
  readonly storageFailures: Counter<'reason'>;

  constructor(registry: Registry) {
    this.requests = new Counter({ name: 'waymark_query_requests_total', help: 'Query API requests answered, by route and HTTP status.', labelNames: ['route', 'status'], registers: [registry] });
    this.duration = new Histogram({
      name: 'waymark_query_request_duration_seconds',
      help: 'Time to answer a query API request, by route.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.spansReturned = new Counter({ name: 'waymark_query_spans_returned_total', help: 'Spans sent to clients, by route.', labelNames: ['route'], registers: [registry] });
    this.storageFailures = new Counter({
      name: 'waymark_query_storage_failures_total',
      help: 'Query requests failed by the storage: unavailable (answered 503) or failed (500).',
      labelNames: ['reason'],
      registers: [registry],
    });
  }
}
