import { Writable } from 'node:stream';
import { BurstLog } from './burst-log';
import { createLogger } from './logger';

describe('BurstLog', () => {
  it('logs the first of a burst, counts the rest, and reports them with the next line', () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({ write: (chunk: Buffer, _e, done) => { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
    let now = 0;
    const log = new BurstLog(createLogger({ service: 't', level: 'info', destination }), 1000, () => now);

    log.warn('kafka', { reason: 'down' }, 'produce failed');
    log.warn('kafka', { reason: 'down' }, 'produce failed');
    log.warn('kafka', { reason: 'down' }, 'produce failed');
    log.warn('es', {}, 'bulk failed');
    now = 1500;
    log.warn('kafka', { reason: 'down' }, 'produce failed');

    expect(lines.map((line) => [line['msg'], line['suppressedSinceLast']])).toEqual([
      ['produce failed', undefined],
      ['bulk failed', undefined],
      ['produce failed', 2],
    ]);
  });
});
