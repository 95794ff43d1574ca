import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WaymarkError } from '@waymark/platform';
import type { SpanFormat } from '../pipeline/collector-metrics';
import type { Decoded, IngestOutcome } from '../pipeline/span-pipeline';

/**
 * One ingest endpoint: how a protocol decodes its body and how it answers. The shared handler
 * does everything else (tenancy, size limits, decompression, the pipeline, metrics), so every
 * protocol keeps the same durability contract.
 */
export interface IngestRoute {
  readonly url: string;
  readonly format: SpanFormat;
  /**
   * Decodes the (decompressed) body. `contentType` is the media type, lowercase, without
   * parameters; '' when absent. Throws DecodeError for bad bytes and a WaymarkError
   * `unsupported-media-type` for a content type the route does not take.
   */
  decode(contentType: string, body: Buffer, request: FastifyRequest): Decoded;
  /** Answers an accepted request (every span stored, or counted as rejected). */
  reply(outcome: IngestOutcome, request: FastifyRequest, reply: FastifyReply): FastifyReply;
  /** Answers a refused request in the protocol's own error shape. */
  replyError(error: WaymarkError, request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/** The media type of a Content-Type header: lowercase, parameters removed. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}
