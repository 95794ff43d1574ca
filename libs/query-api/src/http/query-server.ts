import Fastify from 'fastify';
import { httpService } from '@waymark/platform';
import type { HttpService } from '@waymark/platform';
import { DEFAULT_QUERY_LIMITS } from '../query-limits';
import { registerQueryApi } from './register-query-api';
import type { QueryApiOptions } from './register-query-api';

export interface QueryServerOptions extends QueryApiOptions {
  readonly host: string;
  readonly port: number;
}

export type QueryServer = HttpService;

/**
 * The query API on its own HTTP listener (the query app's :16686). `stop` stops accepting,
 * lets requests in progress finish, closes idle keep-alive connections, then resolves.
 */
export function createQueryServer(options: QueryServerOptions): QueryServer {
  const maxTraceIds = (options.limits ?? DEFAULT_QUERY_LIMITS).maxTraceIds;
  const fastify = Fastify({
    logger: false,
    // Several comma-separated 32-character ids in one path segment (fastify's default is 100).
    routerOptions: { maxParamLength: Math.max(100, maxTraceIds * 33), ignoreTrailingSlash: true },
    forceCloseConnections: 'idle',
  });
  registerQueryApi(fastify, options);

  return httpService(fastify, {
    name: 'query-http',
    host: options.host,
    port: options.port,
    logger: options.logger,
    message: 'query API listening',
    fields: { basePath: options.basePath || '/' },
  });
}
