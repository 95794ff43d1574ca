import { ConfigError, EnvReader, parseDurationMs, parseSizeBytes } from './config';

describe('EnvReader', () => {
  it('uses defaults for absent and blank variables', () => {
    const env = new EnvReader({ BLANK: '  ' });
    expect(env.int('MISSING', 7)).toBe(7);
    expect(env.string('BLANK', 'x')).toBe('x');
    expect(env.list('MISSING', ['a'])).toEqual(['a']);
    expect(() => env.done()).not.toThrow();
  });

  it('parses every kind of value', () => {
    const env = new EnvReader({ P: '4318', B: 'off', D: '1.5s', S: '20MiB', L: 'a, b,,c', KV: 'region=eu, zone = 1a', R: '0.25', O: 'debug' });
    expect(env.port('P', 0)).toBe(4318);
    expect(env.bool('B', true)).toBe(false);
    expect(env.durationMs('D', 0)).toBe(1500);
    expect(env.sizeBytes('S', 0)).toBe(20 * 1024 * 1024);
    expect(env.list('L', [])).toEqual(['a', 'b', 'c']);
    expect(env.keyValues('KV')).toEqual({ region: 'eu', zone: '1a' });
    expect(env.number('R', 1, { min: 0, max: 1 })).toBe(0.25);
    expect(env.oneOf('O', ['info', 'debug'] as const, 'info')).toBe('debug');
  });

  it('reports every bad variable at once, by name', () => {
    const env = new EnvReader({ PORT: '70000', FLAG: 'maybe', WAIT: 'soon', COUNT: '1.5', KV: 'novalue' });
    env.port('PORT', 1);
    env.bool('FLAG', false);
    env.durationMs('WAIT', 1);
    env.int('COUNT', 1);
    env.keyValues('KV');
    let error: unknown;
    try {
      env.done();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT="70000": expected <= 65535',
      'FLAG="maybe": expected true or false',
      'WAIT="soon": expected a duration such as 500ms, 2s, 5m, 72h',
      'COUNT="1.5": expected an integer',
      'KV="novalue": expected comma-separated key=value pairs',
    ]);
  });
});

describe('unit parsers', () => {
  it.each([
    ['250', 250],
    ['250ms', 250],
    ['2s', 2000],
    ['1.5m', 90_000],
    ['72h', 259_200_000],
    ['7d', 604_800_000],
  ])('duration %s is %d ms', (text, ms) => expect(parseDurationMs(text)).toBe(ms));

  it.each([['4194304', 4194304], ['512KiB', 524288], ['1GB', 1e9], ['1.5MiB', 1572864]])('size %s is %d bytes', (text, bytes) =>
    expect(parseSizeBytes(text)).toBe(bytes),
  );

  it('rejects garbage', () => {
    expect(parseDurationMs('-1s')).toBeUndefined();
    expect(parseDurationMs('1 fortnight')).toBeUndefined();
    expect(parseSizeBytes('12 parsecs')).toBeUndefined();
  });
});
