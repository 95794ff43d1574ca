import type { FastifyReply } from 'fastify';
import { httpStatusOf } from '@waymark/platform';
import type { WaymarkError } from '@waymark/platform';
import type { IngestOutcome } from '../pipeline/span-pipeline';

/**
 * Answers for protocols without OTLP's partial success (Jaeger Thrift, Zipkin): 202 when every
 * span was accepted; when some spans were invalid, the valid ones are stored and the answer is
 * 400 saying how many were stored and why the others were not, so the client is always told.
 */
export function plainAccepted(outcome: IngestOutcome, reply: FastifyReply): FastifyReply {
  if (outcome.rejected === 0) return reply.code(202).send();
  return reply
    .code(400)
    .type('text/plain; charset=utf-8')
    .send(`${outcome.accepted} span(s) stored, ${outcome.rejected} rejected: ${outcome.rejectionMessage}\n`);
}

export function plainError(error: WaymarkError, reply: FastifyReply, prefix = ''): FastifyReply {
  return reply.code(httpStatusOf(error)).type('text/plain; charset=utf-8').send(`${prefix}${error.message}\n`);
}
