import type { FastifyReply, FastifyRequest } from 'fastify';
import { asWaymarkError, retryAfterSeconds } from '@waymark/platform';
import type { WaymarkError } from '@waymark/platform';
import { decodeOrRefuse, refusalReasonOf } from '../pipeline/refusals';
import type { SpanPipeline } from '../pipeline/span-pipeline';
import type { Tenancy } from '@waymark/platform';
import { decompressBounded } from './decompress';
import { mediaType } from './http-route';
import type { IngestRoute } from './http-route';

export interface IngestHandlerDeps {
  readonly pipeline: SpanPipeline;
  readonly tenancy: Tenancy;
  /** Cap on the body after decompression. */
  readonly maxDecompressedBytes: number;
}

/** Sets Retry-After for retryable errors, then lets the route answer in its own shape. */
export function answerError(route: IngestRoute, error: WaymarkError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const seconds = retryAfterSeconds(error);
  if (seconds !== undefined) void reply.header('retry-after', String(seconds));
  return route.replyError(error, request, reply);
}

/**
 * The path every HTTP ingest request takes: tenant → decompress (bounded) → decode → pipeline
 * → answer. Failures before the pipeline are counted here by reason; the pipeline counts its own.
 */
export function ingestHandler(route: IngestRoute, deps: IngestHandlerDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    let stage: 'before-pipeline' | 'pipeline' = 'before-pipeline';
    try {
      const header = request.headers[deps.tenancy.config.header];
      const tenant = deps.tenancy.resolve(header === undefined ? undefined : Array.isArray(header) ? header : [header]);
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const body = await decompressBounded(raw, request.headers['content-encoding'], deps.maxDecompressedBytes);
      const decoded = decodeOrRefuse(() => route.decode(mediaType(request.headers['content-type']), body, request));
      stage = 'pipeline';
      const outcome = await deps.pipeline.ingest({ format: route.format, transport: 'http', tenant, bytes: body.length, decoded });
      return route.reply(outcome, request, reply);
    } catch (caught) {
      const error = asWaymarkError(caught);
      if (stage === 'before-pipeline') deps.pipeline.refuseRequest(route.format, 'http', refusalReasonOf(error.kind));
      if (error.kind === 'internal' || error.kind === 'unavailable') request.log.debug({ err: error }, 'ingest refused');
      return answerError(route, error, request, reply);
    }
  };
}
