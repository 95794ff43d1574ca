import { WaymarkError } from '@waymark/platform';
import { decodeJaegerThriftBatch } from '@waymark/span-translate';
import type { IngestRoute } from '../http/http-route';
import { plainAccepted, plainError } from './plain-answers';

const THRIFT_TYPES = new Set(['application/x-thrift', 'application/vnd.apache.thrift.binary']);

/**
 * Jaeger's `POST /api/traces` (:14268): one `jaeger.Batch` in Thrift's binary protocol, as Jaeger
 * clients' HTTP senders post it. 202 when stored; 400 for another content type or bad bytes
 * (Jaeger's messages), 503 + Retry-After while Kafka is unavailable.
 */
export const jaegerThriftRoute: IngestRoute = {
  url: '/api/traces',
  format: 'jaeger',
  decode(contentType, body) {
    if (!THRIFT_TYPES.has(contentType)) throw new WaymarkError('invalid-argument', `Unsupported content type: ${contentType.slice(0, 60) || '(none)'}`);
    return decodeJaegerThriftBatch(body);
  },
  reply: (outcome, _request, reply) => plainAccepted(outcome, reply),
  replyError: (error, _request, reply) => plainError(error, reply, error.kind === 'invalid-argument' && !error.message.startsWith('Unsupported') ? 'Unable to process request body: ' : ''),
};
