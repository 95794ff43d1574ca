import { Metadata, Server, status as GrpcStatus } from '@grpc/grpc-js';
import type { ServerUnaryCall, sendUnaryData, UntypedServiceImplementation, ServiceDefinition } from '@grpc/grpc-js';
import { grpcService } from '@waymark/platform';
import type { GrpcService, Logger } from '@waymark/platform';

/** One unary method that takes and returns raw protobuf bytes. */
export interface RawUnaryMethod {
  /** Full path, e.g. `/opentelemetry.proto.collector.trace.v1.TraceService/Export`. */
  readonly path: string;
  /** Resolves with the encoded response, or rejects with a GrpcFailure. */
  readonly handle: (request: Buffer, metadata: Metadata) => Promise<Uint8Array>;
}

/** An error answered with a gRPC status; `details` is an encoded google.rpc.Status for `grpc-status-details-bin`. */
export class GrpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details?: Uint8Array,
  ) {
    super(message);
  }
}

export interface GrpcServerOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly maxMessageBytes: number;
  readonly methods: readonly RawUnaryMethod[];
  readonly logger: Logger;
}

export type GrpcServer = GrpcService;

const identity = (value: Buffer) => value;
const toBuffer = (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/** `grpc.health.v1.Health/Check` answered SERVING while the server runs (HealthCheckResponse{status: 1}). */
const SERVING = Uint8Array.of(0x08, 0x01);

/**
 * A grpc-js server whose methods see the request bytes as received (after gRPC's own gzip
 * decompression), so protocol decoders run once, on our terms. Messages above `maxMessageBytes`
 * (after decompression) are refused by grpc-js with RESOURCE_EXHAUSTED. `stop` stops accepting
 * calls, lets calls in progress finish, then closes.
 */
export function createGrpcServer(options: GrpcServerOptions): GrpcServer {
  const server = new Server({
    'grpc.max_receive_message_length': options.maxMessageBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  const methods: RawUnaryMethod[] = [...options.methods, { path: '/grpc.health.v1.Health/Check', handle: async () => SERVING }];
  const byService = new Map<string, RawUnaryMethod[]>();
  for (const method of methods) {
    const service = method.path.slice(1, method.path.lastIndexOf('/'));
    byService.set(service, [...(byService.get(service) ?? []), method]);
  }
  for (const serviceMethods of byService.values()) {
    const definition: Record<string, ServiceDefinition[string]> = {};
    const implementation: UntypedServiceImplementation = {};
    for (const method of serviceMethods) {
      const name = method.path.slice(method.path.lastIndexOf('/') + 1);
      definition[name] = { path: method.path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity };
      implementation[name] = (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
        method.handle(call.request, call.metadata).then(
          (response) => callback(null, toBuffer(response)),
          (error: unknown) => callback(asServiceError(error)),
        );
      };
    }
    server.addService(definition as ServiceDefinition, implementation);
  }

  return grpcService(server, {
    name: options.name,
    host: options.host,
    port: options.port,
    logger: options.logger,
    message: 'receiver listening',
    fields: { receiver: options.name },
    forceShutdownAfterMs: 20_000,
  });
}

function asServiceError(error: unknown) {
  const metadata = new Metadata();
  if (error instanceof GrpcFailure) {
    if (error.details) metadata.set('grpc-status-details-bin', toBuffer(error.details));
    return { code: error.code, details: error.message, metadata };
  }
  return { code: GrpcStatus.INTERNAL, details: 'internal error', metadata };
}
