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
  /**
   * A lifecycle Service to add after everything that serves traffic. Once it exists, `/ready`
   * answers 503 (`starting`) until it has started; its stop marks the process draining, then runs
   * `onStop` (e.g. refuse stragglers), so the servers added before it stop after the drain began.
   */
  intakeGate(hooks?: { readonly onStart?: () => Promise<void> | void; readonly onStop?: () => void }): Service;
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
  /** Undefined while no intake gate exists; false until the gate has started. */
  let serving: boolean | undefined;
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
    else if (serving === false) failures['process'] = 'starting';
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
  const markDraining = () => {
    draining = true;
  };
  return Object.assign(service, {
    markDraining,
    intakeGate(hooks: { readonly onStart?: () => Promise<void> | void; readonly onStop?: () => void } = {}): Service {
      serving = false;
      return {
        name: 'intake',
        start: async () => {
          serving = true;
          await hooks.onStart?.();
        },
        stop: async () => {
          serving = false;
          markDraining();
          hooks.onStop?.();
        },
      };
    },
  });
}
