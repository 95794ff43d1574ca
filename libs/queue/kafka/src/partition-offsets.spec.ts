import fc from 'fast-check';
import { PartitionOffsets } from './partition-offsets';

describe('PartitionOffsets', () => {
  it('commits only the contiguous prefix of finished records', () => {
    const offsets = new PartitionOffsets();
    [10, 11, 12, 15].forEach((o) => offsets.track(o));
    expect(offsets.committable()).toBeUndefined();
    offsets.finish(11);
    offsets.finish(15);
    expect(offsets.committable()).toBeUndefined();
    offsets.finish(10);
    expect(offsets.committable()).toBe(12);
    offsets.finish(12);
    expect([offsets.committable(), offsets.pending]).toEqual([16, 0]);
  });

  it('refuses offsets that do not ascend', () => {
    const offsets = new PartitionOffsets();
    offsets.track(5);
    expect(() => offsets.track(5)).toThrow('offsets must ascend');
    expect(() => offsets.track(3)).toThrow(RangeError);
  });

  it('never commits past an unfinished record, whatever the finishing order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 5000 }), { minLength: 1, maxLength: 300 }), fc.infiniteStream(fc.nat()), (raw, picks) => {
        const fetched = [...raw].sort((a, b) => a - b);
        const offsets = new PartitionOffsets();
        fetched.forEach((o) => offsets.track(o));
        const remaining = [...fetched];
        const finished = new Set<number>();
        const iterator = picks[Symbol.iterator]();
        while (remaining.length > 0) {
          const [done] = remaining.splice((iterator.next().value as number) % remaining.length, 1);
          finished.add(done as number);
          offsets.finish(done as number);
          const commit = offsets.committable();
          const firstUnfinished = fetched.find((o) => !finished.has(o));
          if (firstUnfinished === undefined) expect(commit).toBe((fetched[fetched.length - 1] as number) + 1);
          else if (commit !== undefined) expect(commit).toBeLessThanOrEqual(firstUnfinished);
          if (commit !== undefined) expect(fetched.filter((o) => o < commit).every((o) => finished.has(o))).toBe(true);
        }
      }),
    );
  });
});
