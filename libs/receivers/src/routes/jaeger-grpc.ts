import { decodeJaegerProtoBatch } from '@waymark/span-translate';
import type { GrpcIngestMethod } from '../grpc/grpc-ingest';

/** `jaeger.api_v2.CollectorService/PostSpans` (:14250); PostSpansResponse is empty. */
export const jaegerPostSpans: GrpcIngestMethod = {
  path: '/jaeger.api_v2.CollectorService/PostSpans',
  format: 'jaeger',
  decode: (request) => decodeJaegerProtoBatch(request),
  respond: () => new Uint8Array(0),
};
