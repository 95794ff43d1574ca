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

  it('rejects a bound below one trace', () => {
    expect(() => new MemoryStore({ maxTraces: 0 })).toThrow('maxTraces must be at least 1');
  });
});
