import Fastify from 'fastify';
import type { FastifyError, FastifyInstance } from 'fastify';
import { httpService, WaymarkError } from '@waymark/platform';
import type { HttpService, Logger } from '@waymark/platform';
import { answerError, ingestHandler } from './ingest-handler';
import type { IngestHandlerDeps } from './ingest-handler';
import type { IngestRoute } from './http-route';

export interface ReceiverServerOptions extends IngestHandlerDeps {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly routes: readonly IngestRoute[];
  /** Cap on the body as sent (compressed); the decompressed cap is `maxDecompressedBytes`. */
  readonly maxBodyBytes: number;
  readonly logger: Logger;
  /** Extra routes on the same port (e.g. sampling on :14268). */
  readonly extend?: (fastify: FastifyInstance) => void;
}

export type ReceiverServer = HttpService;

/**
 * One HTTP listener for one or more ingest routes. Bodies are read as raw bytes whatever their
 * content type (each route decodes its own formats); a body over the limit is answered 413 in
 * the route's error shape. `stop` stops accepting, lets requests in progress finish (their
 * Kafka sends included), then closes.
 */
export function createReceiverServer(options: ReceiverServerOptions): ReceiverServer {
  let closing = false;
  const fastify = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    // Keep-alive connections are closed once idle during shutdown; requests in flight finish.
    forceCloseConnections: 'idle',
    // Requests that still arrive while closing go to the route, whose closed pipeline answers
    // them 503 + Retry-After in the protocol's own error shape, counted as shutting_down
    // (fastify's own 503 has neither).
    return503OnClosing: false,
  });
  // A connection busy when the close began is not idle then, and a keep-alive client would hold it
  // open until the keep-alive timeout (72 s), delaying the stop that long: its last answer closes it.
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (closing) void reply.header('connection', 'close');
    return payload;
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const byUrl = new Map(options.routes.map((route) => [route.url, route]));
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const route = byUrl.get(request.routeOptions.url ?? '');
    const kind = error.statusCode === 413 ? 'too-large' : 'invalid-argument';
    const waymarkError = new WaymarkError(kind, kind === 'too-large' ? `request body exceeds ${options.maxBodyBytes} bytes` : error.message, { cause: error });
    if (route) {
      options.pipeline.refuseRequest(route.format, 'http', kind === 'too-large' ? 'too_large' : 'undecodable');
      return answerError(route, waymarkError, request, reply);
    }
    return reply.code(error.statusCode ?? 500).send({ error: waymarkError.message });
  });

  for (const route of options.routes) fastify.post(route.url, ingestHandler(route, options));
  options.extend?.(fastify);

  return httpService(fastify, {
    name: options.name,
    host: options.host,
    port: options.port,
    logger: options.logger,
    message: 'receiver listening',
    fields: { receiver: options.name },
    onStop: () => {
      closing = true;
    },
  });
}
