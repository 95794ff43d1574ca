import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { createLogger, WaymarkError } from '@waymark/platform';
import { traceIdToJaegerHex, withWarning } from '@waymark/span-model';
import type { Trace, TraceId } from '@waymark/span-model';
import { SpanReadError } from '@waymark/storage-api';
import type { DependencyLink, DependencyReader, ReadContext, SpanReader } from '@waymark/storage-api';
import { MemoryStore } from '@waymark/storage-memory';
import { makeSpan, randomSpanId, randomTraceId } from '@waymark/storage-testing';
import { DEFAULT_QUERY_LIMITS } from '../query-limits';
import type { TenancyPolicy } from './access';
import { OPENAPI_PATH, registerQueryApi } from './register-query-api';
import type { QueryApiOptions } from './register-query-api';

const NOW = Date.now();
const silent = createLogger({ service: 'query-api-test', level: 'silent' });

/** The collector's rules (libs/receivers Tenancy): one value, on the list; missing → 401, unknown → 403. */
const tenancy = (tenants: string[]): TenancyPolicy => ({
  config: { enabled: true, header: 'x-tenant' },
  resolve(values) {
    if (!values || values.length === 0) throw new WaymarkError('unauthenticated', 'missing tenant header');
    if (values.length > 1 || !tenants.includes(values[0] as string)) throw new WaymarkError('permission-denied', 'unknown tenant');
    return values[0];
  },
});

/** Dependencies as a storage would keep them per tenant. */
class FixedDependencies implements DependencyReader {
  readonly calls: Array<[number, number, ReadContext | undefined]> = [];
  constructor(private readonly byTenant: Record<string, DependencyLink[]>) {}
  async getDependencies(endTsMillis: number, lookbackMillis: number, context?: ReadContext): Promise<DependencyLink[]> {
    this.calls.push([endTsMillis, lookbackMillis, context]);
    return this.byTenant[context?.tenant ?? ''] ?? [];
  }
}

async function serve(options: Partial<QueryApiOptions> & { spans: SpanReader }): Promise<{ app: FastifyInstance; registry: Registry }> {
  const registry = new Registry();
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 5000 } });
  registerQueryApi(app, { logger: silent, registry, now: () => NOW, ...options });
  await app.ready();
  return { app, registry };
}

const json = (body: string): unknown => JSON.parse(body);

