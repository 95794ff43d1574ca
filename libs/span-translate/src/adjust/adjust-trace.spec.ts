import fc from 'fast-check';
import { makeSpan, randomTraceId, resourceFor } from '@waymark/storage-testing';
import { spanIdFromHex } from '@waymark/span-model';
import type { Span, SpanId, SpanKind, Trace } from '@waymark/span-model';
import { adjustTrace } from './adjust-trace';
import { spanContentKey } from './dedupe-spans';

const id = (n: number): SpanId => spanIdFromHex(n.toString(16).padStart(16, '0')) as SpanId;
const T0 = 1_700_000_000_000;
const traceId = randomTraceId();

interface Spec {
  readonly id: number;
  readonly parent?: number;
  readonly kind?: SpanKind;
  readonly host?: string;
  readonly start?: number;
  readonly micros?: number;
  readonly service?: string;
}

/** A span of the shared trace; `start` in ms after T0, `host` as the `host.name` resource attribute. */
function span(spec: Spec): Span {
  const service = spec.service ?? 'svc';
  const base = makeSpan({ traceId, spanId: id(spec.id), parentSpanId: spec.parent === undefined ? undefined : id(spec.parent), kind: spec.kind ?? 'internal', service, startMs: T0 + (spec.start ?? 0), durationMicros: spec.micros ?? 1000 });
  const resource = resourceFor(service, spec.host === undefined ? [] : [{ key: 'host.name', value: { type: 'string', value: spec.host } }]);
  return { ...base, resource };
}

const trace = (...specs: Spec[]): Trace => ({ traceId, spans: specs.map(span) });
const adjust = (t: Trace, maxClockSkewAdjustMicros = 0) => adjustTrace(t, { maxClockSkewAdjustMicros });
const byName = (t: Trace) => new Map(t.spans.map((s) => [s.spanId, s]));

describe('adjustTrace', () => {
  it('gives a Zipkin server span sharing its id with the client span a new id, and moves its children under it', () => {
    const out = adjust(trace({ id: 1 }, { id: 2, parent: 1, kind: 'client', start: 1 }, { id: 2, parent: 1, kind: 'server', start: 2, host: 'b' }, { id: 3, parent: 2, start: 3, host: 'b' }));
    const server = out.spans.find((s) => s.kind === 'server') as Span;
    expect(server.spanId).not.toBe(id(2));
    expect(server.parentSpanId).toBe(id(2));
    expect(out.spans.find((s) => s.spanId === id(3))?.parentSpanId).toBe(server.spanId);
    expect(new Set(out.spans.map((s) => s.spanId)).size).toBe(4);
  });

  it('keeps one of spans equal in every field, and renames other colliding ids with a warning', () => {
    const a = span({ id: 5, start: 1 });
    const b = span({ id: 5, start: 2, service: 'other' });
    const out = adjust({ traceId, spans: [a, a, b] });
    expect(out.spans).toHaveLength(2);
    expect(out.spans[0]).toEqual(a);
    expect(out.spans[1]?.spanId).toBe(id(1));
    expect(out.spans[1]?.warnings).toEqual([`duplicate span ID=${id(5)}; this span was given ID=${id(1)}`]);
  });

  it('cuts a self-parent and a parent cycle at its earliest span, with warnings', () => {
    const out = byName(adjust(trace({ id: 1, parent: 1 }, { id: 2, parent: 4, start: 5 }, { id: 3, parent: 2, start: 6 }, { id: 4, parent: 3, start: 7 })));
    expect(out.get(id(1))).toMatchObject({ parentSpanId: undefined, warnings: ['span is its own parent; parent reference removed'] });
    expect(out.get(id(2))).toMatchObject({ parentSpanId: undefined, warnings: [`parent span ID=${id(4)} closes a cycle of 3 spans; parent reference removed`] });
    expect(out.get(id(3))?.parentSpanId).toBe(id(2));
    expect(out.get(id(4))?.parentSpanId).toBe(id(3));
  });

  it('only warns about clock skew by default, with the delta it would have applied', () => {
    // The child (host b) starts 50 ms before its parent (host a) and lasts 10 of the parent's 100 ms.
    const input = trace({ id: 1, host: 'a', start: 100, micros: 100_000 }, { id: 2, parent: 1, host: 'b', start: 50, micros: 10_000 });
    const out = byName(adjust(input));
    expect(out.get(id(2))?.startTimeUnixNano).toBe(input.spans[1]?.startTimeUnixNano);
    expect(out.get(id(2))?.warnings).toEqual(['clock skew adjustment disabled; not applying calculated delta of 95ms']);
  });

  it('moves a skewed child from another host into its parent, its events and same-host children with it', () => {
    const input = trace({ id: 1, host: 'a', start: 100, micros: 100_000 }, { id: 2, parent: 1, host: 'b', start: 50, micros: 10_000 }, { id: 3, parent: 2, host: 'b', start: 52, micros: 1000 });
    const out = byName(adjust(input, 1_000_000));
    const ms = (s: Span | undefined) => Number((s?.startTimeUnixNano ?? 0n) / 1_000_000n) - T0;
    expect(ms(out.get(id(2)))).toBe(145);
    expect(ms(out.get(id(3)))).toBe(147);
    expect(out.get(id(2))?.warnings).toEqual(["This span's timestamps were adjusted by 95ms"]);
    expect(out.get(id(2))?.endTimeUnixNano).toBe((out.get(id(2))?.startTimeUnixNano ?? 0n) + 10_000_000n);
  });

  it('does not move a span further than the maximum', () => {
    const out = byName(adjust(trace({ id: 1, host: 'a', start: 100, micros: 100_000 }, { id: 2, parent: 1, host: 'b', start: 50, micros: 10_000 }), 1000));
    expect(out.get(id(2))?.warnings).toEqual(['max clock skew adjustment delta of 1ms exceeded; not applying calculated delta of 95ms']);
  });

  it('warns about a parent missing from the trace and sorts spans by start time', () => {
    const out = adjust(trace({ id: 2, parent: 9, start: 5 }, { id: 1, start: 1 }));
    expect(out.spans.map((s) => s.spanId)).toEqual([id(1), id(2)]);
    expect(out.spans[1]?.warnings).toEqual([`parent span ID=${id(9)} is not in the trace; skipping clock skew adjustment`]);
  });

  it('adjusts a chain 100,000 spans deep without overflowing the stack', () => {
    const spans = Array.from({ length: 100_000 }, (_, i) => span({ id: i + 1, parent: i === 0 ? undefined : i, host: i % 2 ? 'a' : 'b', start: i, micros: 10 }));
    const out = adjust({ traceId, spans }, 10_000_000);
    expect(out.spans).toHaveLength(100_000);
  });

  it('does not modify its input', () => {
    const input = trace({ id: 1, host: 'a', start: 100, micros: 100_000 }, { id: 2, parent: 1, host: 'b', start: 50, micros: 10_000 }, { id: 2, parent: 2 });
    const copy = JSON.stringify(input, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    adjust(input, 1_000_000);
    expect(JSON.stringify(input, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe(copy);
  });
});

/** Traces whose spans draw ids and parents from a small pool: collisions, self-parents, cycles, orphans. */
const traceArb: fc.Arbitrary<Trace> = fc
  .array(
    fc.record({
      id: fc.integer({ min: 1, max: 12 }),
      parent: fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }),
      kind: fc.constantFrom<SpanKind>('client', 'server', 'internal'),
      host: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }),
      start: fc.integer({ min: -1000, max: 1000 }),
      micros: fc.integer({ min: -100, max: 2_000_000 }),
      service: fc.constantFrom('front', 'back'),
    }),
    { maxLength: 25 },
  )
  .chain((specs) => fc.shuffledSubarray(specs, { minLength: specs.length }).map((shuffled) => [...specs, ...shuffled.slice(0, 3)]))
  .map((specs) => trace(...specs));

