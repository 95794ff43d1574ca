import { WaymarkError } from '@waymark/platform';
import { decodeZipkinV2Json, decodeZipkinV2Proto } from '@waymark/span-translate';
import type { IngestRoute } from '../http/http-route';
import { plainAccepted, plainError } from './plain-answers';

/**
 * Zipkin's collector endpoint, `POST /api/v2/spans` (:9411): a JSON v2 list (also when no
 * Content-Type is given, as Zipkin's server assumes) or a proto3 ListOfSpans. 202 when stored.
 */
export const zipkinV2Route: IngestRoute = {
  url: '/api/v2/spans',
  format: 'zipkin',
  decode(contentType, body) {
    if (contentType === '' || contentType === 'application/json') return decodeZipkinV2Json(body);
    if (contentType === 'application/x-protobuf' || contentType === 'application/protobuf') return decodeZipkinV2Proto(body);
    throw new WaymarkError('unsupported-media-type', `unsupported Content-Type "${contentType.slice(0, 60)}"; expected application/json or application/x-protobuf`);
  },
  reply: (outcome, _request, reply) => plainAccepted(outcome, reply),
  replyError: (error, _request, reply) => plainError(error, reply),
};
