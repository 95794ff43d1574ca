import Fastify from 'fastify';
import { httpService } from '@waymark/platform';
import type { HttpService, Logger } from '@waymark/platform';
import { registerSamplingRoutes } from './sampling-routes';
import type { SamplingRoutesOptions } from './sampling-routes';

export type SamplingHttpServer = HttpService;

/** The remote-sampling HTTP listener (:5778). `stop` stops accepting and lets requests finish. */
export function createSamplingHttpServer(options: SamplingRoutesOptions & { host: string; port: number; logger: Logger }): SamplingHttpServer {
  const fastify = Fastify({ logger: false, forceCloseConnections: 'idle' });
  registerSamplingRoutes(fastify, options);
  return httpService(fastify, {
    name: 'sampling-http',
    host: options.host,
    port: options.port,
    logger: options.logger,
    message: 'sampling HTTP listening',
  });
}
