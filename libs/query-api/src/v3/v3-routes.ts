import type { FastifyInstance, FastifyReply } from 'fastify';
import { invalidArgument, WaymarkError } from '@waymark/platform';
import type { Span, Trace } from '@waymark/span-model';
import { toOtlpJsonValue } from '@waymark/span-translate';
import { firstOf } from '../params/query-values';
import type { QueryValue } from '../params/query-values';
import { parseSpanKindParam, parseV3FindTraces, parseV3GetTrace } from '../params/v3-params';
import { v3Params, v3Query, v3Replies } from '../openapi/schemas';
import { summarizeTrace } from './trace-summary';
import type { RouteContext } from '../http/route-context';

type Query = Record<string, QueryValue>;

/** Jaeger's answer when nothing matched, for a lookup by id as for a search. */
const NO_TRACES = 'No traces found';

/** Every trace's spans as one OTLP/JSON `TracesData` under `result`, as Jaeger's HTTP gateway merges them. */
function sendTraces(reply: FastifyReply, context: RouteContext, route: string, traces: readonly Trace[]) {
  if (traces.length === 0) throw new WaymarkError('not-found', NO_TRACES);
  const spans: Span[] = [];
  for (const trace of traces) for (const span of trace.spans) spans.push(span);
  context.metrics.spansReturned.inc({ route }, spans.length);
  return reply.send({ result: toOtlpJsonValue(spans) });
}

/**
 * Jaeger's API v3 over HTTP (J2 cmd/query/app/apiv3/http_gateway.go): traces as OTLP/JSON, names
 * as `{services}` / `{operations}`, errors as `{"error":{"httpCode","message"}}`. Parameters in
 * both Jaeger v1.65's snake_case and the later camelCase.
 */
export function registerV3Routes(fastify: FastifyInstance, context: RouteContext): void {
  fastify.get<{ Params: { trace_id: string }; Querystring: Query }>(
    '/api/v3/traces/:trace_id',
    { schema: { params: v3Params.traceId, querystring: v3Query.trace } },
    async (request, reply) => {
      const { traceId, hint, raw } = parseV3GetTrace(request.params.trace_id, request.query);
      const { found } = await context.traces.getTraces([traceId], hint, context.readContext(request), raw);
      return sendTraces(reply, context, '/api/v3/traces/:trace_id', found);
    },
  );

  fastify.get<{ Querystring: Query }>('/api/v3/traces', { schema: { querystring: v3Query.traces } }, async (request, reply) => {
    const { query, raw } = parseV3FindTraces(request.query, context.limits, context.now());
    return sendTraces(reply, context, '/api/v3/traces', await context.traces.findTraces(query, context.readContext(request), raw));
  });

  // Jaeger 2.19+'s UI searches here. Like Jaeger: the same parameters as /api/v3/traces, always
  // adjusted (raw_traces has no effect), and no match is 200 with no summaries, not 404.
  fastify.get<{ Querystring: Query }>('/api/v3/trace-summaries', { schema: { querystring: v3Query.traces } }, async (request, reply) => {
    const { query } = parseV3FindTraces(request.query, context.limits, context.now());
    const traces = await context.traces.findTraces(query, context.readContext(request), false);
    const summaries = traces.map(summarizeTrace);
    // proto3 JSON as Jaeger writes it: an empty list is left out.
    return reply.send(summaries.length === 0 ? {} : { summaries });
  });

  fastify.get('/api/v3/services', { schema: { response: { 200: v3Replies.services } } }, async (request) => ({
    services: await context.spans.getServices(context.readContext(request)),
  }));

  fastify.get<{ Querystring: Query }>('/api/v3/operations', { schema: { querystring: v3Query.operations, response: { 200: v3Replies.operations } } }, async (request) => {
    const service = firstOf(request.query, ['service'])?.value;
    if (service === undefined) throw invalidArgument("parameter 'service' is required");
    const kindParam = firstOf(request.query, ['span_kind', 'spanKind']);
    const kind = parseSpanKindParam(kindParam?.value, kindParam?.name ?? 'span_kind');
    const operations = await context.spans.getOperations(service, kind, context.readContext(request));
    // proto3 JSON leaves out empty strings: an unknown kind has no `spanKind` at all.
    return { operations: operations.map((operation) => (operation.spanKind === '' ? { name: operation.name } : { name: operation.name, spanKind: operation.spanKind })) };
  });
}
