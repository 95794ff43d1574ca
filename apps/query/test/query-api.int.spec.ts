import { traceIdToJaegerHex } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { makeSpan, randomSpanId, randomTraceId } from '@waymark/storage-testing';
import { getJson, startQuery } from './support/query-under-test';
import type { QueryUnderTest } from './support/query-under-test';

interface UiKeyValue {
  key: string;
  type: string;
  value: unknown;
}
interface UiSpan {
  [field: string]: unknown;
  spanID: string;
  tags: UiKeyValue[];
  warnings: string[] | null;
}
interface UiTrace {
  traceID: string;
  spans: UiSpan[];
  processes: Record<string, { serviceName: string; tags: UiKeyValue[] }>;
  warnings: unknown;
}
interface Envelope<T> {
  data: T;
  total: number;
  limit: number;
  offset: number;
  errors: Array<{ code?: number; msg: string; traceID?: string }> | null;
}

const byKey = (tags: readonly UiKeyValue[]) => [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const NOW = Date.now();
const HOUR_MS = 3_600_000;

/** A trace shaped like HotROD's: frontend server span → driver client span with a log, on two hosts. */
function dispatchTrace(): { root: Span; child: Span } {
  const traceId = randomTraceId();
  const rootId = randomSpanId();
  const root = makeSpan({
    traceId,
    spanId: rootId,
    service: 'frontend',
    name: 'HTTP GET /dispatch',
    kind: 'server',
    startMs: NOW - 120_000,
    durationMicros: 730_000,
    attributes: { 'http.method': 'GET', 'http.status_code': 200, 'customer.id': '123' },
    resourceAttributes: [{ key: 'host.name', value: { type: 'string', value: 'box-1' } }],
  });
  const base = makeSpan({ traceId, parentSpanId: rootId, service: 'driver', name: 'FindNearest', kind: 'client', startMs: NOW - 119_900, durationMicros: 210_000 });
  const child: Span = {
    ...base,
    status: { code: 'error', message: 'redis timeout' },
    events: [{ timeUnixNano: base.startTimeUnixNano + 5_000_000n, name: 'retrying', attributes: [{ key: 'attempt', value: { type: 'int', value: 2n } }], droppedAttributesCount: 0 }],
  };
  return { root, child };
}

describe('query app over the real Elasticsearch', () => {
  let query: QueryUnderTest;
  const { root, child } = dispatchTrace();
  const other = makeSpan({ service: 'frontend', name: 'HTTP GET /config', kind: 'server', startMs: NOW - 30_000, durationMicros: 900 });
  const bigTraceId = randomTraceId();
  // A 64-bit trace id: the writer stores it in 16 hex characters, as Jaeger does.
  const legacyShort = randomTraceId().slice(16);
  const legacy = makeSpan({ traceId: `0000000000000000${legacyShort}` as typeof bigTraceId, service: 'legacy-client', name: 'old-op', startMs: NOW - 20_000 });

  beforeAll(async () => {
    // Pages of 997 documents: the 10,000-span trace crosses ten page boundaries.
    query = await startQuery('query-api', { ES_MAX_DOC_COUNT: '997' });
    const big = Array.from({ length: 10_000 }, (_, i) => makeSpan({ traceId: bigTraceId, service: `big-${i % 5}`, name: `op-${i % 13}`, startMs: NOW - 600_000 + (i % 97) }));
    await query.write([root, child, other, legacy, ...big]);
  });
  afterAll(() => query.stop());

  const v1 = async <T>(path: string) => {
    const response = await getJson(query.url(path));
    return { ...response, body: response.body as Envelope<T> };
  };

  it("gives a trace in the Jaeger UI's shape, field by field as Jaeger documents it", async () => {
    const { status, body } = await v1<UiTrace[]>(`/api/traces/${root.traceId}`);
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['data', 'total', 'limit', 'offset', 'errors']);
    expect([body.total, body.limit, body.offset, body.errors]).toEqual([0, 0, 0, null]);
    expect(body.data).toHaveLength(1);
    const trace = body.data[0] as UiTrace;
    expect(Object.keys(trace)).toEqual(['traceID', 'spans', 'processes', 'warnings']);
    expect(trace.traceID).toBe(traceIdToJaegerHex(root.traceId));
    expect(trace.warnings).toBeNull();
    expect(trace.processes).toEqual({
      p1: { serviceName: 'frontend', tags: [{ key: 'host.name', type: 'string', value: 'box-1' }] },
      p2: { serviceName: 'driver', tags: [] },
    });

    const [uiRoot, uiChild] = trace.spans;
    const fields = ['traceID', 'spanID', 'flags', 'operationName', 'references', 'startTime', 'duration', 'tags', 'logs', 'processID', 'warnings'];
    expect(Object.keys(uiRoot ?? {})).toEqual(fields);
    expect(Object.keys(uiChild ?? {})).toEqual(fields);
    expect({ ...uiRoot, tags: byKey(uiRoot?.tags ?? []) }).toEqual({
      traceID: trace.traceID,
      spanID: root.spanId,
      flags: 1,
      operationName: 'HTTP GET /dispatch',
      references: [],
      startTime: (NOW - 120_000) * 1000,
      duration: 730_000,
      tags: byKey([
        { key: 'customer.id', type: 'string', value: '123' },
        { key: 'http.method', type: 'string', value: 'GET' },
        { key: 'http.status_code', type: 'int64', value: 200 },
        { key: 'otel.scope.name', type: 'string', value: 'waymark-test' },
        { key: 'otel.scope.version', type: 'string', value: '1.0.0' },
        { key: 'span.kind', type: 'string', value: 'server' },
      ]),
      logs: [],
      processID: 'p1',
      warnings: null,
    });
    expect({ ...uiChild, tags: byKey(uiChild?.tags ?? []) }).toEqual({
      traceID: trace.traceID,
      spanID: child.spanId,
      flags: 1,
      operationName: 'FindNearest',
      references: [{ refType: 'CHILD_OF', traceID: trace.traceID, spanID: root.spanId }],
      startTime: (NOW - 119_900) * 1000,
      duration: 210_000,
      tags: byKey([
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.scope.name', type: 'string', value: 'waymark-test' },
        { key: 'otel.scope.version', type: 'string', value: '1.0.0' },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'otel.status_description', type: 'string', value: 'redis timeout' },
        { key: 'span.kind', type: 'string', value: 'client' },
      ]),
      logs: [
        {
          timestamp: (NOW - 119_900) * 1000 + 5000,
          fields: [
            { key: 'event', type: 'string', value: 'retrying' },
            { key: 'attempt', type: 'int64', value: 2 },
          ],
        },
      ],
      processID: 'p2',
      warnings: null,
    });
  });

  it('gives a trace of 10,000 spans back whole, in API v1 and API v3', async () => {
    const { status, body } = await v1<UiTrace[]>(`/api/traces/${bigTraceId}`);
    expect(status).toBe(200);
    const spans = body.data[0]?.spans ?? [];
    expect(spans).toHaveLength(10_000);
    expect(new Set(spans.map((span) => span.spanID)).size).toBe(10_000);
    expect(Object.keys(body.data[0]?.processes ?? {})).toHaveLength(5);

    const v3 = await getJson(query.url(`/api/v3/traces/${bigTraceId}`));
    const resourceSpans = (v3.body as { result: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ spanId: string }> }> }> } }).result.resourceSpans;
    const ids = resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.spanId)));
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
  });

  it('finds a trace with a 64-bit id, stored in 16 hex characters, by 16 and by 32 hex characters', async () => {
    for (const id of [legacyShort, `0000000000000000${legacyShort}`]) {
      const { status, body } = await v1<UiTrace[]>(`/api/traces/${id}`);
      expect([id, status]).toEqual([id, 200]);
      expect(body.data.map((trace) => [trace.traceID, trace.spans.map((span) => span.spanID)])).toEqual([[legacyShort, [legacy.spanId]]]);
      expect((await getJson(query.url(`/api/v3/traces/${id}`))).status).toBe(200);
    }
    const search = await v1<UiTrace[]>(`/api/traces?service=legacy-client&lookback=1h`);
    expect(search.body.data.map((trace) => trace.traceID)).toEqual([legacyShort]);
  });

  it("summarizes a search for the Jaeger UI 2.19+ (GET /api/v3/trace-summaries), with the UI's own parameters", async () => {
    const params = new URLSearchParams({
      'query.serviceName': 'frontend',
      'query.operationName': 'HTTP GET /dispatch',
      'query.startTimeMin': new Date(NOW - HOUR_MS).toISOString(),
      'query.startTimeMax': new Date(NOW).toISOString(),
      'query.searchDepth': '20',
    });
    const { status, body } = await getJson(query.url(`/api/v3/trace-summaries?${params.toString()}`));
    expect(status).toBe(200);
    expect(body).toEqual({
      summaries: [
        {
          traceId: root.traceId,
          rootServiceName: 'frontend',
          rootOperationName: 'HTTP GET /dispatch',
          minStartTimeUnixNano: root.startTimeUnixNano.toString(),
          maxEndTimeUnixNano: root.endTimeUnixNano.toString(),
          spanCount: 2,
          errorSpanCount: 1,
          services: [{ name: 'driver', spanCount: 1, errorSpanCount: 1 }, { name: 'frontend', spanCount: 1 }],
        },
      ],
    });
  });

  it('lists services and operations (v1, legacy, v3), with span kinds from the span index', async () => {
    const services = await v1<string[]>('/api/services');
    expect(services.body.data).toEqual(['big-0', 'big-1', 'big-2', 'big-3', 'big-4', 'driver', 'frontend', 'legacy-client']);
    expect(services.body.total).toBe(8);
    expect((await v1<string[]>('/api/services/frontend/operations')).body).toEqual({ data: ['HTTP GET /config', 'HTTP GET /dispatch'], total: 2, limit: 0, offset: 0, errors: null });
    expect((await v1('/api/operations?service=driver')).body.data).toEqual([{ name: 'FindNearest', spanKind: '' }]);
    expect((await v1('/api/operations?service=driver&spanKind=client')).body.data).toEqual([{ name: 'FindNearest', spanKind: 'client' }]);
    expect((await v1('/api/operations?service=driver&spanKind=server')).body.data).toEqual([]);
    expect((await getJson(query.url('/api/v3/services'))).body).toEqual({ services: ['big-0', 'big-1', 'big-2', 'big-3', 'big-4', 'driver', 'frontend', 'legacy-client'] });
    expect((await getJson(query.url('/api/v3/operations?service=frontend&spanKind=server'))).body).toEqual({
      operations: [
        { name: 'HTTP GET /config', spanKind: 'server' },
        { name: 'HTTP GET /dispatch', spanKind: 'server' },
      ],
    });
  });

  it('searches with every v1 parameter', async () => {
    const ids = async (params: string) => {
      const { status, body } = await v1<UiTrace[]>(`/api/traces?${params}`);
      expect([params, status]).toEqual([params, 200]);
      return body.data.map((trace) => trace.traceID);
    };
    const dispatch = traceIdToJaegerHex(root.traceId);
    const config = traceIdToJaegerHex(other.traceId);
    expect(await ids('service=frontend')).toEqual([config, dispatch]);
    expect(await ids('service=frontend&limit=1')).toEqual([config]);
    expect(await ids(`service=frontend&operation=${encodeURIComponent('HTTP GET /dispatch')}`)).toEqual([dispatch]);
    expect(await ids('service=frontend&tag=customer.id:123')).toEqual([dispatch]);
    expect(await ids('service=driver&tag=error:true')).toEqual([dispatch]);
    expect(await ids(`service=frontend&tags=${encodeURIComponent('{"http.status_code":"200","http.method":"GET"}')}`)).toEqual([dispatch]);
    expect(await ids(`service=frontend&tags=${encodeURIComponent('{"http.method":"G.*"}')}`)).toEqual([]);
    expect(await ids('service=driver&tag=event:retrying')).toEqual([dispatch]);
    expect(await ids('service=frontend&tag=host.name:box-1')).toEqual([dispatch]);
    expect(await ids('service=frontend&minDuration=500ms')).toEqual([dispatch]);
    expect(await ids('service=frontend&maxDuration=1ms')).toEqual([config]);
    expect(await ids('service=frontend&minDuration=1ms&maxDuration=1s')).toEqual([dispatch]);
    expect(await ids(`service=frontend&start=${(NOW - 60_000) * 1000}&end=${NOW * 1000}`)).toEqual([config]);
    // lookback counts back from end (now by default; NOW here, so a slow run cannot move the window).
    expect(await ids(`service=frontend&lookback=1m&end=${NOW * 1000}`)).toEqual([config]);
    expect(await ids(`service=frontend&lookback=1h&end=${NOW * 1000}`)).toEqual([config, dispatch]);
    // As the Jaeger UI sends it: lookback with start and end, the 2-4 week choices included.
    expect(await ids(`service=frontend&lookback=2w&start=${(NOW - 60_000) * 1000}&end=${NOW * 1000}`)).toEqual([config]);
    const byIds = await v1<UiTrace[]>(`/api/traces?traceID=${root.traceId}&traceID=${bigTraceId.slice(0, 31)}f`);
    expect(byIds.body.data.map((trace) => trace.traceID)).toEqual([dispatch]);
    expect(byIds.body.errors).toEqual([{ msg: 'trace not found', traceID: traceIdToJaegerHex(`${bigTraceId.slice(0, 31)}f` as typeof bigTraceId) }]);
  });

  it('searches in API v3 with attributes, times, durations and depth', async () => {
    const window = `query.start_time_min=${new Date(NOW - HOUR_MS).toISOString()}&query.start_time_max=${new Date(NOW).toISOString()}`;
    const spanIds = async (params: string) => {
      const response = await getJson(query.url(`/api/v3/traces?${window}&${params}`));
      if (response.status === 404) return [];
      expect([params, response.status]).toEqual([params, 200]);
      return (response.body as { result: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ spanId: string }> }> }> } }).result.resourceSpans
        .flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.spanId)))
        .sort();
    };
    expect(await spanIds('query.service_name=frontend&query.operation_name=HTTP%20GET%20%2Fconfig')).toEqual([other.spanId]);
    expect(await spanIds(`query.serviceName=driver&query.attributes=${encodeURIComponent('{"error":"true"}')}`)).toEqual([root.spanId, child.spanId].sort());
    expect(await spanIds('query.service_name=frontend&query.duration_min=500ms')).toEqual([root.spanId, child.spanId].sort());
    expect((await spanIds('query.service_name=frontend&query.search_depth=1')).length).toBe(1);
    const none = await getJson(query.url(`/api/v3/traces?${window}&query.service_name=nobody`));
    expect([none.status, none.body]).toEqual([404, { error: { httpCode: 404, message: 'No traces found' } }]);
  });

  it('answers dependencies computed from the stored spans', async () => {
    const { status, body } = await v1<Array<{ parent: string; child: string; callCount: number }>>(`/api/dependencies?endTs=${NOW}&lookback=${HOUR_MS}`);
    expect(status).toBe(200);
    expect(body.data).toContainEqual({ parent: 'frontend', child: 'driver', callCount: 1 });
    expect((await v1<unknown[]>(`/api/dependencies?endTs=${NOW}&lookback=${HOUR_MS}&service=nobody`)).body.data).toEqual([]);
  });

  it.each([
    ['/api/traces', 400, "parameter 'service' is required"],
    ['/api/traces?service=frontend&tags=%7B', 400, "malformed 'tags' parameter"],
    ['/api/traces?service=frontend&minDuration=5', 400, "unable to parse param 'minDuration'"],
    ['/api/traces?service=frontend&end=tomorrow', 400, "unable to parse param 'end'"],
    ['/api/traces?service=frontend&limit=-3', 400, "unable to parse param 'limit'"],
    ['/api/traces/xyz', 400, "malformed 'traceID' parameter"],
    [`/api/traces/${'1'.repeat(31)}9`, 404, 'trace not found'],
  ])('answers %s with %i in Jaeger’s error shape', async (path, status, message) => {
    const response = await v1<null>(path);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ data: null, total: 0, limit: 0, offset: 0 });
    expect(response.body.errors?.[0]).toMatchObject({ code: status });
    expect(response.body.errors?.[0]?.msg).toContain(message);
  });

  it('serves its OpenAPI document, and metrics and readiness on the admin port', async () => {
    const document = await getJson(query.url('/api/openapi.json'));
    expect(document.status).toBe(200);
    expect(Object.keys((document.body as { paths: object }).paths)).toContain('/api/traces/{traceID}');
    expect((await getJson(query.adminUrl('/ready'))).body).toEqual({ status: 'ready' });
    const metrics = await (await fetch(query.adminUrl('/metrics'))).text();
    expect(metrics).toMatch(/waymark_query_requests_total\{route="\/api\/traces\/:traceID",status="200",service="query"\} \d+/);
    expect(metrics).toMatch(/waymark_query_spans_returned_total\{route="\/api\/traces\/:traceID",service="query"\} [1-9]\d*/);
  });
});

