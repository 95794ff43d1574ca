import { Lifecycle, withDeadline } from './lifecycle';
import type { Service } from './lifecycle';

function recorder(log: string[], name: string, failStart = false): Service {
  return {
    name,
    start: async () => {
      log.push(`start ${name}`);
      if (failStart) throw new Error(`${name} cannot start`);
    },
    stop: async () => {
      log.push(`stop ${name}`);
    },
  };
}

describe('Lifecycle', () => {
  it('starts in order and stops in reverse, once', async () => {
    const log: string[] = [];
    const lifecycle = new Lifecycle().add(recorder(log, 'storage')).add(recorder(log, 'queue')).add(recorder(log, 'listener'));
    await Promise.all([lifecycle.start(), lifecycle.start()]);
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(log).toEqual(['start storage', 'start queue', 'start listener', 'stop listener', 'stop queue', 'stop storage']);
  });

  it('stops what started when a later start fails, and rethrows', async () => {
    const log: string[] = [];
    const lifecycle = new Lifecycle().add(recorder(log, 'storage')).add(recorder(log, 'listener', true));
    await expect(lifecycle.start()).rejects.toThrow('listener cannot start');
    expect(log).toEqual(['start storage', 'start listener', 'stop storage']);
  });
});

describe('withDeadline', () => {
  it('rejects when the work outlives the deadline', async () => {
    await expect(withDeadline(new Promise(() => undefined), 20, 'drain')).rejects.toThrow('drain did not finish within 20 ms');
    await expect(withDeadline(Promise.resolve(5), 1000, 'quick')).resolves.toBe(5);
  });
});
