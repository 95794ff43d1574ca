import { Semaphore } from './semaphore';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('semaphore', () => {
  it('runs at most `limit` tasks at once, the rest in order of arrival', async () => {
    const semaphore = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) =>
      semaphore.run(async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(i);
        active--;
        if (i === 2) throw new Error('task 2 failed');
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task));
    expect(peak).toBe(2);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(order.slice(0, 2).sort()).toEqual([0, 1]);
    await expect(semaphore.run(async () => 'free again')).resolves.toBe('free again');
  });

  it('lets `size` holders in, then the others first come, first served', async () => {
    const gate = new Semaphore(2);
    const entered: string[] = [];
    const enter = (name: string) => gate.acquire().then((permit) => (entered.push(name), permit));
    const [a] = await Promise.all([enter('a'), enter('b')]);
    const c = enter('c');
    const d = enter('d');
    await settle();
    expect(entered).toEqual(['a', 'b']);
    a.release();
    a.release(); // a second release gives nothing back
    await settle();
    expect(entered).toEqual(['a', 'b', 'c']);
    (await c).release();
    await d;
    expect(entered).toEqual(['a', 'b', 'c', 'd']);
  });

  it('takes a released place again behind those already waiting', async () => {
    const gate = new Semaphore(1);
    const first = await gate.acquire();
    await first.retake(); // still held: nothing to wait for
    first.release();
    const second = await gate.acquire();
    let back = false;
    const retaking = first.retake().then(() => (back = true));
    await settle();
    expect(back).toBe(false);
    second.release();
    await retaking;
    expect(back).toBe(true);
  });

  it('needs an integer limit of at least one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
    expect(() => new Semaphore(1.5)).toThrow(RangeError);
  });
});