describe('query app with tenancy, a bearer token and a base path (real Elasticsearch)', () => {
  let query: QueryUnderTest;
  const token = 'a-long-enough-test-token';
  const red = makeSpan({ service: 'red-svc', name: 'red-op', startMs: NOW - 10_000 });
  const redChild = makeSpan({ traceId: red.traceId, parentSpanId: red.spanId, service: 'red-db', startMs: NOW - 9_000 });
  const blue = makeSpan({ service: 'blue-svc', name: 'blue-op', startMs: NOW - 10_000 });
  const blueChild = makeSpan({ traceId: blue.traceId, parentSpanId: blue.spanId, service: 'blue-db', startMs: NOW - 9_000 });

  beforeAll(async () => {
    query = await startQuery('query-tenancy', { TENANCY_ENABLED: 'true', TENANCY_TENANTS: 'red,blue', QUERY_BEARER_TOKEN: token, QUERY_BASE_PATH: '/jaeger/' });
    await query.write([red, redChild], { tenant: 'red' });
    await query.write([blue, blueChild], { tenant: 'blue' });
  });
  afterAll(() => query.stop());

  const as = (tenant: string | undefined, path: string, bearer = token) =>
    getJson(query.url(`/jaeger${path}`), { authorization: `Bearer ${bearer}`, ...(tenant === undefined ? {} : { 'x-tenant': tenant }) });

  it('refuses requests without the token, without a tenant, or with an unknown one, on every endpoint', async () => {
    const paths = ['/api/services', '/api/services/red-svc/operations', '/api/operations?service=red-svc', '/api/traces?service=red-svc', `/api/traces/${red.traceId}`, '/api/dependencies', `/api/v3/traces/${red.traceId}`, '/api/v3/services', '/api/v3/operations?service=red-svc'];
    for (const path of paths) {
      const noToken = await as('red', path, 'wrong-token');
      expect([path, noToken.status, noToken.headers.get('www-authenticate')]).toEqual([path, 401, 'Bearer realm="waymark-query"']);
      expect([path, (await as(undefined, path)).status]).toEqual([path, 401]);
      expect([path, (await as('green', path)).status]).toEqual([path, 403]);
      expect([path, (await as('red', path)).status]).toEqual([path, 200]);
    }
    expect((await getJson(query.url(`/api/traces/${red.traceId}`), { authorization: `Bearer ${token}`, 'x-tenant': 'red' })).status).toBe(404);
  });

  it("never shows one tenant another's traces, services or dependencies", async () => {
    expect(((await as('red', '/api/services')).body as Envelope<string[]>).data).toEqual(['red-db', 'red-svc']);
    expect(((await as('blue', '/api/services')).body as Envelope<string[]>).data).toEqual(['blue-db', 'blue-svc']);
    expect((await as('red', `/api/traces/${blue.traceId}`)).status).toBe(404);
    expect((await as('blue', `/api/traces/${blue.traceId}`)).status).toBe(200);
    expect((await as('red', `/api/v3/traces/${blue.traceId}`)).status).toBe(404);
    expect(((await as('red', '/api/traces?service=blue-svc')).body as Envelope<unknown[]>).data).toEqual([]);
    expect(((await as('red', '/api/services/blue-svc/operations')).body as Envelope<unknown[]>).data).toEqual([]);
    expect(((await as('red', `/api/dependencies?endTs=${NOW}`)).body as Envelope<unknown[]>).data).toEqual([{ parent: 'red-svc', child: 'red-db', callCount: 1 }]);
    expect(((await as('blue', `/api/dependencies?endTs=${NOW}`)).body as Envelope<unknown[]>).data).toEqual([{ parent: 'blue-svc', child: 'blue-db', callCount: 1 }]);
  });
});

