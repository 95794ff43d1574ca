import type { FastifyInstance, FastifyReply } from 'fastify';
import { invalidArgument, WaymarkError } from '@waymark/platform';
import { traceIdToJaegerHex } from '@waymark/span-model';
import type { Trace } from '@waymark/span-model';
import { toUiTrace } from '@waymark/span-translate';
import { parseBoolParam, parseEpochParam } from '../params/common-params';
import { single } from '../params/query-values';
import type { QueryValue } from '../params/query-values';
import { parseTraceIdParam } from '../params/trace-id';
import { parseV1Search } from '../params/v1-search-params';
import { parseSpanKindParam } from '../params/v3-params';
import { DEFAULT_DEPENDENCIES_LOOKBACK_MS } from '../query-limits';
import { v1Params, v1Query, v1Replies } from '../openapi/schemas';
import type { RouteContext } from '../http/route-context';
import { envelope } from '../http/responses';
import type { JaegerError } from '../http/responses';
import { mergeDependencies } from './dependencies';

type Query = Record<string, QueryValue>;

const TRACE_NOT_FOUND = 'trace not found';

/** Sends traces as the Jaeger UI reads them, counting their spans. */
function sendTraces(reply: FastifyReply, context: RouteContext, route: string, traces: readonly Trace[], errors: readonly JaegerError[] = []) {
  context.metrics.spansReturned.inc({ route }, traces.reduce((sum, trace) => sum + trace.spans.length, 0));
  return reply.send(envelope(traces.map(toUiTrace), { errors }));
}

/**
 * Jaeger's query API v1 (`/api/*`), as the Jaeger UI and Grafana's Jaeger data source call it:
 * the same paths, parameters, envelope, field names and messages (J1 cmd/query/app/http_handler.go).
 */
export function registerV1Routes(fastify: FastifyInstance, context: RouteContext): void {
  fastify.get('/api/services', { schema: { response: { 200: v1Replies.names } } }, async (request) => {
    const services = await context.spans.getServices(context.readContext(request));
    return envelope(services, { total: services.length });
  });

  fastify.get<{ Params: { service: string } }>('/api/services/:service/operations', { schema: { params: v1Params.service, response: { 200: v1Replies.names } } }, async (request) => {
    const operations = await context.spans.getOperations(request.params.service, undefined, context.readContext(request));
    const names = [...new Set(operations.map((operation) => operation.name))].sort();
    return envelope(names, { total: names.length });
  });

  fastify.get<{ Querystring: Query }>('/api/operations', { schema: { querystring: v1Query.operations, response: { 200: v1Replies.operations } } }, async (request) => {
    const service = single(request.query['service']);
    if (service === undefined) throw invalidArgument("parameter 'service' is required");
    const kind = parseSpanKindParam(single(request.query['spanKind']), 'spanKind');
    const operations = await context.spans.getOperations(service, kind, context.readContext(request));
    return envelope(
      operations.map((operation) => ({ name: operation.name, spanKind: operation.spanKind })),
      { total: operations.length },
    );
  });

  fastify.get<{ Querystring: Query }>('/api/traces', { schema: { querystring: v1Query.traces } }, async (request, reply) => {
    const search = parseV1Search(request.query, context.limits, context.now());
    const readContext = context.readContext(request);
    if (search.kind === 'search') return sendTraces(reply, context, '/api/traces', await context.traces.findTraces(search.query, readContext, search.raw));
    const { found, missing } = await context.traces.getTraces(search.ids, search.hint, readContext, search.raw);
    return sendTraces(reply, context, '/api/traces', found, missing.map((id) => ({ msg: TRACE_NOT_FOUND, traceID: traceIdToJaegerHex(id) })));
  });

  fastify.get<{ Params: { traceID: string }; Querystring: Query }>('/api/traces/:traceID', { schema: { params: v1Params.traceID, querystring: v1Query.trace } }, async (request, reply) => {
    const texts = request.params.traceID.split(',').filter((id) => id !== '');
    if (texts.length === 0) throw invalidArgument("malformed 'traceID' parameter: empty");
    if (texts.length > context.limits.maxTraceIds) throw invalidArgument(`too many trace ids: ${texts.length} (at most ${context.limits.maxTraceIds})`);
    const ids = [...new Set(texts.map((text) => parseTraceIdParam(text, 'traceID')))];
    const start = single(request.query['start']);
    const end = single(request.query['end']);
    const hint = { startTimeMinMicros: start === undefined ? undefined : parseEpochParam(start, 'start'), startTimeMaxMicros: end === undefined ? undefined : parseEpochParam(end, 'end') };
    const raw = parseBoolParam(single(request.query['raw']), 'raw');
    const { found, missing } = await context.traces.getTraces(ids, hint, context.readContext(request), raw);
    if (found.length === 0) throw new WaymarkError('not-found', TRACE_NOT_FOUND);
    return sendTraces(reply, context, '/api/traces/:traceID', found, missing.map((id) => ({ code: 404, msg: TRACE_NOT_FOUND, traceID: traceIdToJaegerHex(id) })));
  });

  fastify.get<{ Querystring: Query }>('/api/dependencies', { schema: { querystring: v1Query.dependencies, response: { 200: v1Replies.dependencies } } }, async (request) => {
    const endText = single(request.query['endTs']);
    const lookbackText = single(request.query['lookback']);
    const endTs = endText === undefined ? context.now() : parseEpochParam(endText, 'endTs');
    const lookback = lookbackText === undefined ? DEFAULT_DEPENDENCIES_LOOKBACK_MS : parseEpochParam(lookbackText, 'lookback');
    if (!context.dependencies) throw new WaymarkError('not-implemented', 'dependencies are not available from this storage');
    const links = await context.dependencies.getDependencies(endTs, Math.min(lookback, context.limits.maxLookbackMs), context.readContext(request));
    return envelope(mergeDependencies(links, single(request.query['service'])));
  });
}

