import { SpanWriteError } from '@waymark/storage-api';
import { makeSpan, randomTraceId } from '@waymark/storage-testing';
import type { Span } from '@waymark/span-model';
import { traceMessages } from './trace-messages';

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
