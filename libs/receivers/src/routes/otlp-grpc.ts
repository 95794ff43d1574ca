import type { GrpcIngestMethod } from '../grpc/grpc-ingest';
import type { Decoded } from '../pipeline/span-pipeline';
import { exportResponseProto } from '../otlp/otlp-responses';

/** OTLP/gRPC `TraceService/Export` (:4317). */
export const otlpExport = (readProto: (bytes: Buffer) => Decoded): GrpcIngestMethod => ({
  path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  format: 'otlp',
  decode: readProto,
  respond: exportResponseProto,
});
