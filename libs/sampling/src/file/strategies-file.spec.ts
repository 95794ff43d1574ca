import { toJaegerJson } from '../strategy-codec';
import { parseStrategiesFile, StrategiesFileError } from './strategies-file';

// The example of docs (jaeger-compat §6.3), as Jaeger builds it.
const EXAMPLE = JSON.stringify({
  default_strategy: { type: 'probabilistic', param: 0.5, operation_strategies: [{ operation: 'op0', type: 'probabilistic', param: 0.2 }] },
  service_strategies: [
    { service: 'foo', type: 'probabilistic', param: 0.8, operation_strategies: [{ operation: 'op2', type: 'probabilistic', param: 0.4 }] },
    { service: 'bar', type: 'ratelimiting', param: 5 },
    { service: 'baz', type: 'probabilistic', param: 0.1 },
  ],
});

describe('parseStrategiesFile', () => {
  const table = parseStrategiesFile(EXAMPLE, 0.001);

  it('answers unknown services with the default strategy, its operation strategies included', () => {
    expect(JSON.parse(toJaegerJson(table.defaultStrategy))).toEqual({
      strategyType: 'PROBABILISTIC',
      probabilisticSampling: { samplingRate: 0.5 },
      operationSampling: { defaultSamplingProbability: 0.5, defaultLowerBoundTracesPerSecond: 0, perOperationStrategies: [{ operation: 'op0', probabilisticSampling: { samplingRate: 0.2 } }], defaultUpperBoundTracesPerSecond: 0 },
    });
  });

  it('merges the default operation strategies into a service\'s own, the service\'s first', () => {
    expect(table.services.get('foo')?.operationSampling).toEqual({
      defaultSamplingProbability: 0.8,
      defaultLowerBoundTracesPerSecond: 0,
      perOperationStrategies: [
        { operation: 'op2', probabilisticSampling: { samplingRate: 0.4 } },
        { operation: 'op0', probabilisticSampling: { samplingRate: 0.2 } },
      ],
      defaultUpperBoundTracesPerSecond: 0,
    });
  });

  it('gives a probabilistic service without operations the default operations at its own rate; a rate-limited one none', () => {
    expect(table.services.get('baz')?.operationSampling?.defaultSamplingProbability).toBe(0.1);
    expect(table.services.get('baz')?.operationSampling?.perOperationStrategies.map((op) => op.operation)).toEqual(['op0']);
    expect(table.services.get('bar')).toEqual({ strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 5 } });
  });

  it('uses the configured default probability when the file has no default strategy', () => {
    expect(parseStrategiesFile('{"service_strategies": []}', 0.25).defaultStrategy).toEqual({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.25 } });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['an unknown key', '{"default":{}}', /unknown top-level key/],
    ['an unknown type', '{"default_strategy":{"type":"const","param":1}}', /"type" must be/],
    ['a probability above 1', '{"service_strategies":[{"service":"a","type":"probabilistic","param":1.5}]}', /within \[0, 1\]/],
    ['a fractional rate limit', '{"service_strategies":[{"service":"a","type":"ratelimiting","param":0.5}]}', /whole number/],
    ['an operation-level rate limit', '{"service_strategies":[{"service":"a","type":"probabilistic","param":0.5,"operation_strategies":[{"operation":"x","type":"ratelimiting","param":3}]}]}', /only be probabilistic/],
    ['a service listed twice', '{"service_strategies":[{"service":"a","type":"probabilistic","param":1},{"service":"a","type":"probabilistic","param":1}]}', /listed twice/],
    ['a service without a name', '{"service_strategies":[{"type":"probabilistic","param":1}]}', /"service" must be/],
    ['a missing param', '{"default_strategy":{"type":"probabilistic"}}', /"param" must be a number/],
  ])('refuses %s, saying where', (_what, text, message) => {
    expect(() => parseStrategiesFile(text, 0.001)).toThrow(StrategiesFileError);
    expect(() => parseStrategiesFile(text, 0.001)).toThrow(message);
  });
});
