import { SpanWriteError } from '@waymark/storage-api';
import { makeSpan, randomTraceId } from '@waymark/storage-testing';
import type { Span, TraceId } from '@waymark/span-model';
import { partitionMessages, traceMessages } from './trace-messages';

// A stand-in encoder whose size is proportional to the span count, so splitting is observable.
const encode = (spans: readonly Span[]) => new TextEncoder().encode(spans.map((span) => span.spanId).join(','));

describe('traceMessages', () => {
  it('makes one record per trace, keyed by trace id, with the tenant header', () => {
    const [t1, t2] = [randomTraceId(), randomTraceId()];
    const spans = [makeSpan({ traceId: t1 }), makeSpan({ traceId: t2 }), makeSpan({ traceId: t1 })];
    const messages = traceMessages(spans, encode, 1000, 'acme');
    expect(messages.map((m) => [m.key, m.spanCount, m.headers])).toEqual([
      [t1, 2, { 'x-tenant': 'acme' }],
      [t2, 1, { 'x-tenant': 'acme' }],
    ]);
    expect(messages[0]?.value.toString()).toBe(`${spans[0]?.spanId},${spans[2]?.spanId}`);
  });

  it('splits a trace too big for one record into records with the same key', () => {
    const traceId = randomTraceId();
    const spans = Array.from({ length: 5 }, () => makeSpan({ traceId }));
    const messages = traceMessages(spans, encode, 40, undefined);
    expect(messages.every((m) => m.key === traceId && m.value.length <= 40 && m.headers === undefined)).toBe(true);
    expect(messages.reduce((n, m) => n + m.spanCount, 0)).toBe(5);
  });

  it('fails permanently for a single span larger than a record', () => {
    expect(() => traceMessages([makeSpan()], encode, 10)).toThrow(SpanWriteError);
    try {
      traceMessages([makeSpan()], encode, 10);
    } catch (error) {
      expect((error as SpanWriteError).retryable).toBe(false);
    }
  });
});

describe('partitionMessages', () => {
  // A stand-in partitioner: the trace id's first hex digit modulo 3 (random ids end in a fixed digit).
  const partitionOf = (traceId: string) => parseInt(traceId.slice(0, 1), 16) % 3;
  const traceOn = (partition: number): TraceId => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const traceId = randomTraceId();
      if (partitionOf(traceId) === partition) return traceId;
    }
    throw new Error(`no random trace id on partition ${partition}`);
  };

  it('makes one record per partition, keyed by its first trace id, on the partition every trace in it hashes to', () => {
    const [a, b, c] = [traceOn(0), traceOn(1), traceOn(0)];
    const spans = [makeSpan({ traceId: a }), makeSpan({ traceId: b }), makeSpan({ traceId: c }), makeSpan({ traceId: a })];
    const messages = partitionMessages(spans, encode, 1000, partitionOf, 'acme');
    expect(messages.map((m) => [m.partition, m.key, m.spanCount, m.headers])).toEqual([
      [0, a, 3, { 'x-tenant': 'acme' }],
      [1, b, 1, { 'x-tenant': 'acme' }],
    ]);
    // Spans keep the request's order within a record.
    expect(messages[0]?.value.toString()).toBe([spans[0], spans[2], spans[3]].map((span) => span?.spanId).join(','));
  });

  it('regroups interleaved traces before splitting a partition, so each trace stays in one record when it fits', () => {
    const traces = [traceOn(2), traceOn(2), traceOn(2), traceOn(2)];
    // Every trace's two spans are far apart: t0 t1 t2 t3 t0 t1 t2 t3.
    const spans = [...traces, ...traces].map((traceId) => makeSpan({ traceId }));
    const messages = partitionMessages(spans, encode, 40, partitionOf);
    expect(messages.map((m) => m.spanCount)).toEqual([2, 2, 2, 2]);
    expect(messages.map((m) => m.key)).toEqual(traces);
    for (const [i, traceId] of traces.entries()) {
      const ids = spans.filter((span) => span.traceId === traceId).map((span) => span.spanId);
      expect(messages[i]?.value.toString()).toBe(ids.join(','));
    }
  });

  it('splits a partition too big for one record on trace boundaries, each part keyed by its first trace', () => {
    const traces = [traceOn(2), traceOn(2), traceOn(2), traceOn(2)];
    const spans = traces.flatMap((traceId) => [makeSpan({ traceId }), makeSpan({ traceId })]);
    const messages = partitionMessages(spans, encode, 40, partitionOf);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.every((m) => m.partition === 2 && m.value.length <= 40 && m.headers === undefined)).toBe(true);
    expect(messages.map((m) => m.spanCount)).toEqual([2, 2, 2, 2]);
    expect(messages.map((m) => m.key)).toEqual(traces);
  });

  it('fails permanently for a single span larger than a record', () => {
    expect(() => partitionMessages([makeSpan()], encode, 10, partitionOf)).toThrow(SpanWriteError);
  });
});

