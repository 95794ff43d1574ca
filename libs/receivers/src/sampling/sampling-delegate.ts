import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jaegerApiV2 } from '@waymark/idl';
import { validateServiceName, WaymarkError } from '@waymark/platform';
import type { RawUnaryMethod } from '../grpc/grpc-server';
import { GrpcFailure } from '../grpc/grpc-server';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

export interface SamplingDelegateOptions {
  /** The sampling manager's HTTP base URL, e.g. `http://127.0.0.1:5778`. */
  readonly url: string;
  readonly timeoutMs: number;
  /** When set, served as `probabilistic(p)` while the sampling manager cannot answer; else 503 / UNAVAILABLE. */
  readonly fallbackProbability?: number;
  readonly retryAfterMs: number;
  readonly registry: Registry;
  readonly fetch?: typeof fetch;
}

/** What the upstream said: its JSON body (200), its refusal (4xx), or that it could not answer. */
type Upstream = { ok: true; body: string } | { ok: false; status: number; message: string };

/**
 * Jaeger v1's sampling locations on the collector (`GET :14268/api/sampling`, gRPC :14250
 * `SamplingManager/GetSamplingStrategy`), answered by asking the sampling manager over HTTP.
 * When it cannot answer (unreachable, timeout, 5xx), the client gets 503 + Retry-After /
 * UNAVAILABLE, so its SDK keeps its current sampler, unless a fallback probability is
 * configured; never a made-up strategy otherwise. The `service` is checked before forwarding
 * with the sampling manager's own rules (`validateServiceName`), so a refusal reads the same
 * whichever port the client asked.
 */
export class SamplingDelegate {
  private readonly fetch: typeof fetch;
  private readonly requests: Counter<'transport' | 'result'>;

  constructor(private readonly options: SamplingDelegateOptions) {
    this.fetch = options.fetch ?? fetch;
    this.requests = new Counter({
      name: 'waymark_collector_sampling_requests_total',
      help: 'Sampling strategy requests answered by delegation, by transport and result (ok, invalid, fallback, unavailable).',
      labelNames: ['transport', 'result'],
      registers: [options.registry],
    });
  }

  /** Registers `GET /api/sampling` (and `/sampling`) on a receiver's HTTP server. */
  registerHttp = (fastify: FastifyInstance): void => {
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      let service: string;
      try {
        service = validateServiceName((request.query as Record<string, unknown>)['service']);
      } catch (error) {
        this.requests.inc({ transport: 'http', result: 'invalid' });
        return reply.code(400).type('text/plain; charset=utf-8').send(`${(error as Error).message}\n`);
      }
      const answer = await this.ask(service);
      if (answer.ok) {
        this.requests.inc({ transport: 'http', result: 'ok' });
        return reply.code(200).type('application/json').send(answer.body);
      }
      const fallback = this.fallback(answer);
      if (fallback) {
        this.requests.inc({ transport: 'http', result: 'fallback' });
        return reply.code(200).type('application/json').send(fallback);
      }
      this.requests.inc({ transport: 'http', result: answer.status === 400 ? 'invalid' : 'unavailable' });
      if (answer.status === 503) void reply.header('retry-after', String(Math.max(1, Math.ceil(this.options.retryAfterMs / 1000))));
      return reply.code(answer.status).type('text/plain; charset=utf-8').send(`${answer.message}\n`);
    };
    fastify.get('/api/sampling', handler);
    fastify.get('/sampling', handler);
  };

  /** `jaeger.api_v2.SamplingManager/GetSamplingStrategy` for the Jaeger gRPC receiver. */
  readonly grpcMethod: RawUnaryMethod = {
    path: '/jaeger.api_v2.SamplingManager/GetSamplingStrategy',
    handle: async (request) => {
      let service: string;
      try {
        service = validateServiceName(jaegerApiV2.SamplingStrategyParameters.decode(request).serviceName);
      } catch (error) {
        this.requests.inc({ transport: 'grpc', result: 'invalid' });
        throw new GrpcFailure(3 /* INVALID_ARGUMENT */, error instanceof WaymarkError ? error.message : 'undecodable SamplingStrategyParameters');
      }
      const answer = await this.ask(service);
      const json = answer.ok ? answer.body : this.fallback(answer);
      if (json === undefined) {
        this.requests.inc({ transport: 'grpc', result: !answer.ok && answer.status === 400 ? 'invalid' : 'unavailable' });
        throw new GrpcFailure(!answer.ok && answer.status === 400 ? 3 : 14 /* UNAVAILABLE */, answer.ok ? '' : answer.message);
      }
      try {
        const message = jaegerApiV2.SamplingStrategyResponse.fromObject(JSON.parse(json) as Record<string, unknown>);
        this.requests.inc({ transport: 'grpc', result: answer.ok ? 'ok' : 'fallback' });
        return jaegerApiV2.SamplingStrategyResponse.encode(message).finish();
      } catch {
        this.requests.inc({ transport: 'grpc', result: 'unavailable' });
        throw new GrpcFailure(14, 'the sampling manager answered a strategy that is not valid JSON');
      }
    },
  };

  private fallback(answer: Upstream): string | undefined {
    if (answer.ok || answer.status === 400 || this.options.fallbackProbability === undefined) return undefined;
    return JSON.stringify({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: this.options.fallbackProbability } });
  }

  private async ask(service: string): Promise<Upstream> {
    const url = `${this.options.url.replace(/\/+$/, '')}/api/sampling?service=${encodeURIComponent(service)}`;
    try {
      const response = await this.fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs) });
      const body = await response.text();
      if (response.status === 200) return { ok: true, body };
      if (response.status === 400) return { ok: false, status: 400, message: body.trim().slice(0, 200) };
      return { ok: false, status: 503, message: `sampling manager answered ${response.status}; retry` };
    } catch (error) {
      return { ok: false, status: 503, message: `sampling manager unreachable (${error instanceof Error ? error.name : 'error'}); retry` };
    }
  }
}
