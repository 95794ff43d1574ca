import { Semaphore } from './semaphore';

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
});
