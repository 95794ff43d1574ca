import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asWaymarkError, httpStatusOf, validateServiceName } from '@waymark/platform';
import type { SamplingMetrics } from '../sampling-metrics';
import type { StrategyProvider } from '../strategy';
import { toJaegerJson } from '../strategy-codec';

export interface SamplingRoutesOptions {
  readonly provider: StrategyProvider;
  readonly metrics?: SamplingMetrics;
}

/** Where SDKs and agents ask: v1 agent `/sampling`, v1 collector `/api/sampling`, v2 any path (`/`). */
export const SAMPLING_PATHS = ['/', '/sampling', '/api/sampling'] as const;

/**
 * `GET <path>?service=<name>` → 200 with the strategy in Jaeger's proto-JSON; 400 (plain text,
 * Jaeger's message) when `service` is missing, repeated or absurd. An unknown service gets the
 * default strategy.
 */
export function registerSamplingRoutes(fastify: FastifyInstance, options: SamplingRoutesOptions): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const service = validateServiceName((request.query as Record<string, unknown>)['service']);
      const body = toJaegerJson(options.provider.getStrategy(service));
      options.metrics?.requests.inc({ transport: 'http', result: 'ok' });
      return reply.code(200).type('application/json').send(body);
    } catch (caught) {
      const error = asWaymarkError(caught);
      options.metrics?.requests.inc({ transport: 'http', result: error.kind === 'invalid-argument' ? 'invalid' : 'failed' });
      return reply.code(httpStatusOf(error)).type('text/plain; charset=utf-8').send(`${error.message}\n`);
    }
  };
  for (const url of SAMPLING_PATHS) fastify.get(url, handler);
}