const maxArb = fc.constantFrom(0, 1000, 500_000, 10_000_000);

describe('adjustTrace properties', () => {
  it('never throws and keeps every distinct span, each with a unique id', () => {
    fc.assert(
      fc.property(traceArb, maxArb, (input, max) => {
        const out = adjust(input, max);
        expect(out.traceId).toBe(input.traceId);
        expect(out.spans).toHaveLength(new Set(input.spans.map(spanContentKey)).size);
        expect(new Set(out.spans.map((s) => s.spanId)).size).toBe(out.spans.length);
      }),
    );
  });

  it('leaves no parent cycle: every parent chain ends', () => {
    fc.assert(
      fc.property(traceArb, maxArb, (input, max) => {
        const out = adjust(input, max);
        const parents = new Map(out.spans.map((s) => [s.spanId as string, s.parentSpanId as string | undefined]));
        for (const s of out.spans) {
          let at: string | undefined = s.spanId;
          for (let steps = 0; at !== undefined && parents.has(at); steps++) {
            expect(steps).toBeLessThanOrEqual(out.spans.length);
            at = parents.get(at);
          }
        }
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(traceArb, maxArb, (input, max) => {
        const once = adjust(input, max);
        expect(adjust(once, max)).toEqual(once);
      }),
    );
  });

  it('moves no timestamp when clock-skew adjustment is off, and orders spans by start', () => {
    fc.assert(
      fc.property(traceArb, (input) => {
        const out = adjust(input, 0);
        const starts = new Set(input.spans.map((s) => s.startTimeUnixNano));
        for (const s of out.spans) expect(starts.has(s.startTimeUnixNano)).toBe(true);
        for (let i = 1; i < out.spans.length; i++) expect((out.spans[i - 1] as Span).startTimeUnixNano <= (out.spans[i] as Span).startTimeUnixNano).toBe(true);
      }),
    );
  });
});

