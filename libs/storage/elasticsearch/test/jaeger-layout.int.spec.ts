import { spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import type { Span, SpanId, TraceId } from '@waymark/span-model';
import { createEsSpanReader } from '../src';
import { createEsTestStore } from './es-test-store';
import type { EsTestStore } from './es-test-store';
import { dayOf, installJaegerTemplates, jaegerSpanDocument } from './jaeger-fixtures';

// Indices exactly as Jaeger v1 leaves them: its own templates (nested tags, no Waymark extras),
// its documents, its service index and a spark-dependencies document. Waymark's templates are
// not installed (ES_CREATE_TEMPLATES=false); the reader is configured as for Waymark's indices.
describe("EsSpanReader over indices Jaeger wrote with its default mapping (real Elasticsearch)", () => {
  let store: EsTestStore;
  const start = Date.now() - 60_000;
  const HOUR = 3_600_000;
  const traceHex = '1f2e3d4c5b6a7988';
  const traceId = traceIdFromHex(traceHex) as TraceId;
  const [rootId, clientId, driverId] = ['a000000000000001', 'a000000000000002', 'a000000000000003'];
  const special = ['a*b', 'x OR y', '/re.*/', '"quoted"', 'tab\there', 'back\\slash', '<c>&~@#'];

  const documents = [
    jaegerSpanDocument({
      traceID: traceHex,
      spanID: rootId,
      operationName: 'HTTP GET /dispatch',
      startMs: start,
      durationMicros: 50_000,
      service: 'jaeger-frontend',
      tags: [
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'http.status_code', type: 'int64', value: '200' },
        { key: 'sampler.param', type: 'bool', value: 'true' },
        { key: 'ratio', type: 'float64', value: '0.25' },
        ...special.map((value, i) => ({ key: `special.${i}`, type: 'string' as const, value })),
      ],
      processTags: [
        { key: 'hostname', type: 'string', value: 'box-1' },
        { key: 'ip', type: 'string', value: '10.0.0.1' },
        { key: 'jaeger.version', type: 'string', value: 'Go-2.30.0' },
      ],
      logs: [{ offsetMicros: 10, fields: [{ key: 'event', type: 'string', value: 'cache miss' }, { key: 'level', type: 'string', value: 'info' }] }],
    }),
    jaegerSpanDocument({ traceID: traceHex, spanID: clientId, parentSpanID: rootId, operationName: 'HTTP GET', startMs: start + 1, durationMicros: 20_000, service: 'jaeger-frontend', tags: [{ key: 'span.kind', type: 'string', value: 'client' }], processTags: [{ key: 'hostname', type: 'string', value: 'box-1' }] }),
    jaegerSpanDocument({ traceID: traceHex, spanID: driverId, parentSpanID: clientId, operationName: '/driver.DriverService/FindNearest', startMs: start + 2, durationMicros: 15_000, service: 'jaeger-driver', tags: [{ key: 'span.kind', type: 'string', value: 'server' }, { key: 'error', type: 'bool', value: 'true' }], processTags: [{ key: 'hostname', type: 'string', value: 'box-2' }] }),
  ];

  beforeAll(async () => {
    store = await createEsTestStore('es-jaeger-own', { ES_CREATE_TEMPLATES: 'false' });
    const base = `${store.prefix}-`;
    await installJaegerTemplates(store.client, base);
    const day = dayOf(start);
    // Jaeger v1 indexes without an id (auto ids), one document per span.
    for (const document of documents) await store.client.index({ index: `${base}jaeger-span-${day}`, document });
    for (const [serviceName, operationName] of [
      ['jaeger-frontend', 'HTTP GET /dispatch'],
      ['jaeger-frontend', 'HTTP GET'],
      ['jaeger-driver', '/driver.DriverService/FindNearest'],
    ]) {
      await store.client.index({ index: `${base}jaeger-service-${day}`, document: { serviceName, operationName } });
    }
    // What spark-dependencies writes for a day: midnight UTC, RFC 3339.
    await store.client.index({
      index: `${base}jaeger-dependencies-${day}`,
      document: { timestamp: `${day}T00:00:00Z`, dependencies: [{ parent: 'jaeger-frontend', child: 'jaeger-driver', callCount: 7 }, { parent: 'jaeger-frontend', child: 'redis', callCount: 3 }] },
    });
    await store.flush();
    const mapping = await store.client.indices.getMapping({ index: `${base}jaeger-span-${day}` });
    expect(Object.values(mapping)[0]?.mappings.properties?.['tags']?.type).toBe('nested');
  });
  afterAll(() => store.cleanup());

  const window = { startTimeMinMicros: (start - HOUR) * 1000, startTimeMaxMicros: (start + HOUR) * 1000 };
  const ids = (tags: Record<string, string>, serviceName = 'jaeger-frontend') => store.reader.findTraceIds({ serviceName, tags, ...window, limit: 10 });

  it('reads a whole trace Jaeger wrote: parents, typed tags, logs, process tags, span kind', async () => {
    const trace = await store.reader.getTrace(traceId);
    expect(trace?.spans).toHaveLength(3);
    const byId = new Map((trace?.spans ?? []).map((span) => [span.spanId, span]));
    const root = byId.get(spanIdFromHex(rootId) as SpanId) as Span;
    expect(root).toMatchObject({ name: 'HTTP GET /dispatch', kind: 'server', parentSpanId: undefined, resource: { serviceName: 'jaeger-frontend' } });
    expect(root.endTimeUnixNano - root.startTimeUnixNano).toBe(50_000_000n);
    expect(root.attributes).toEqual(
      expect.arrayContaining([
        { key: 'http.status_code', value: { type: 'int', value: 200n } },
        { key: 'sampler.param', value: { type: 'bool', value: true } },
        { key: 'ratio', value: { type: 'double', value: 0.25 } },
        { key: 'special.0', value: { type: 'string', value: 'a*b' } },
      ]),
    );
    expect(root.events).toEqual([{ timeUnixNano: BigInt(start * 1000 + 10) * 1000n, name: 'cache miss', attributes: [{ key: 'level', value: { type: 'string', value: 'info' } }], droppedAttributesCount: 0 }]);
    expect(root.resource.attributes).toEqual(expect.arrayContaining([{ key: 'ip', value: { type: 'string', value: '10.0.0.1' } }]));
    expect(byId.get(spanIdFromHex(clientId) as SpanId)).toMatchObject({ kind: 'client', parentSpanId: rootId });
    expect(byId.get(spanIdFromHex(driverId) as SpanId)).toMatchObject({ kind: 'server', parentSpanId: clientId, status: { code: 'error' }, resource: { serviceName: 'jaeger-driver' } });
  });

  it('finds it by span tags, process tags and log fields in the nested lists', async () => {
    expect(await ids({ 'http.status_code': '200' })).toEqual([traceId]);
    expect(await ids({ hostname: 'box-1' })).toEqual([traceId]);
    expect(await ids({ event: 'cache miss', level: 'info' })).toEqual([traceId]);
    expect(await ids({ error: 'true' }, 'jaeger-driver')).toEqual([traceId]);
    expect(await ids({ error: 'true' })).toEqual([]);
    expect(await ids({ hostname: 'box-2' })).toEqual([]);
    const found = await store.reader.findTraces({ serviceName: 'jaeger-driver', operationName: '/driver.DriverService/FindNearest', ...window, limit: 10 });
    expect(found.map((trace) => [trace.traceId, trace.spans.length])).toEqual([[traceId, 3]]);
  });

  it('matches tag values exactly: a value is data, never a pattern or query syntax', async () => {
    for (const [i, value] of special.entries()) expect(await ids({ [`special.${i}`]: value })).toEqual([traceId]);
    for (const [key, value] of [
      ['special.0', 'a.*'],
      ['special.0', 'a?b'],
      ['special.0', '*'],
      ['special.1', 'x'],
      ['special.1', 'y'],
      ['special.2', 're.*'],
      ['special.2', '/re/'],
      ['special.3', 'quoted'],
      ['special.6', '<c>'],
      ['http.status_code', '2.*'],
      ['http.status_code', '[0-9]+'],
      ['hostname', 'box-.*'],
    ]) {
      expect(await ids({ [key as string]: value as string })).toEqual([]);
    }
  });

  it('lists services and operations from the service index, and operations by kind from the spans', async () => {
    expect(await store.reader.getServices()).toEqual(['jaeger-driver', 'jaeger-frontend']);
    expect(await store.reader.getOperations('jaeger-frontend')).toEqual([
      { name: 'HTTP GET', spanKind: '' },
      { name: 'HTTP GET /dispatch', spanKind: '' },
    ]);
    expect(await store.reader.getOperations('jaeger-frontend', 'client')).toEqual([{ name: 'HTTP GET', spanKind: 'client' }]);
    expect(await store.reader.getOperations('jaeger-frontend', 'server')).toEqual([{ name: 'HTTP GET /dispatch', spanKind: 'server' }]);
  });

  it('computes dependencies from the spans Jaeger wrote', async () => {
    expect(await store.reader.getDependencies(Date.now(), HOUR)).toEqual([{ parent: 'jaeger-frontend', child: 'jaeger-driver', callCount: 1 }]);
    expect(await store.reader.getDependencies(start - HOUR, HOUR)).toEqual([]);
  });

  it("reads spark-dependencies' documents instead when configured so, as Jaeger's reader does", async () => {
    const reader = createEsSpanReader(store.client, { ...store.config, read: { ...store.config.read, dependenciesSource: 'jaeger-index' } });
    const dayStart = Date.parse(`${dayOf(start)}T00:00:00Z`);
    expect(await reader.getDependencies(dayStart + 12 * HOUR, 24 * HOUR)).toEqual([
      { parent: 'jaeger-frontend', child: 'jaeger-driver', callCount: 7 },
      { parent: 'jaeger-frontend', child: 'redis', callCount: 3 },
    ]);
    expect(await reader.getDependencies(dayStart + 12 * HOUR, HOUR)).toEqual([]);
  });

  it("gives a tenant nothing of the tenant-less indices", async () => {
    const tenant = { tenant: 'acme' };
    expect(await store.reader.getTrace(traceId, undefined, tenant)).toBeUndefined();
    expect(await store.reader.getServices(tenant)).toEqual([]);
    expect(await store.reader.getOperations('jaeger-frontend', undefined, tenant)).toEqual([]);
    expect(await store.reader.findTraceIds({ serviceName: 'jaeger-frontend', ...window, limit: 10 }, tenant)).toEqual([]);
    expect(await store.reader.getDependencies(Date.now(), HOUR, tenant)).toEqual([]);
  });
});
