import { WindowGate } from './window-gate';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('WindowGate', () => {
  it('lets `size` holders in, then the others first come, first served', async () => {
    const gate = new WindowGate(2);
    const entered: string[] = [];
    const enter = (name: string) => gate.enter().then((permit) => (entered.push(name), permit));
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
    const gate = new WindowGate(1);
    const first = await gate.enter();
    await first.retake(); // still held: nothing to wait for
    first.release();
    const second = await gate.enter();
    let back = false;
    const retaking = first.retake().then(() => (back = true));
    await settle();
    expect(back).toBe(false);
    second.release();
    await retaking;
    expect(back).toBe(true);
  });

  it('needs at least one place', () => {
    expect(() => new WindowGate(0)).toThrow(RangeError);
  });
});
