import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asWaymarkError, grpcCodeOf, httpStatusOf, validateServiceName } from '@waymark/platform';
import { GrpcFailure } from '@waymark/receivers';
import type { RawUnaryMethod } from '@waymark/receivers';
import { GET_SAMPLING_STRATEGY_PATH, getSamplingStrategy, toJaegerJson } from '@waymark/sampling';
import type { SamplingMetrics, StrategyProvider } from '@waymark/sampling';

/**
 * Jaeger v1's sampling locations on the collector ports (`GET :14268/api/sampling` and
 * `/sampling`, gRPC :14250 `SamplingManager/GetSamplingStrategy`), answered from the in-process
 * strategy provider: where the split collector delegates to the sampling manager, the
 * all-in-one has the answer at hand, so these never answer 503.
 */
export function receiverSampling(provider: StrategyProvider, metrics: SamplingMetrics): { registerHttp: (fastify: FastifyInstance) => void; grpcMethod: RawUnaryMethod } {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const body = toJaegerJson(provider.getStrategy(validateServiceName((request.query as Record<string, unknown>)['service'])));
      metrics.requests.inc({ transport: 'http', result: 'ok' });
      return reply.code(200).type('application/json').send(body);
    } catch (caught) {
      const error = asWaymarkError(caught);
      metrics.requests.inc({ transport: 'http', result: error.kind === 'invalid-argument' ? 'invalid' : 'failed' });
      return reply.code(httpStatusOf(error)).type('text/plain; charset=utf-8').send(`${error.message}\n`);
    }
  };
  return {
    registerHttp: (fastify) => {
      fastify.get('/api/sampling', handler);
      fastify.get('/sampling', handler);
    },
    grpcMethod: {
      path: GET_SAMPLING_STRATEGY_PATH,
      handle: async (request) => {
        try {
          const bytes = getSamplingStrategy(provider, request);
          metrics.requests.inc({ transport: 'grpc', result: 'ok' });
          return bytes;
        } catch (caught) {
          const error = asWaymarkError(caught);
          metrics.requests.inc({ transport: 'grpc', result: error.kind === 'invalid-argument' ? 'invalid' : 'failed' });
          throw new GrpcFailure(grpcCodeOf(error), error.message);
        }
      },
    },
  };
}
