import type { FastifyInstance } from 'fastify';
import type { Service } from './lifecycle';
import type { Logger } from './logger';

/** A fastify instance run as a lifecycle Service on one host and port. */
export interface HttpService extends Service {
  readonly fastify: FastifyInstance;
  /** The bound port (useful when configured as 0). */
  readonly port: number;
}

export interface HttpServiceOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  /** What the "listening" log line says, and extra fields for it. */
  readonly message: string;
  readonly fields?: object;
  /** Runs when `stop` is called, before the listener closes (e.g. to start refusing requests). */
  readonly onStop?: () => void;
}

/**
 * Starts `fastify` listening (once, however often `start` is called) and logs the bound port;
 * `stop` closes it (once): it stops accepting, lets requests in progress finish and closes idle
 * keep-alive connections when the instance was made with `forceCloseConnections: 'idle'`.
 */
export function httpService(fastify: FastifyInstance, options: HttpServiceOptions): HttpService {
  let boundPort = options.port;
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  return {
    name: options.name,
    fastify,
    get port() {
      return boundPort;
    },
    start() {
      started ??= (async () => {
        await fastify.listen({ host: options.host, port: options.port });
        const address = fastify.server.address();
        if (address && typeof address === 'object') boundPort = address.port;
        options.logger.info({ ...options.fields, host: options.host, port: boundPort }, options.message);
      })();
      return started;
    },
    stop() {
      options.onStop?.();
      stopped ??= fastify.close();
      return stopped;
    },
  };
}
