import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { httpService } from './http-service';
import type { Registry } from 'prom-client';
import type { Logger } from './logger';
import type { Service } from './lifecycle';

/** One readiness check: resolves with nothing when ready, rejects (or throws) with why not. */
export type ReadinessCheck = () => Promise<void> | void;

export interface AdminServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** Injected clock for uptime; tests pass a fixed one. */
  readonly now?: () => number;
}

export interface AdminServer extends Service {
  /** The bound port (useful when configured as 0). */
  readonly port: number;
  /** After this, `/ready` answers 503 while `/health` stays 200: drain before stop. */
  markDraining(): void;
  readonly fastify: FastifyInstance;
}

/**
 * The admin port every app serves: `/metrics` (Prometheus), `/health` (liveness: the process
 * serves; independent of traffic and of dependencies), `/ready` (readiness: every check passes
 * and the process is not draining). `/` answers like `/health`, as Jaeger's admin port does.
 */
export function createAdminServer(options: AdminServerOptions): AdminServer {
  const now = options.now ?? Date.now;
  const upSince = now();
  let draining = false;
  const fastify = Fastify({ logger: false });

  const health = () => ({
    status: 'Server available',
    upSince: new Date(upSince).toISOString(),
    uptime: `${((now() - upSince) / 1000).toFixed(3)}s`,
  });
  fastify.get('/', async () => health());
  fastify.get('/health', async () => health());

  fastify.get('/ready', async (_request, reply) => {
    const failures: Record<string, string> = {};
    if (draining) failures['process'] = 'shutting down';
    for (const [name, check] of Object.entries(options.readiness ?? {})) {
      try {
        await check();
      } catch (error) {
        failures[name] = error instanceof Error ? error.message : String(error);
      }
    }
    const ready = Object.keys(failures).length === 0;
    return reply.code(ready ? 200 : 503).send(ready ? { status: 'ready' } : { status: 'not ready', failures });
  });

  fastify.get('/metrics', async (_request, reply) => {
    const body = await options.registry.metrics();
    return reply.type(options.registry.contentType).send(body);
  });

  const service = httpService(fastify, {
    name: 'admin-server',
    host: options.host,
    port: options.port,
    logger: options.logger,
    message: 'admin server listening',
    onStop: () => {
      draining = true;
    },
  });
  return Object.assign(service, {
    markDraining() {
      draining = true;
    },
  });
}
