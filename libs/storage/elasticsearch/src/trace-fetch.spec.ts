import type { TraceId } from '@waymark/span-model';
import { planTraceReads } from './trace-fetch';

const id = (n: number) => n.toString(16).padStart(32, '0') as TraceId;

describe('planTraceReads', () => {
  const stored = new Map<TraceId, number>([
    [id(1), 10],
    [id(2), 500],
    [id(3), 0],
    [id(4), 40],
    [id(5), 30],
  ]);
  const count = (traceId: TraceId) => stored.get(traceId) ?? 0;

  it('reads traces within the cap together, those over it alone, and leaves out traces without documents', () => {
    expect(planTraceReads([id(1), id(2), id(3), id(4)], count, { maxSpansPerTrace: 100, spanBudget: Infinity })).toEqual({
      order: [id(1), id(2), id(4)],
      whole: [id(1), id(4)],
      capped: [{ traceId: id(2), stored: 500 }],
    });
  });

  it('stops adding traces before the span budget would be passed, counting a capped trace at its cap', () => {
    // 10 + 100 (capped) + 40 = 150 ≤ 150; the next (30) would pass it.
    expect(planTraceReads([id(1), id(2), id(4), id(5)], count, { maxSpansPerTrace: 100, spanBudget: 150 }).order).toEqual([id(1), id(2), id(4)]);
    expect(planTraceReads([id(1), id(2), id(4), id(5)], count, { maxSpansPerTrace: 100, spanBudget: 149 }).order).toEqual([id(1), id(2)]);
  });

  it('always answers the first trace, even over a small budget', () => {
    expect(planTraceReads([id(2), id(1)], count, { maxSpansPerTrace: 1000, spanBudget: 5 })).toEqual({ order: [id(2)], whole: [id(2)], capped: [] });
  });
});
