import { Metadata } from '@grpc/grpc-js';
import Fastify from 'fastify';
import { jaegerApiV2 } from '@waymark/idl';
import { createMetricsRegistry, validateServiceName } from '@waymark/platform';
import { GrpcFailure } from '../grpc/grpc-server';
import { SamplingDelegate } from './sampling-delegate';

/** What the shared validation says about `value` (the sampling manager answers exactly this). */
function refusalOf(value: unknown): string {
  try {
    validateServiceName(value);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(value)} is valid`);
}

describe('SamplingDelegate service validation', () => {
  const upstreamCalls: string[] = [];
  const delegate = new SamplingDelegate({
    url: 'http://127.0.0.1:1',
    timeoutMs: 100,
    retryAfterMs: 1000,
    registry: createMetricsRegistry(),
    fetch: (async (url: string) => {
      upstreamCalls.push(url);
      return new Response('{"strategyType":"PROBABILISTIC","probabilisticSampling":{"samplingRate":0.5}}', { status: 200 });
    }) as typeof fetch,
  });
  const app = Fastify();
  delegate.registerHttp(app);

  afterAll(() => app.close());
  beforeEach(() => (upstreamCalls.length = 0));

  const invalid: Array<[string, unknown, string]> = [
    ['missing', undefined, ''],
    ['too long', 'x'.repeat(513), `service=${'x'.repeat(513)}`],
    ['with a control character', 'a\nb', 'service=a%0Ab'],
  ];

  it.each(invalid)('answers a %s service over HTTP with the sampling manager\'s message, without asking it', async (_what, value, query) => {
    const response = await app.inject({ method: 'GET', url: `/api/sampling?${query}` });
    expect(response.statusCode).toBe(400);
    expect(response.body).toBe(`${refusalOf(value)}\n`);
    expect(upstreamCalls).toEqual([]);
  });

  it.each(invalid)('answers a %s service over gRPC with the same message', async (_what, value) => {
    const request = Buffer.from(jaegerApiV2.SamplingStrategyParameters.encode({ serviceName: typeof value === 'string' ? value : '' }).finish());
    const failure = await delegate.grpcMethod.handle(request, new Metadata()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GrpcFailure);
    expect(failure).toMatchObject({ code: 3, message: refusalOf(value === undefined ? '' : value) });
    expect(upstreamCalls).toEqual([]);
  });

  it('forwards a valid service', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/sampling?service=cart' });
    expect(response.statusCode).toBe(200);
    expect(upstreamCalls).toEqual(['http://127.0.0.1:1/api/sampling?service=cart']);
  });
});
