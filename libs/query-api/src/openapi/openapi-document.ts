import { uiTrace, v1Params, v1Query, v1Replies, v3Params, v3Query, v3Replies } from './schemas';

type Schema = Record<string, unknown>;

interface Operation {
  readonly summary: string;
  readonly path?: Schema;
  readonly query?: Schema;
  readonly ok: Schema;
  readonly errors: Schema;
  readonly notFound?: string;
}

/** OpenAPI parameters from a route's JSON Schema of path or query parameters. */
function parameters(schema: Schema | undefined, where: 'path' | 'query'): Schema[] {
  if (!schema) return [];
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    const repeatable = rest['type'] === 'array';
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      description,
      schema: rest,
      ...(repeatable ? { style: 'form', explode: true } : {}),
    };
  });
}

function operation(spec: Operation): Schema {
  const json = (schema: Schema, description: string) => ({ description, content: { 'application/json': { schema } } });
  return {
    summary: spec.summary,
    parameters: [...parameters(spec.path, 'path'), ...parameters(spec.query, 'query')],
    responses: {
      200: json(spec.ok, 'OK'),
      400: json(spec.errors, 'A malformed parameter (the message names it), or a request asking for more than the storage will read (e.g. a dependencies lookback holding too many spans).'),
      401: json(spec.errors, 'Bearer token or tenant header missing or invalid.'),
      403: json(spec.errors, 'Tenant not allowed.'),
      ...(spec.notFound ? { 404: json(spec.errors, spec.notFound) } : {}),
      500: json(spec.errors, 'The trace storage failed to answer; a retry will not help.'),
      503: json(spec.errors, 'The trace storage is unavailable; retry after Retry-After seconds.'),
    },
  };
}

const v1 = (summary: string, rest: Omit<Operation, 'summary' | 'errors'>): Schema => ({ get: operation({ summary, errors: v1Replies.error, ...rest }) });
const v3 = (summary: string, rest: Omit<Operation, 'summary' | 'errors'>): Schema => ({ get: operation({ summary, errors: v3Replies.error, ...rest }) });

/** `prefix` + path, as registered: the document lists every route the server serves (a test checks it). */
export function openApiDocument(prefix: string, version: string): Schema {
  const p = (path: string) => `${prefix}${path}`;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Waymark query API',
      version,
      description: "Jaeger's query API v1 (the Jaeger UI's and Grafana's) and API v3 (OTLP/JSON), over Waymark's trace storage. " +
        'With tenancy on, every request names its tenant in the tenancy header (x-tenant by default) and sees only its own data.',
    },
    components: { schemas: { UiTrace: uiTrace }, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{}, { bearer: [] }],
    paths: {
      [p('/api/services')]: v1('Service names.', { ok: v1Replies.names }),
      [p('/api/services/{service}/operations')]: v1('Operation names of a service (legacy).', { path: v1Params.service, ok: v1Replies.names }),
      [p('/api/operations')]: v1('Operations of a service, with span kinds.', { query: v1Query.operations, ok: v1Replies.operations }),
      [p('/api/traces')]: v1('Search traces, or fetch several by traceID.', { query: v1Query.traces, ok: v1Replies.traces }),
      [p('/api/traces/{traceID}')]: v1('Traces by id (comma-separated for several).', { path: v1Params.traceID, query: v1Query.trace, ok: v1Replies.traces, notFound: 'None of the traces exists.' }),
      [p('/api/dependencies')]: v1('Service dependency links.', { query: v1Query.dependencies, ok: v1Replies.dependencies }),
      [p('/api/v3/traces/{trace_id}')]: v3('A trace as OTLP/JSON.', { path: v3Params.traceId, query: v3Query.trace, ok: v3Replies.traces, notFound: 'No traces found.' }),
      [p('/api/v3/traces')]: v3('Search traces; OTLP/JSON.', { query: v3Query.traces, ok: v3Replies.traces, notFound: 'No traces found.' }),
      [p('/api/v3/trace-summaries')]: v3('Search traces; one summary per trace (what the Jaeger UI 2.19+ searches with). Same parameters as /api/v3/traces; always adjusted.', {
        query: v3Query.traces,
        ok: v3Replies.traceSummaries,
      }),
      [p('/api/v3/services')]: v3('Service names.', { ok: v3Replies.services }),
      [p('/api/v3/operations')]: v3('Operations of a service.', { query: v3Query.operations, ok: v3Replies.operations }),
      [p('/api/openapi.json')]: { get: { summary: 'This document.', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': {} } } } } },
    },
  };
}