describe('query API v1 over the memory store', () => {
  const store = new MemoryStore({ maxTraces: 1000 });
  const traceId = randomTraceId();
  const rootId = randomSpanId();
  const root = makeSpan({ traceId, spanId: rootId, service: 'frontend', name: 'GET /dispatch', kind: 'server', startMs: NOW - 60_000, durationMicros: 250_000, attributes: { 'http.status_code': 200 } });
  const child = makeSpan({ traceId, parentSpanId: rootId, service: 'driver', name: 'FindNearest', kind: 'client', startMs: NOW - 59_990, durationMicros: 40_000, attributes: { error: true } });
  const other = makeSpan({ service: 'frontend', name: 'GET /config', kind: 'server', startMs: NOW - 30_000, durationMicros: 2_000 });
  let app: FastifyInstance;
  let registry: Registry;
  const dependencies = new FixedDependencies({
    '': [
      { parent: 'frontend', child: 'driver', callCount: 3 },
      { parent: 'frontend', child: 'driver', callCount: 4 },
      { parent: 'driver', child: 'redis', callCount: 9 },
      { parent: 'mysql', child: 'disk', callCount: 1 },
    ],
  });

  beforeAll(async () => {
    await store.write([root, child, other]);
    ({ app, registry } = await serve({ spans: store, dependencies, adjust: (trace: Trace) => ({ ...trace, spans: trace.spans.map((span) => withWarning(span, 'adjusted')) }) }));
  });
  afterAll(() => app.close());

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('lists services and operations in Jaeger’s envelope', async () => {
    expect(json((await get('/api/services')).body)).toEqual({ data: ['driver', 'frontend'], total: 2, limit: 0, offset: 0, errors: null });
    expect(json((await get('/api/services/frontend/operations')).body)).toEqual({ data: ['GET /config', 'GET /dispatch'], total: 2, limit: 0, offset: 0, errors: null });
    expect(json((await get('/api/operations?service=driver')).body)).toEqual({ data: [{ name: 'FindNearest', spanKind: 'client' }], total: 1, limit: 0, offset: 0, errors: null });
    expect(json((await get('/api/operations?service=driver&spanKind=server')).body)).toMatchObject({ data: [], total: 0 });
  });

  it('gives a trace by id in the UI shape, adjusted unless raw', async () => {
    const response = await get(`/api/traces/${traceIdToJaegerHex(traceId)}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = json(response.body) as { data: Array<{ traceID: string; spans: Array<Record<string, unknown>>; processes: Record<string, unknown>; warnings: unknown }>; errors: unknown };
    expect(body).toMatchObject({ total: 0, limit: 0, offset: 0, errors: null });
    const [trace] = body.data;
    expect(trace?.traceID).toBe(traceId);
    expect(trace?.warnings).toBeNull();
    expect(trace?.processes).toEqual({
      p1: { serviceName: 'frontend', tags: [] },
      p2: { serviceName: 'driver', tags: [] },
    });
    expect(trace?.spans[1]).toEqual({
      traceID: traceId,
      spanID: child.spanId,
      flags: 1,
      operationName: 'FindNearest',
      references: [{ refType: 'CHILD_OF', traceID: traceId, spanID: rootId }],
      startTime: (NOW - 59_990) * 1000,
      duration: 40_000,
      tags: [
        { key: 'otel.scope.name', type: 'string', value: 'waymark-test' },
        { key: 'otel.scope.version', type: 'string', value: '1.0.0' },
        { key: 'error', type: 'bool', value: true },
        { key: 'span.kind', type: 'string', value: 'client' },
      ],
      logs: [],
      processID: 'p2',
      warnings: ['adjusted'],
    });
    const raw = json((await get(`/api/traces/${traceId}?raw=true`)).body) as { data: Array<{ spans: Array<{ warnings: unknown }> }> };
    expect(raw.data[0]?.spans.map((span) => span.warnings)).toEqual([null, null]);
  });

  it('answers an unknown trace 404 in Jaeger’s error shape, and lists the missing ones of several', async () => {
    const missing = randomTraceId();
    const response = await get(`/api/traces/${missing}`);
    expect(response.statusCode).toBe(404);
    expect(json(response.body)).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] });

    const several = json((await get(`/api/traces/${traceId},${missing}`)).body) as { data: Array<{ traceID: string }>; errors: unknown };
    expect(several.data.map((trace) => trace.traceID)).toEqual([traceId]);
    expect(several.errors).toEqual([{ code: 404, msg: 'trace not found', traceID: missing }]);

    const byParam = json((await get(`/api/traces?traceID=${traceId}&traceID=${missing}`)).body) as { data: Array<{ traceID: string }>; errors: unknown };
    expect(byParam.data.map((trace) => trace.traceID)).toEqual([traceId]);
    expect(byParam.errors).toEqual([{ msg: 'trace not found', traceID: missing }]);
  });

  it('searches by service, operation, tags and durations, newest first', async () => {
    const ids = async (query: string) => ((json((await get(`/api/traces?${query}`)).body) as { data: Array<{ traceID: string }> }).data ?? []).map((trace) => trace.traceID);
    expect(await ids('service=frontend')).toEqual([other.traceId, traceId]);
    expect(await ids('service=frontend&operation=GET%20%2Fdispatch')).toEqual([traceId]);
    expect(await ids('service=frontend&limit=1')).toEqual([other.traceId]);
    expect(await ids('service=driver&tag=error:true')).toEqual([traceId]);
    expect(await ids(`service=frontend&tags=${encodeURIComponent('{"http.status_code":"200"}')}`)).toEqual([traceId]);
    expect(await ids(`service=frontend&tags=${encodeURIComponent('{"http.status_code":"2.*"}')}`)).toEqual([]);
    expect(await ids('service=frontend&minDuration=100ms')).toEqual([traceId]);
    expect(await ids('service=frontend&maxDuration=10ms')).toEqual([other.traceId]);
    expect(await ids(`service=frontend&start=${(NOW - 40_000) * 1000}&end=${NOW * 1000}`)).toEqual([other.traceId]);
    expect(await ids('service=frontend&lookback=45s')).toEqual([other.traceId]);
    expect(await ids('service=nobody')).toEqual([]);
  });

  it('finds a 64-bit trace id (stored in 16 hex characters, as Jaeger writes it) by 16 and by 32 hex characters', async () => {
    const short = 'a3f1c0ffee15beef';
    const span = makeSpan({ traceId: `0000000000000000${short}` as TraceId, service: 'legacy', name: 'old-client', startMs: NOW - 5_000 });
    await store.write([span]);
    for (const id of [short, `0000000000000000${short}`, short.toUpperCase(), short.replace(/^a/, '0a').slice(1)]) {
      const response = await get(`/api/traces/${id}`);
      expect([id, response.statusCode]).toEqual([id, 200]);
      const body = json(response.body) as { data: Array<{ traceID: string; spans: Array<{ traceID: string; spanID: string }> }> };
      // Jaeger's UI form: 16 characters when the high half is zero.
      expect(body.data.map((trace) => [trace.traceID, trace.spans.map((s) => [s.traceID, s.spanID])])).toEqual([[short, [[short, span.spanId]]]]);
    }
    const byParam = json((await get(`/api/traces?traceID=${short}`)).body) as { data: Array<{ traceID: string }> };
    expect(byParam.data.map((trace) => trace.traceID)).toEqual([short]);
    const v3 = await get(`/api/v3/traces/${short}`);
    expect(v3.statusCode).toBe(200);
    expect((json(v3.body) as { result: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string }> }> }> } }).result.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.traceId).toBe(`0000000000000000${short}`);
  });

  it("answers the Jaeger UI's searches for every lookback it offers (start and end given, lookback ignored)", async () => {
    for (const lookback of ['1h', '2h', '3h', '6h', '12h', '24h', '2d', '7d', '2w', '3w', '4w', 'custom']) {
      const response = await get(`/api/traces?service=frontend&lookback=${lookback}&start=${(NOW - 40_000) * 1000}&end=${NOW * 1000}&limit=20`);
      expect([lookback, response.statusCode]).toEqual([lookback, 200]);
      expect((json(response.body) as { data: Array<{ traceID: string }> }).data.map((trace) => trace.traceID)).toEqual([other.traceId]);
    }
  });

  it('answers dependencies merged per link, filtered by service, with the lookback clamped', async () => {
    const body = json((await get(`/api/dependencies?endTs=${NOW}&lookback=3600000`)).body);
    expect(body).toEqual({
      data: [
        { parent: 'driver', child: 'redis', callCount: 9 },
        { parent: 'frontend', child: 'driver', callCount: 7 },
        { parent: 'mysql', child: 'disk', callCount: 1 },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect(json((await get('/api/dependencies?service=redis')).body)).toMatchObject({ data: [{ parent: 'driver', child: 'redis', callCount: 9 }] });
    await get('/api/dependencies?lookback=99999999999');
    expect(dependencies.calls.at(-1)).toEqual([NOW, DEFAULT_QUERY_LIMITS.maxLookbackMs, {}]);
  });

  it.each([
    ['/api/traces', "parameter 'service' is required"],
    ['/api/traces?service=s&limit=x', "unable to parse param 'limit'"],
    ['/api/traces?service=s&minDuration=fast', "unable to parse param 'minDuration'"],
    ['/api/traces?service=s&start=yesterday', "unable to parse param 'start'"],
    ['/api/traces?service=s&tags=%7Bbroken', "malformed 'tags' parameter, cannot unmarshal JSON"],
    ['/api/traces/not-a-trace-id', "malformed 'traceID' parameter"],
    ['/api/traces/0000', "malformed 'traceID' parameter"],
    [`/api/traces/${'f'.repeat(40)}`, "malformed 'traceID' parameter"],
    ['/api/traces/abc?end=soon', "unable to parse param 'end'"],
    ['/api/operations', "parameter 'service' is required"],
    ['/api/operations?service=s&spanKind=up', "unable to parse param 'spanKind'"],
    ['/api/dependencies?endTs=now', "unable to parse param 'endTs'"],
    ['/api/dependencies?lookback=1h', "unable to parse param 'lookback'"],
  ])('answers GET %s with 400 naming the parameter', async (url, message) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    const body = json(response.body) as { data: unknown; errors: Array<{ code: number; msg: string }> };
    expect(body).toMatchObject({ data: null, total: 0, limit: 0, offset: 0 });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.code).toBe(400);
    expect(body.errors[0]?.msg).toContain(message);
  });

  it('answers unknown API paths 404 in the API’s shape', async () => {
    expect(json((await get('/api/nothing')).body)).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'no such endpoint' }] });
    expect(json((await get('/api/v3/nothing')).body)).toEqual({ error: { httpCode: 404, message: 'no such endpoint' } });
  });

  it('counts requests by route pattern and status, and spans returned', async () => {
    await get(`/api/traces/${traceId}`);
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/waymark_query_requests_total\{route="\/api\/traces\/:traceID",status="200"\} \d+/);
    expect(metrics).toMatch(/waymark_query_requests_total\{route="\/api\/traces",status="400"\} \d+/);
    expect(metrics).toMatch(/waymark_query_spans_returned_total\{route="\/api\/traces\/:traceID"\} \d+/);
    expect(metrics).not.toContain(traceId);
  });
});

describe('query API v3 over the memory store', () => {
  const store = new MemoryStore({ maxTraces: 100 });
  const span = makeSpan({ service: 'checkout', name: 'POST /pay', kind: 'server', startMs: Date.parse('2025-01-09T00:30:00Z'), attributes: { 'http.method': 'POST' } });
  const unknownKind = makeSpan({ service: 'checkout', name: 'work', kind: 'unspecified', startMs: Date.parse('2025-01-09T00:31:00Z') });
  let app: FastifyInstance;

  beforeAll(async () => {
    await store.write([span, unknownKind]);
    ({ app } = await serve({ spans: store, now: () => Date.parse('2025-01-10T00:00:00Z') }));
  });
  afterAll(() => app.close());
  const get = (url: string) => app.inject({ method: 'GET', url });

  it('gives a trace as OTLP/JSON under result', async () => {
    const response = await get(`/api/v3/traces/${span.traceId}`);
    expect(response.statusCode).toBe(200);
    const body = json(response.body) as { result: { resourceSpans: Array<{ resource: unknown; scopeSpans: Array<{ scope: unknown; spans: Array<Record<string, unknown>> }> }> } };
    expect(body.result.resourceSpans).toHaveLength(1);
    const [resourceSpans] = body.result.resourceSpans;
    expect(resourceSpans?.resource).toEqual({ attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] });
    expect(resourceSpans?.scopeSpans[0]?.spans[0]).toEqual({
      traceId: span.traceId,
      spanId: span.spanId,
      flags: 1,
      name: 'POST /pay',
      kind: 2,
      startTimeUnixNano: span.startTimeUnixNano.toString(),
      endTimeUnixNano: span.endTimeUnixNano.toString(),
      attributes: [{ key: 'http.method', value: { stringValue: 'POST' } }],
    });
  });

  it('searches with query.* parameters, and answers an empty result 404', async () => {
    const window = 'query.start_time_min=2025-01-09T00:00:00Z&query.start_time_max=2025-01-09T01:00:00Z';
    const found = json((await get(`/api/v3/traces?query.service_name=checkout&query.attributes=${encodeURIComponent('{"http.method":"POST"}')}&${window}`)).body) as {
      result: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ spanId: string }> }> }> };
    };
    expect(found.result.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((x) => x.spanId)))).toEqual([span.spanId]);
    const none = await get(`/api/v3/traces?query.serviceName=checkout&query.operationName=nothing&${window}`);
    expect(none.statusCode).toBe(404);
    expect(json(none.body)).toEqual({ error: { httpCode: 404, message: 'No traces found' } });
    const missing = await get(`/api/v3/traces/${randomTraceId()}`);
    expect([missing.statusCode, json(missing.body)]).toEqual([404, { error: { httpCode: 404, message: 'No traces found' } }]);
  });

  it('summarizes the found traces as Jaeger 2.19+ does for its UI (GET /api/v3/trace-summaries)', async () => {
    const traceId = randomTraceId();
    const rootId = randomSpanId();
    const base = Date.parse('2025-01-09T00:40:00Z');
    const rootSpan = makeSpan({ traceId, spanId: rootId, service: 'web', name: 'GET /', startMs: base, durationMicros: 50_000 });
    const failing = { ...makeSpan({ traceId, parentSpanId: rootId, service: 'db', name: 'query', startMs: base + 5, durationMicros: 80_000 }), status: { code: 'error' as const, message: 'x' } };
    const orphan = makeSpan({ traceId, parentSpanId: randomSpanId(), service: 'db', name: 'late', startMs: base + 10, durationMicros: 1_000 });
    // A store of its own: the other tests list this one's services.
    const own = new MemoryStore({ maxTraces: 100 });
    await own.write([span, unknownKind, failing, orphan, rootSpan]);
    const { app: summaries } = await serve({ spans: own, now: () => Date.parse('2025-01-10T00:00:00Z') });
    const get = (url: string) => summaries.inject({ method: 'GET', url });
    const window = 'query.startTimeMin=2025-01-09T00:35:00Z&query.startTimeMax=2025-01-09T00:45:00Z';
    const response = await get(`/api/v3/trace-summaries?query.serviceName=db&${window}&query.searchDepth=20`);
    expect(response.statusCode).toBe(200);
    expect(json(response.body)).toEqual({
      summaries: [
        {
          traceId,
          rootServiceName: 'web',
          rootOperationName: 'GET /',
          minStartTimeUnixNano: (BigInt(base) * 1_000_000n).toString(),
          maxEndTimeUnixNano: (BigInt(base + 5) * 1_000_000n + 80_000_000n).toString(),
          spanCount: 3,
          errorSpanCount: 1,
          orphanSpanCount: 1,
          // Defaults (0) left out, as proto3 JSON and Jaeger's gateway do.
          services: [{ name: 'db', spanCount: 2, errorSpanCount: 1 }, { name: 'web', spanCount: 1 }],
        },
      ],
    });
    // Without a service ("All Services" in the UI): every trace of the window, newest first.
    const all = json((await get(`/api/v3/trace-summaries?query.start_time_min=2025-01-09T00:00:00Z&query.start_time_max=2025-01-09T01:00:00Z`)).body) as { summaries: Array<{ traceId: string }> };
    expect(all.summaries.map((summary) => summary.traceId)).toEqual([traceId, unknownKind.traceId, span.traceId]);
    // Nothing found: 200 and no summaries (Jaeger's answer), not v3's 404.
    const none = await get(`/api/v3/trace-summaries?query.serviceName=nobody&${window}`);
    expect([none.statusCode, json(none.body)]).toEqual([200, {}]);
    const bad = await get('/api/v3/trace-summaries?query.serviceName=db');
    expect([bad.statusCode, json(bad.body)]).toEqual([400, { error: { httpCode: 400, message: 'query.start_time_min and query.start_time_max are required' } }]);
    await summaries.close();
  });

  it('lists services and operations as API v3 does', async () => {
    expect(json((await get('/api/v3/services')).body)).toEqual({ services: ['checkout'] });
    expect(json((await get('/api/v3/operations?service=checkout')).body)).toEqual({ operations: [{ name: 'POST /pay', spanKind: 'server' }, { name: 'work' }] });
    expect(json((await get('/api/v3/operations?service=checkout&span_kind=SPAN_KIND_SERVER')).body)).toEqual({ operations: [{ name: 'POST /pay', spanKind: 'server' }] });
  });

  it.each([
    ['/api/v3/traces', 'query.start_time_min and query.start_time_max are required'],
    ['/api/v3/traces?query.start_time_min=now&query.start_time_max=2025-01-09T01:00:00Z', 'malformed parameter query.start_time_min'],
    ['/api/v3/traces/xyz', "malformed 'trace_id' parameter"],
    ['/api/v3/traces/abc?start_time=yesterday', 'malformed parameter start_time'],
    ['/api/v3/operations', "parameter 'service' is required"],
  ])('answers GET %s with 400 in v3’s error shape', async (url, message) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    const body = json(response.body) as { error: { httpCode: number; message: string } };
    expect(body.error.httpCode).toBe(400);
    expect(body.error.message).toContain(message);
  });
});

/** Wraps a reader, counting every call: refusals must come before any storage read. */
function spyOn(reader: SpanReader, dependencyReader: DependencyReader): { spy: SpanReader & DependencyReader; calls: string[] } {
  const calls: string[] = [];
  const spy = {
    getTrace: (...args: Parameters<SpanReader['getTrace']>) => (calls.push('getTrace'), reader.getTrace(...args)),
    findTraces: (...args: Parameters<SpanReader['findTraces']>) => (calls.push('findTraces'), reader.findTraces(...args)),
    findTraceIds: (...args: Parameters<SpanReader['findTraceIds']>) => (calls.push('findTraceIds'), reader.findTraceIds(...args)),
    getServices: (...args: Parameters<SpanReader['getServices']>) => (calls.push('getServices'), reader.getServices(...args)),
    getOperations: (...args: Parameters<SpanReader['getOperations']>) => (calls.push('getOperations'), reader.getOperations(...args)),
    getDependencies: (...args: Parameters<DependencyReader['getDependencies']>) => (calls.push('getDependencies'), dependencyReader.getDependencies(...args)),
  };
  return { spy, calls };
}

describe('query API access', () => {
  const store = new MemoryStore({ maxTraces: 100 });
  const red = makeSpan({ service: 'red-svc', startMs: NOW - 1000 });
  const blue = makeSpan({ service: 'blue-svc', startMs: NOW - 1000 });
  let app: FastifyInstance;
  const dependencies = new FixedDependencies({ red: [{ parent: 'red-svc', child: 'red-db', callCount: 1 }], blue: [{ parent: 'blue-svc', child: 'blue-db', callCount: 2 }] });
  const { spy, calls } = spyOn(store, dependencies);

  beforeAll(async () => {
    await store.write([red], { tenant: 'red' });
    await store.write([blue], { tenant: 'blue' });
    ({ app } = await serve({ spans: spy, dependencies: spy, access: { bearerToken: 's3cret', tenancy: tenancy(['red', 'blue']) } }));
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { authorization: 'Bearer s3cret', ...headers } });

  it('refuses a missing or wrong bearer token with 401 and WWW-Authenticate, before reading anything', async () => {
    calls.length = 0;
    for (const authorization of [undefined, 'Bearer nope', 'Basic czNjcmV0', 'Bearer s3cret2', 'Bearer ']) {
      const response = await app.inject({ method: 'GET', url: '/api/services', headers: { 'x-tenant': 'red', ...(authorization === undefined ? {} : { authorization }) } });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="waymark-query"');
      expect((json(response.body) as { errors: Array<{ msg: string }> }).errors[0]?.msg).toMatch(/^bearer token (required|invalid)$/);
    }
    const v3 = await app.inject({ method: 'GET', url: '/api/v3/services', headers: { 'x-tenant': 'red' } });
    expect([v3.statusCode, json(v3.body)]).toEqual([401, { error: { httpCode: 401, message: 'bearer token required' } }]);
    expect(calls).toEqual([]);
    // The spy does see reads that are let through.
    await get('/api/services', { 'x-tenant': 'red' });
    expect(calls).toEqual(['getServices']);
  });

  it('refuses a missing tenant with 401 and an unknown one with 403, on every endpoint', async () => {
    const urls = ['/api/services', '/api/services/red-svc/operations', '/api/operations?service=red-svc', '/api/traces?service=red-svc', `/api/traces/${red.traceId}`, '/api/dependencies', `/api/v3/traces/${red.traceId}`, '/api/v3/services', '/api/v3/operations?service=x', '/api/v3/traces?query.start_time_min=2025-01-01T00:00:00Z&query.start_time_max=2025-01-02T00:00:00Z'];
    calls.length = 0;
    for (const url of [...urls, '/api/v3/trace-summaries?query.start_time_min=2025-01-01T00:00:00Z&query.start_time_max=2025-01-02T00:00:00Z']) {
      expect([url, (await get(url)).statusCode]).toEqual([url, 401]);
      expect([url, (await get(url, { 'x-tenant': 'green' })).statusCode]).toEqual([url, 403]);
      expect([url, (await get(url, { 'x-tenant': 'red', authorization: 'Bearer wrong' })).statusCode]).toEqual([url, 401]);
    }
    expect(calls).toEqual([]);
  });

  it("never shows a tenant another tenant's traces, services, operations or dependencies", async () => {
    const asRed = (url: string) => get(url, { 'x-tenant': 'red' });
    expect(json((await asRed('/api/services')).body)).toMatchObject({ data: ['red-svc'] });
    expect(json((await asRed('/api/services/blue-svc/operations')).body)).toMatchObject({ data: [] });
    expect((await asRed(`/api/traces/${blue.traceId}`)).statusCode).toBe(404);
    expect((await asRed(`/api/traces/${red.traceId}`)).statusCode).toBe(200);
    expect(json((await asRed(`/api/traces?traceID=${blue.traceId}`)).body)).toMatchObject({ data: [], errors: [{ msg: 'trace not found' }] });
    expect(json((await asRed('/api/traces?service=blue-svc')).body)).toMatchObject({ data: [] });
    expect((await asRed(`/api/v3/traces/${blue.traceId}`)).statusCode).toBe(404);
    expect(json((await asRed('/api/v3/services')).body)).toEqual({ services: ['red-svc'] });
    expect(json((await asRed('/api/dependencies')).body)).toMatchObject({ data: [{ parent: 'red-svc', child: 'red-db', callCount: 1 }] });
    expect(json((await get('/api/dependencies', { 'x-tenant': 'blue' })).body)).toMatchObject({ data: [{ parent: 'blue-svc', child: 'blue-db', callCount: 2 }] });
  });

  it('serves the OpenAPI document without credentials', async () => {
    const response = await app.inject({ method: 'GET', url: OPENAPI_PATH });
    expect(response.statusCode).toBe(200);
    expect(json(response.body)).toMatchObject({ openapi: '3.1.0' });
  });
});

describe('query API when the storage fails', () => {
  const failing = (retryable: boolean): SpanReader => {
    const fail = async (): Promise<never> => {
      throw new SpanReadError('elasticsearch: ConnectionError: connect ECONNREFUSED 10.1.2.3:9200', retryable);
    };
    return { getTrace: fail, findTraces: fail, findTraceIds: fail, getServices: fail, getOperations: fail };
  };

  it('answers 503 + Retry-After when the storage is unavailable, 500 when it failed, never with internals', async () => {
    for (const [retryable, status] of [
      [true, 503],
      [false, 500],
    ] as const) {
      const { app, registry } = await serve({ spans: failing(retryable) });
      for (const url of ['/api/services', `/api/traces/${randomTraceId()}`, '/api/traces?service=x', '/api/v3/services']) {
        const response = await app.inject({ method: 'GET', url });
        expect([url, response.statusCode]).toEqual([url, status]);
        expect(response.headers['retry-after']).toBe(retryable ? '1' : undefined);
        expect(response.body).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|at .*\.ts|stack/);
      }
      expect(await registry.metrics()).toMatch(new RegExp(`waymark_query_storage_failures_total\\{reason="${retryable ? 'unavailable' : 'failed'}"\\} 4`));
      await app.close();
    }
  });

  it('answers a failure that is not a storage outage (a bug: a plain Error, a TypeError) 500, never 503', async () => {
    const broken: SpanReader = {
      getTrace: async () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'hits')")),
      findTraces: async () => Promise.reject(new Error('documents without startTime and spanID cannot be paged')),
      findTraceIds: async () => Promise.reject(new Error('x')),
      getServices: async () => Promise.reject(new Error('at /srv/app/es-span-reader.ts:12')),
      getOperations: async () => Promise.reject(new Error('x')),
    };
    const { app, registry } = await serve({ spans: broken });
    for (const url of ['/api/services', `/api/traces/${randomTraceId()}`, '/api/traces?service=x', '/api/v3/services']) {
      const response = await app.inject({ method: 'GET', url });
      expect([url, response.statusCode, response.headers['retry-after']]).toEqual([url, 500, undefined]);
      expect(response.body).not.toMatch(/hits|startTime|es-span-reader|\/srv/);
    }
    expect(await registry.metrics()).toMatch(/waymark_query_storage_failures_total\{reason="failed"\} 4/);
    await app.close();
  });

  it('answers a dependencies lookback holding more than the storage will join 400, with its message naming the lookback', async () => {
    const tooMany: DependencyReader = {
      getDependencies: async () => Promise.reject(new SpanReadError('too many spans for dependencies: the lookback holds 2000000 spans, more than the 1000000 one computation may read; use a shorter lookback', false, { code: 'too-large' })),
    };
    const { app, registry } = await serve({ spans: new MemoryStore({ maxTraces: 1 }), dependencies: tooMany });
    const response = await app.inject({ method: 'GET', url: '/api/dependencies?lookback=604800000' });
    expect(response.statusCode).toBe(400);
    expect(json(response.body)).toEqual({
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 400, msg: 'too many spans for dependencies: the lookback holds 2000000 spans, more than the 1000000 one computation may read; use a shorter lookback' }],
    });
    expect(await registry.metrics()).not.toMatch(/waymark_query_storage_failures_total\{/);
    await app.close();
  });

  it('answers /api/dependencies 501 when no dependency reader is wired', async () => {
    const { app } = await serve({ spans: new MemoryStore({ maxTraces: 1 }) });
    const response = await app.inject({ method: 'GET', url: '/api/dependencies' });
    expect([response.statusCode, json(response.body)]).toEqual([501, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 501, msg: 'dependencies are not available from this storage' }] }]);
    await app.close();
  });
});

describe('OpenAPI document and base path', () => {
  it('lists every route the API serves, under the base path', async () => {
    const registry = new Registry();
    const app = Fastify({ logger: false });
    const routes: string[] = [];
    app.addHook('onRoute', (route) => {
      if (route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET'))) routes.push(route.url);
    });
    registerQueryApi(app, { spans: new MemoryStore({ maxTraces: 1 }), logger: silent, registry, basePath: '/jaeger' });
    await app.ready();
    const document = json((await app.inject({ method: 'GET', url: `/jaeger${OPENAPI_PATH}` })).body) as { paths: Record<string, unknown> };
    const documented = Object.keys(document.paths).map((path) => path.replace(/\{(\w+)\}/g, ':$1'));
    expect([...new Set(routes)].sort()).toEqual(documented.sort());
    expect((await app.inject({ method: 'GET', url: '/jaeger/api/services' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/services' })).statusCode).toBe(404);
    await app.close();
  });
});
