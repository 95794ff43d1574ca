import { describeStorageConformance, makeSpan } from '@waymark/storage-testing';
import { MemoryStore } from './memory-store';

describeStorageConformance('memory', async () => {
  const store = new MemoryStore({ maxTraces: 10_000 });
  return { writer: store, reader: store, dependencies: store };
});

describe('MemoryStore bounds', () => {
  it('evicts the oldest traces beyond maxTraces and reports what it evicted', async () => {
    const evicted: Array<[number, number]> = [];
    const store = new MemoryStore({ maxTraces: 2, onEvict: (traces, spans) => evicted.push([traces, spans]) });
    const [a, b, c] = [makeSpan(), makeSpan(), makeSpan()];
    if (!a || !b || !c) throw new Error('spans not made');
    await store.write([a, makeSpan({ traceId: a.traceId })]);
    await store.write([b]);
    await store.write([c]);

    expect(await store.getTrace(a.traceId)).toBeUndefined();
    expect(await store.getTrace(b.traceId)).toBeDefined();
    expect(await store.getTrace(c.traceId)).toBeDefined();
    expect(evicted).toEqual([[1, 2]]);
    expect(store.stats()).toEqual({ traces: 2, spans: 2 });
  });

  it('returns the earliest spans of a trace past maxSpansPerTrace, with a warning, and keeps a search within maxSpansPerSearch', async () => {
    const store = new MemoryStore({ maxTraces: 10, maxSpansPerTrace: 3, maxSpansPerSearch: 5 });
    const now = Date.now();
    const big = makeSpan({ service: 'cap', startMs: now - 10_000 });
    const bigRest = Array.from({ length: 4 }, (_, i) => makeSpan({ traceId: big.traceId, service: 'cap', startMs: now - 9_000 + i }));
    const small = [makeSpan({ service: 'cap', startMs: now - 5_000 }), makeSpan({ service: 'cap', startMs: now - 4_000 })];
    const newest = makeSpan({ service: 'cap', startMs: now - 1_000 });
    await store.write([...[...bigRest].reverse(), big, ...small, newest]);

    const trace = await store.getTrace(big.traceId);
    expect(trace?.spans.map((span) => span.spanId)).toEqual([big.spanId, ...bigRest.slice(0, 2).map((span) => span.spanId)]);
    expect(trace?.spans[0]?.warnings).toEqual(['trace truncated at 3 spans: 5 are stored; the earliest 3 are shown']);
    expect(trace?.spans[1]?.warnings).toEqual([]);

    // Newest first: newest (1), small[1] (1), small[0] (1) = 3; big (capped at 3) would make 6 > 5.
    const found = await store.findTraces({ serviceName: 'cap', startTimeMinMicros: (now - 60_000) * 1000, startTimeMaxMicros: now * 1000, limit: 10 });
    expect(found.map((t) => t.traceId)).toEqual([newest.traceId, small[1]?.traceId, small[0]?.traceId]);
  });

  it('rejects a bound below one trace', () => {
    expect(() => new MemoryStore({ maxTraces: 0 })).toThrow('maxTraces must be at least 1');
  });
});