describe('query app memory bounds (real Elasticsearch)', () => {
  let query: QueryUnderTest;
  const bigId = randomTraceId();
  const big = Array.from({ length: 130 }, (_, i) => makeSpan({ traceId: bigId, service: 'bounded', name: `b-${i}`, startMs: NOW - 50_000 + i }));
  const small = Array.from({ length: 3 }, (_, t) => makeSpan({ service: 'bounded', name: `s-${t}`, startMs: NOW - 10_000 + t }));

  beforeAll(async () => {
    query = await startQuery('query-bounds', { ES_MAX_DOC_COUNT: '20', ES_MAX_SPANS_PER_TRACE: '50', ES_MAX_SPANS_PER_SEARCH: '52', ES_DEPENDENCIES_MAX_SPANS: '100' });
    await query.write([...big, ...small]);
  });
  afterAll(() => query.stop());

  it('answers a trace past ES_MAX_SPANS_PER_TRACE with its earliest spans and a warning the UI shows', async () => {
    const response = await getJson(query.url(`/api/traces/${bigId}`));
    expect(response.status).toBe(200);
    const [trace] = (response.body as Envelope<UiTrace[]>).data;
    expect(trace?.spans).toHaveLength(50);
    const warned = trace?.spans.filter((span) => span.warnings !== null) ?? [];
    expect(warned.map((span) => span.warnings)).toEqual([['trace truncated at 50 spans: 130 are stored; the earliest 50 are shown (ES_MAX_SPANS_PER_TRACE)']]);
  });

  it('keeps a search within ES_MAX_SPANS_PER_SEARCH: newest traces first, no trace that would pass it', async () => {
    // 1 + 1 + 1 + 50 (the big trace, capped) = 53 > 52.
    const search = (await getJson(query.url('/api/traces?service=bounded&lookback=1h&limit=10'))).body as Envelope<UiTrace[]>;
    expect(search.data.map((trace) => trace.traceID)).toEqual([small[2]?.traceId, small[1]?.traceId, small[0]?.traceId]);
  });

  it('refuses dependencies over a window holding more spans than ES_DEPENDENCIES_MAX_SPANS with 400 naming the lookback', async () => {
    const response = await getJson(query.url(`/api/dependencies?endTs=${NOW}&lookback=${HOUR_MS}`));
    expect(response.status).toBe(400);
    expect((response.body as Envelope<null>).errors?.[0]?.msg).toMatch(/^too many spans for dependencies: the lookback holds 133 spans, more than the 100 one computation may read; use a shorter lookback$/);
  });
});

