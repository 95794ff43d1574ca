import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BurstLog } from '@waymark/platform';
import type { Logger } from '@waymark/platform';
import type { DependencyReader, ReadContext, SpanReader } from '@waymark/storage-api';
import type { Registry } from 'prom-client';
import { openApiDocument } from '../openapi/openapi-document';
import { DEFAULT_QUERY_LIMITS } from '../query-limits';
import type { QueryLimits } from '../query-limits';
import { NO_ADJUSTMENT, TraceService } from '../trace-service';
import type { TraceAdjuster } from '../trace-service';
import { registerV1Routes } from '../v1/v1-routes';
import { registerV3Routes } from '../v3/v3-routes';
import { AccessControl } from './access';
import type { AccessOptions } from './access';
import { classifyError, sendError } from './api-errors';
import { QueryMetrics } from './query-metrics';

export interface QueryApiOptions {
  readonly spans: SpanReader;
  /** Without one, `/api/dependencies` answers 501 (Jaeger's answer for a storage without dependencies). */
  readonly dependencies?: DependencyReader;
  readonly limits?: QueryLimits;
  /** Run on every trace served unless the request asks for raw traces. */
  readonly adjust?: TraceAdjuster;
  readonly access?: AccessOptions;
  /** Jaeger's `query.base-path`: `''` or `/path` (no trailing slash), put before every route. */
  readonly basePath?: string;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly now?: () => number;
  /** Version shown in the OpenAPI document. */
  readonly version?: string;
}

export const OPENAPI_PATH = '/api/openapi.json';

/**
 * Registers the query API (v1, v3 and the OpenAPI document) on `fastify` under `basePath`, as an
 * encapsulated plugin: its access check, error shapes and metrics apply to its routes only, so
 * a host process (the all-in-one) can serve other routes beside it.
 *
 * Every data route first checks the bearer token (when configured) and resolves the tenant
 * (when tenancy is on); storage is only ever read with that tenant's context. Failures are
 * answered in the API's own error shape: 400 naming the parameter, 401/403, 404, 501, and 503 +
 * Retry-After when the storage is unavailable; never a stack trace.
 */
export function registerQueryApi(fastify: FastifyInstance, options: QueryApiOptions): void {
  const prefix = options.basePath ?? '';
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const metrics = new QueryMetrics(options.registry);
  const access = new AccessControl(options.access ?? {});
  const burst = new BurstLog(options.logger);
  const contexts = new WeakMap<FastifyRequest, ReadContext>();
  const started = new WeakMap<FastifyRequest, bigint>();
  const openApi = openApiDocument(prefix, options.version ?? '0.1.0');

  void fastify.register(
    async (scope) => {
      scope.addHook('onRequest', async (request) => {
        started.set(request, process.hrtime.bigint());
        if (request.routeOptions.url === `${prefix}${OPENAPI_PATH}`) return;
        contexts.set(request, access.check(request));
      });
      scope.addHook('onResponse', async (request, reply) => {
        const route = request.routeOptions.url ?? 'unmatched';
        metrics.requests.inc({ route, status: String(reply.statusCode) });
        const start = started.get(request);
        if (start !== undefined) metrics.duration.observe({ route }, Number(process.hrtime.bigint() - start) / 1e9);
      });

      scope.setErrorHandler((error, request, reply) => {
        const classified = classifyError(error);
        if (classified.kind === 'unavailable' || classified.kind === 'internal') {
          const reason = classified.kind === 'unavailable' ? 'unavailable' : 'failed';
          metrics.storageFailures.inc({ reason });
          const cause = classified.cause instanceof Error ? classified.cause.message : String(classified.cause);
          burst.error(`query-${reason}`, { route: request.routeOptions.url, reason: cause }, `query failed: ${classified.message}`);
        }
        return sendError(request, reply, classified, prefix);
      });
      scope.setNotFoundHandler((request, reply) => sendError(request, reply, classifyError({ statusCode: 404, message: 'no such endpoint' }), prefix));

      const context = {
        spans: options.spans,
        dependencies: options.dependencies,
        traces: new TraceService(options.spans, options.adjust ?? NO_ADJUSTMENT),
        limits,
        metrics,
        now: options.now ?? Date.now,
        readContext: (request: FastifyRequest): ReadContext => {
          const resolved = contexts.get(request);
          // The hook runs before every handler; a handler without a context is a wiring bug, never "no tenant".
          if (resolved === undefined) throw new Error('read context not resolved for this request');
          return resolved;
        },
      };
      registerV1Routes(scope, context);
      registerV3Routes(scope, context);
      scope.get(OPENAPI_PATH, async () => openApi);
    },
    { prefix },
  );
}
