import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusOf, WaymarkError } from '@waymark/platform';
import { decodeOtlpJson } from '@waymark/span-translate';
import type { IngestRoute } from '../http/http-route';
import { mediaType } from '../http/http-route';
import type { Decoded } from '../pipeline/span-pipeline';
import { exportResponseJson, exportResponseProto, statusJson, statusProto } from '../otlp/otlp-responses';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

/** OTLP answers in the encoding of the request (§otlphttp-response); protobuf when it is unknown. */
const answersJson = (request: FastifyRequest) => mediaType(request.headers['content-type']) === JSON_TYPE;

/**
 * OTLP/HTTP `POST /v1/traces` (:4318): binary protobuf or OTLP/JSON. 200 with an
 * ExportTraceServiceResponse (partial success when spans were rejected); errors as a
 * google.rpc.Status in the request's encoding, with RetryInfo and Retry-After when retryable.
 */
export const otlpHttpRoute = (maxAnyValueDepth: number, readProto: (bytes: Buffer) => Decoded): IngestRoute => ({
  url: '/v1/traces',
  format: 'otlp',
  decode(contentType, body) {
    if (contentType === PROTOBUF || contentType === 'application/protobuf') return readProto(body);
    if (contentType === JSON_TYPE) return decodeOtlpJson(body, { maxAnyValueDepth });
    throw new WaymarkError('unsupported-media-type', `unsupported Content-Type "${contentType.slice(0, 60)}"; expected ${PROTOBUF} or ${JSON_TYPE}`);
  },
  reply(outcome, request, reply: FastifyReply) {
    return answersJson(request)
      ? reply.code(200).type(JSON_TYPE).send(exportResponseJson(outcome))
      : reply.code(200).type(PROTOBUF).send(Buffer.from(exportResponseProto(outcome)));
  },
  replyError(error, request, reply) {
    const code = httpStatusOf(error);
    return answersJson(request)
      ? reply.code(code).type(JSON_TYPE).send(statusJson(error))
      : reply.code(code).type(PROTOBUF).send(Buffer.from(statusProto(error)));
  },
});
