import { decodeOtlpProto } from '@waymark/span-translate';
import type { GrpcIngestMethod } from '../grpc/grpc-ingest';
import { exportResponseProto } from '../otlp/otlp-responses';

/** OTLP/gRPC `TraceService/Export` (:4317). */
export const otlpExport = (maxAnyValueDepth: number): GrpcIngestMethod => ({
  path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  format: 'otlp',
  decode: (request) => decodeOtlpProto(request, { maxAnyValueDepth }),
  respond: exportResponseProto,
});
