/**
 * JSON Schemas of the query API: the routes validate their parameters with them (fastify/Ajv)
 * and serialize their small replies with them, and the OpenAPI document is built from the same
 * objects, so the document cannot drift from what the server does. Parameters are declared as
 * strings (Jaeger parses them itself, with its own messages; see params/); repeatable ones as
 * arrays. Unknown parameters (`prettyPrint`, …) are ignored, as in Jaeger.
 */
type Schema = Record<string, unknown>;

const text = (description: string): Schema => ({ type: 'string', description });
const repeatable = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });

const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length > 0 ? { required } : {}) });

export const v1Query = {
  operations: object({ service: text('Service name (required).'), spanKind: text('server | client | producer | consumer | internal | unspecified; empty for all.') }),
  traces: object({
    service: text('Service name; required unless traceID is given.'),
    operation: text('Operation (span) name.'),
    tag: repeatable('key:value (split at the first colon); matched exactly. Repeatable.'),
    tags: repeatable('JSON object of string values, e.g. {"http.status_code":"500"}; matched exactly. Repeatable.'),
    start: text('Earliest span start, µs since the epoch. Default: end − lookback (or − 48 h).'),
    end: text('Latest span start, µs since the epoch. Default: now.'),
    lookback: text('Window before end when start is absent: 1h, 2d, … (the UI sends it); custom = use start.'),
    minDuration: text('Go duration: 100ms, 1.5s, 1h30m. A span at least this long.'),
    maxDuration: text('Go duration. A span at most this long; not below minDuration.'),
    limit: text('Most traces returned (default 100); clamped to the configured maximum.'),
    traceID: repeatable('Fetch these trace ids instead of searching (missing ones are listed in errors).'),
    raw: text('true: skip the adjusters (deduplication, clock skew, parent repair).'),
  }),
  trace: object({ start: text('Time hint, µs since the epoch.'), end: text('Time hint, µs since the epoch.'), raw: text('true: skip the adjusters.') }),
  dependencies: object({
    endTs: text('End of the window, ms since the epoch (default now).'),
    lookback: text('Window length in ms (default 86400000); clamped to the configured maximum.'),
    service: text('Only links whose parent or child is this service.'),
  }),
} as const;

export const v1Params = {
  service: object({ service: text('Service name.') }, ['service']),
  traceID: object({ traceID: text('One trace id (1–32 hex characters), or several separated by commas.') }, ['traceID']),
} as const;

export const v3Query = {
  trace: object({
    start_time: text('RFC 3339 time hint (also startTime).'),
    end_time: text('RFC 3339 time hint (also endTime).'),
    raw_traces: text('true: skip the adjusters (also rawTraces).'),
  }),
  traces: object({
    'query.service_name': text('Service name (also query.serviceName).'),
    'query.operation_name': text('Span name (also query.operationName).'),
    'query.attributes': text('JSON object of string values, matched exactly against span, resource and event attributes.'),
    'query.start_time_min': text('RFC 3339, required (also query.startTimeMin).'),
    'query.start_time_max': text('RFC 3339, required (also query.startTimeMax).'),
    'query.duration_min': text('Go duration (also query.durationMin).'),
    'query.duration_max': text('Go duration (also query.durationMax).'),
    'query.search_depth': text('Most traces (also query.searchDepth, query.num_traces); default 100, clamped.'),
    'query.raw_traces': text('true: skip the adjusters (also query.rawTraces).'),
  }),
  operations: object({ service: text('Service name (required).'), span_kind: text('Span kind filter (also spanKind).') }),
} as const;

export const v3Params = {
  traceId: object({ trace_id: text('Trace id, 1–32 hex characters.') }, ['trace_id']),
} as const;

const jaegerErrors: Schema = {
  type: ['array', 'null'],
  items: object({ code: { type: 'integer' }, msg: { type: 'string' }, traceID: { type: 'string' } }),
};