describe('query app while Elasticsearch is unreachable', () => {
  let query: QueryUnderTest;

  beforeAll(async () => {
    // Nothing listens on port 1: every request to "Elasticsearch" is refused at once.
    query = await startQuery('query-down', { ELASTICSEARCH_URL: 'http://127.0.0.1:1' });
  });
  afterAll(() => query.stop());

  it('answers 503 with Retry-After in each API’s shape, never a 500 or a stack, and is not ready', async () => {
    const traceId = randomTraceId();
    for (const path of ['/api/services', '/api/operations?service=a', `/api/traces/${traceId}`, '/api/traces?service=a', '/api/dependencies']) {
      const response = await getJson(query.url(path));
      expect([path, response.status, response.headers.get('retry-after')]).toEqual([path, 503, '1']);
      expect(response.body).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 503, msg: 'the trace storage is unavailable; retry later' }] });
    }
    const v3 = await getJson(query.url('/api/v3/services'));
    expect([v3.status, v3.body]).toEqual([503, { error: { httpCode: 503, message: 'the trace storage is unavailable; retry later' } }]);
    const ready = await getJson(query.adminUrl('/ready'));
    expect([ready.status, ready.body]).toEqual([503, { status: 'not ready', failures: { elasticsearch: 'elasticsearch does not answer' } }]);
    expect((await getJson(query.adminUrl('/health'))).status).toBe(200);
    const metrics = await (await fetch(query.adminUrl('/metrics'))).text();
    expect(metrics).toMatch(/waymark_query_storage_failures_total\{reason="unavailable",service="query"\} 6/);
  });
});

describe('query app shutdown', () => {
  it('stops accepting, closes its listener and its client', async () => {
    const query = await startQuery('query-stop');
    const url = query.url('/api/services');
    expect((await getJson(url)).status).toBe(200);
    await query.stop();
    await expect(fetch(url)).rejects.toThrow();
  });
});
