import { GroupCommit } from './group-commit';

function controlledSender() {
  const sends: Array<{ items: number[]; resolve: () => void; reject: (e: Error) => void }> = [];
  const send = (items: number[]) => new Promise<void>((resolve, reject) => sends.push({ items, resolve, reject }));
  return { sends, send };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('sends concurrent adds together and resolves each with its send', async () => {
    const { sends, send } = controlledSender();
    const group = new GroupCommit<number>({ send, maxInFlight: 1, maxBatchBytes: 100 });
    const a = group.add([1, 2], 10);
    const b = group.add([3], 10);
    await tick();
    expect(sends.map((s) => s.items)).toEqual([[1, 2, 3]]);

    const c = group.add([4], 10);
    const d = group.add([5], 10);
    await tick();
    expect(sends).toHaveLength(1);
    sends[0]?.resolve();
    await Promise.all([a, b]);
    await tick();
    expect(sends.map((s) => s.items)).toEqual([[1, 2, 3], [4, 5]]);
    sends[1]?.reject(new Error('broker down'));
    await expect(c).rejects.toThrow('broker down');
    await expect(d).rejects.toThrow('broker down');
    await expect(group.idle()).resolves.toBeUndefined();
  });

  it('splits batches at maxBatchBytes and uses every send slot', async () => {
    const { sends, send } = controlledSender();
    const group = new GroupCommit<number>({ send, maxInFlight: 2, maxBatchBytes: 25 });
    const adds = [1, 2, 3, 4, 5].map((n) => group.add([n], 10));
    await tick();
    expect(sends.map((s) => s.items)).toEqual([[1, 2], [3, 4]]);
    sends.forEach((s) => s.resolve());
    await Promise.all(adds.slice(0, 4));
    await tick();
    expect(sends.map((s) => s.items)).toEqual([[1, 2], [3, 4], [5]]);
    sends[2]?.resolve();
    await adds[4];
    expect(group.pendingBatches).toBe(0);
  });

  it('sends an add larger than the batch limit on its own', async () => {
    const { sends, send } = controlledSender();
    const group = new GroupCommit<number>({ send, maxInFlight: 4, maxBatchBytes: 10 });
    void group.add([1], 5);
    void group.add([2], 50);
    void group.add([3], 5);
    await tick();
    expect(sends.map((s) => s.items)).toEqual([[1], [2], [3]]);
  });

  it('splits batches at maxBatchItems without splitting an add', async () => {
    const { sends, send } = controlledSender();
    const group = new GroupCommit<number>({ send, maxInFlight: 4, maxBatchBytes: 1000, maxBatchItems: 3 });
    void group.add([1, 2], 1);
    void group.add([3, 4], 1);
    void group.add([5], 1);
    void group.add([6, 7, 8, 9], 1);
    await tick();
    expect(sends.map((s) => s.items)).toEqual([[1, 2], [3, 4, 5], [6, 7, 8, 9]]);
  });
});
