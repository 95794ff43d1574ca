import type { FastifyRequest } from 'fastify';
import type { DependencyReader, ReadContext, SpanReader } from '@waymark/storage-api';
import type { QueryLimits } from '../query-limits';
import type { TraceService } from '../trace-service';
import type { QueryMetrics } from './query-metrics';

/** What the route plugins share: the ports, the limits and the request's resolved access. */
export interface RouteContext {
  readonly spans: SpanReader;
  readonly dependencies: DependencyReader | undefined;
  readonly traces: TraceService;
  readonly limits: QueryLimits;
  readonly metrics: QueryMetrics;
  readonly now: () => number;
  /** The request's read context, resolved by the access hook before the handler runs. */
  readContext(request: FastifyRequest): ReadContext;
}