const envelopeOf = (data: Schema): Schema =>
  object({ data, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' }, errors: jaegerErrors }, ['data', 'total', 'limit', 'offset', 'errors']);

const keyValue: Schema = object({ key: { type: 'string' }, type: { type: 'string', enum: ['string', 'bool', 'int64', 'float64', 'binary'] }, value: {} });
const nullableStrings: Schema = { type: ['array', 'null'], items: { type: 'string' } };

export const uiTrace: Schema = object(
  {
    traceID: { type: 'string' },
    spans: {
      type: 'array',
      items: object({
        traceID: { type: 'string' },
        spanID: { type: 'string' },
        flags: { type: 'integer' },
        operationName: { type: 'string' },
        references: { type: 'array', items: object({ refType: { type: 'string', enum: ['CHILD_OF', 'FOLLOWS_FROM'] }, traceID: { type: 'string' }, spanID: { type: 'string' } }) },
        startTime: { type: 'integer', description: 'µs since the epoch' },
        duration: { type: 'integer', description: 'µs' },
        tags: { type: 'array', items: keyValue },
        logs: { type: 'array', items: object({ timestamp: { type: 'integer' }, fields: { type: 'array', items: keyValue } }) },
        processID: { type: 'string' },
        warnings: nullableStrings,
      }),
    },
    processes: { type: 'object', additionalProperties: object({ serviceName: { type: 'string' }, tags: { type: 'array', items: keyValue } }) },
    warnings: nullableStrings,
  },
  ['traceID', 'spans', 'processes', 'warnings'],
);

export const v1Replies = {
  names: envelopeOf({ type: 'array', items: { type: 'string' } }),
  operations: envelopeOf({ type: 'array', items: object({ name: { type: 'string' }, spanKind: { type: 'string' } }, ['name', 'spanKind']) }),
  dependencies: envelopeOf({ type: 'array', items: object({ parent: { type: 'string' }, child: { type: 'string' }, callCount: { type: 'integer' } }, ['parent', 'child', 'callCount']) }),
  traces: envelopeOf({ type: ['array', 'null'], items: uiTrace }),
  error: envelopeOf({ type: 'null' }),
} as const;

const serviceSummary: Schema = object({ name: { type: 'string' }, spanCount: { type: 'integer' }, errorSpanCount: { type: 'integer' } });

/** API v3 `TraceSummary` in proto3 JSON: fields holding their default (0, "", []) are left out, as Jaeger writes them. */
export const traceSummary: Schema = object(
  {
    traceId: { type: 'string', description: '32 hex characters' },
    rootServiceName: { type: 'string', description: 'Service of the earliest span without a parent.' },
    rootOperationName: { type: 'string' },
    minStartTimeUnixNano: { type: 'string', description: 'Earliest span start, ns since the epoch, as a decimal string.' },
    maxEndTimeUnixNano: { type: 'string', description: 'Latest span end, ns since the epoch, as a decimal string.' },
    spanCount: { type: 'integer' },
    errorSpanCount: { type: 'integer', description: 'Spans with status ERROR.' },
    orphanSpanCount: { type: 'integer', description: 'Spans whose parent is not in the trace.' },
    services: { type: 'array', items: serviceSummary, description: 'Sorted by name.' },
  },
  ['traceId'],
);

export const v3Replies = {
  services: object({ services: { type: 'array', items: { type: 'string' } } }, ['services']),
  operations: object({ operations: { type: 'array', items: object({ name: { type: 'string' }, spanKind: { type: 'string' } }, ['name']) } }, ['operations']),
  traces: object({ result: object({ resourceSpans: { type: 'array', items: { type: 'object', description: 'OTLP/JSON ResourceSpans' } } }) }, ['result']),
  traceSummaries: object({ summaries: { type: 'array', items: traceSummary, description: 'Left out when empty (proto3 JSON).' } }),
  error: object({ error: object({ httpCode: { type: 'integer' }, message: { type: 'string' } }) }, ['error']),
} as const;
