import type { DependencyLink, DependencyReader, SpanReader, SpanWriter, TraceQuery, WriteContext } from '@waymark/storage-api';
import type { Span, Trace } from '@waymark/span-model';
import { makeSpan, randomSpanId, randomTraceId } from './span-factory';

/** What a storage adapter gives the conformance suite. */
export interface StorageUnderTest {
  readonly writer: SpanWriter;
  readonly reader: SpanReader;
  readonly dependencies: DependencyReader;
  /** Makes everything written so far visible to reads (Elasticsearch: refresh). */
  readonly flush?: () => Promise<void>;
}

const bySpanId = (a: Span, b: Span) => (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
const sorted = (trace: Trace | undefined) => trace && { traceId: trace.traceId, spans: [...trace.spans].sort(bySpanId) };

/**
 * The contract every SpanWriter/SpanReader pair keeps (libs/storage/api), as one Jest suite.
 * Each test writes spans under fresh, random service names so adapters may share a store across
 * tests. `setup` runs once before the suite and `teardown` once after.
 */
export function describeStorageConformance(name: string, setup: () => Promise<StorageUnderTest>, teardown: () => Promise<void> = async () => undefined): void {
  describe(`${name} storage conformance`, () => {
    let store: StorageUnderTest;
    const suffix = Math.random().toString(36).slice(2, 8);
    const svc = (base: string) => `${base}-${suffix}`;
    const nowMs = Date.now();
    const window = (overrides: Partial<TraceQuery> = {}): TraceQuery => ({ startTimeMinMicros: (nowMs - 3_600_000) * 1000, startTimeMaxMicros: (nowMs + 60_000) * 1000, limit: 20, ...overrides });
    const write = async (spans: Span[], context?: WriteContext) => {
      await store.writer.write(spans, context);
      await store.flush?.();
    };

    beforeAll(async () => {
      store = await setup();
    });
    afterAll(teardown);

    it('gives back every field of every span written', async () => {
      const traceId = randomTraceId();
      const root = makeSpan({ traceId, service: svc('front'), name: 'GET /cart', startMs: nowMs - 1000, attributes: { 'http.method': 'GET', 'http.status_code': 200, retry: false, ratio: 0.25 } });
      const child = makeSpan({ traceId, parentSpanId: root.spanId, service: svc('cart'), name: 'SELECT', kind: 'client', startMs: nowMs - 999 });
      await write([root, child]);
      expect(sorted(await store.reader.getTrace(traceId))).toEqual(sorted({ traceId, spans: [root, child] }));
    });

    it('stores a span written twice only once', async () => {
      const span = makeSpan({ service: svc('dup'), startMs: nowMs - 500 });
      await write([span]);
      await write([span, span]);
      expect((await store.reader.getTrace(span.traceId))?.spans).toHaveLength(1);
    });

    it('resolves an empty write and answers undefined for an unknown trace', async () => {
      await expect(store.writer.write([])).resolves.toBeUndefined();
      await expect(store.reader.getTrace(randomTraceId())).resolves.toBeUndefined();
    });

    it('lists services and their operations, sorted and distinct', async () => {
      const service = svc('ops');
      await write([
        makeSpan({ service, name: 'b-op', kind: 'server', startMs: nowMs - 100 }),
        makeSpan({ service, name: 'a-op', kind: 'client', startMs: nowMs - 100 }),
        makeSpan({ service, name: 'b-op', kind: 'server', startMs: nowMs - 90 }),
      ]);
      const services = await store.reader.getServices();
      expect(services).toContain(service);
      expect(services).toEqual([...new Set(services)].sort());
      const names = (await store.reader.getOperations(service)).map((operation) => operation.name);
      expect([...new Set(names)].sort()).toEqual(['a-op', 'b-op']);
    });

    it('finds traces by service, operation, tag, duration and time, newest first, up to the limit', async () => {
      const service = svc('search');
      const spans = [0, 1, 2, 3].map((i) =>
        makeSpan({ service, name: i % 2 ? 'odd' : 'even', startMs: nowMs - 10_000 + i * 1000, durationMicros: 1000 * (i + 1), attributes: { 'http.route': `/r/${i}`, 'weird.value': 'a.*[b]@#<c>&~' } }),
      );
      const old = makeSpan({ service, name: 'even', startMs: nowMs - 7_200_000 });
      await write([...spans, old]);
      const ids = async (query: Partial<TraceQuery>) => (await store.reader.findTraces(window({ serviceName: service, ...query }))).map((trace) => trace.traceId);
      const [s0, s1, s2, s3] = spans.map((span) => span.traceId);

      expect(await ids({})).toEqual([s3, s2, s1, s0]);
      expect(await ids({ operationName: 'odd' })).toEqual([s3, s1]);
      expect(await ids({ tags: { 'http.route': '/r/2' } })).toEqual([s2]);
      expect(await ids({ tags: { 'service.name': service, 'http.route': '/r/0' } })).toEqual([s0]);
      expect(await ids({ tags: { 'weird.value': 'a.*[b]@#<c>&~' } })).toHaveLength(4);
      expect(await ids({ tags: { 'weird.value': 'a.*' } })).toEqual([]);
      expect(await ids({ durationMinMicros: 2500, durationMaxMicros: 3500 })).toEqual([s2]);
      expect(await ids({ limit: 2 })).toEqual([s3, s2]);
      expect(await ids({ startTimeMinMicros: (nowMs - 8_500) * 1000 })).toEqual([s3, s2]);
      expect(await store.reader.findTraceIds(window({ serviceName: service, limit: 10 }))).toEqual([s3, s2, s1, s0]);
    });

    it('matches tag values exactly: a value is data, never a pattern or query syntax', async () => {
      const service = svc('exact');
      const values = ['a*b', 'x OR y', '/re.*/', '"quoted"', 'back\\slash', '<c>&~@#'];
      const spans = values.map((value, i) => makeSpan({ service, startMs: nowMs - 2000 + i, attributes: { probe: value } }));
      await write(spans);
      const ids = async (value: string) => (await store.reader.findTraceIds(window({ serviceName: service, tags: { probe: value } }))).sort();
      for (const [i, value] of values.entries()) expect(await ids(value)).toEqual([spans[i]?.traceId]);
      for (const pattern of ['a.*', 'a?b', '*', 'x', 'y', 're.*', '/re/', 'quoted', '<c>', '.*']) expect(await ids(pattern)).toEqual([]);
    });

    describe('dependencies', () => {
      const HOUR = 3_600_000;
      /** The links among the given services only: the store is shared with the other tests. */
      const links = async (services: readonly string[], context?: WriteContext, endMs = nowMs + 60_000, lookbackMs = HOUR): Promise<DependencyLink[]> =>
        (await store.dependencies.getDependencies(endMs, lookbackMs, context)).filter((link) => services.includes(link.parent) && services.includes(link.child));

      it('counts calls between services along parent references, summed over traces, sorted', async () => {
        const [a, b, c] = [svc('dep-a'), svc('dep-b'), svc('dep-c')];
        const spans: Span[] = [];
        for (let i = 0; i < 2; i++) {
          const traceId = randomTraceId();
          const root = makeSpan({ traceId, service: a, startMs: nowMs - 5000 });
          const local = makeSpan({ traceId, parentSpanId: root.spanId, service: a, kind: 'client', startMs: nowMs - 4990 });
          const server = makeSpan({ traceId, parentSpanId: local.spanId, service: b, startMs: nowMs - 4980 });
          const db = makeSpan({ traceId, parentSpanId: server.spanId, service: c, kind: 'client', startMs: nowMs - 4970 });
          spans.push(root, local, server, db);
        }
        // A span whose parent is not stored is no call; nor is a root.
        spans.push(makeSpan({ parentSpanId: randomSpanId(), service: b, startMs: nowMs - 4000 }));
        await write(spans);
        expect(await links([a, b, c])).toEqual([
          { parent: a, child: b, callCount: 2 },
          { parent: b, child: c, callCount: 2 },
        ]);
      });

      it('counts only spans in the window, and their parents in it', async () => {
        const [a, b] = [svc('win-a'), svc('win-b')];
        const traceId = randomTraceId();
        const old = makeSpan({ traceId, service: a, startMs: nowMs - 3 * HOUR });
        const oldChild = makeSpan({ traceId, parentSpanId: old.spanId, service: b, startMs: nowMs - 3 * HOUR + 10 });
        const recent = makeSpan({ traceId, service: a, startMs: nowMs - 1000 });
        const recentChild = makeSpan({ traceId, parentSpanId: recent.spanId, service: b, startMs: nowMs - 990 });
        await write([old, oldChild, recent, recentChild]);
        expect(await links([a, b])).toEqual([{ parent: a, child: b, callCount: 1 }]);
        expect(await links([a, b], undefined, nowMs + 60_000, 4 * HOUR)).toEqual([{ parent: a, child: b, callCount: 2 }]);
        expect(await links([a, b], undefined, nowMs - 2 * HOUR, HOUR)).toEqual([{ parent: a, child: b, callCount: 1 }]);
        expect(await links([a, b], undefined, nowMs - 2 * HOUR, HOUR / 2)).toEqual([]);
      });

      it('counts a Zipkin client/server pair sharing one span id as one call', async () => {
        const [a, b] = [svc('zip-a'), svc('zip-b')];
        const traceId = randomTraceId();
        const root = makeSpan({ traceId, service: a, startMs: nowMs - 2000 });
        const client = makeSpan({ traceId, parentSpanId: root.spanId, service: a, kind: 'client', startMs: nowMs - 1990 });
        const server = makeSpan({ traceId, spanId: client.spanId, parentSpanId: root.spanId, service: b, kind: 'server', startMs: nowMs - 1985 });
        const inner = makeSpan({ traceId, parentSpanId: client.spanId, service: b, kind: 'internal', startMs: nowMs - 1980 });
        await write([root, client, server, inner]);
        expect(await links([a, b])).toEqual([{ parent: a, child: b, callCount: 1 }]);
      });

      it("keeps tenants apart: one tenant's dependencies are not another's", async () => {
        const [a, b] = [svc('tdep-a'), svc('tdep-b')];
        const root = makeSpan({ service: a, startMs: nowMs - 1000 });
        const child = makeSpan({ traceId: root.traceId, parentSpanId: root.spanId, service: b, startMs: nowMs - 990 });
        await write([root, child], { tenant: 'acme' });
        expect(await links([a, b], { tenant: 'acme' })).toEqual([{ parent: a, child: b, callCount: 1 }]);
        expect(await links([a, b], { tenant: 'globex' })).toEqual([]);
        expect(await links([a, b])).toEqual([]);
      });
    });

    it('keeps tenants apart: a read for one tenant never sees another tenant\'s spans', async () => {
      const service = svc('tenant');
      const span = makeSpan({ service, startMs: nowMs - 100 });
      await write([span], { tenant: 'acme' });
      expect(await store.reader.getTrace(span.traceId, undefined, { tenant: 'acme' })).toBeDefined();
      expect(await store.reader.getTrace(span.traceId, undefined, { tenant: 'globex' })).toBeUndefined();
      expect(await store.reader.getServices({ tenant: 'globex' })).not.toContain(service);
      expect(await store.reader.findTraces(window({ serviceName: service }), { tenant: 'globex' })).toEqual([]);
      expect(await store.reader.findTraceIds(window({ serviceName: service }), { tenant: 'globex' })).toEqual([]);
      expect(await store.reader.getOperations(service, undefined, { tenant: 'globex' })).toEqual([]);
      expect(await store.reader.getServices({ tenant: 'acme' })).toContain(service);
      expect(await store.reader.getTrace(span.traceId)).toBeUndefined();
      expect(await store.reader.getServices()).not.toContain(service);
    });
  });
}
