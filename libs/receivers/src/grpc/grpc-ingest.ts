import type { Metadata } from '@grpc/grpc-js';
import { asWaymarkError, grpcCodeOf } from '@waymark/platform';
import type { SpanFormat } from '../pipeline/collector-metrics';
import { decodeOrRefuse, refusalReasonOf } from '../pipeline/refusals';
import type { Decoded, IngestOutcome, SpanPipeline } from '../pipeline/span-pipeline';
import type { Tenancy } from '@waymark/platform';
import { statusProto } from '../otlp/otlp-responses';
import { GrpcFailure } from './grpc-server';
import type { RawUnaryMethod } from './grpc-server';

export interface GrpcIngestMethod {
  readonly path: string;
  readonly format: SpanFormat;
  /** Throws DecodeError for bytes that are not a valid request. */
  readonly decode: (request: Buffer) => Decoded;
  readonly respond: (outcome: IngestOutcome) => Uint8Array;
}

/**
 * The gRPC twin of the HTTP ingest handler: tenant from metadata → decode → pipeline → response.
 * Failures become gRPC statuses with a google.rpc.Status in `grpc-status-details-bin`, carrying
 * RetryInfo when the client should retry (UNAVAILABLE).
 */
export function grpcIngest(method: GrpcIngestMethod, deps: { pipeline: SpanPipeline; tenancy: Tenancy }): RawUnaryMethod {
  return {
    path: method.path,
    handle: async (request: Buffer, metadata: Metadata) => {
      let stage: 'before-pipeline' | 'pipeline' = 'before-pipeline';
      try {
        const values = metadata.get(deps.tenancy.config.header).map(String);
        const tenant = deps.tenancy.resolve(values.length === 0 ? undefined : values);
        const decoded = decodeOrRefuse(() => method.decode(request));
        stage = 'pipeline';
        return method.respond(await deps.pipeline.ingest({ format: method.format, transport: 'grpc', tenant, bytes: request.length, decoded }));
      } catch (caught) {
        const error = asWaymarkError(caught);
        if (stage === 'before-pipeline') deps.pipeline.refuseRequest(method.format, 'grpc', refusalReasonOf(error.kind));
        throw new GrpcFailure(grpcCodeOf(error), error.message, statusProto(error));
      }
    },
  };
}
