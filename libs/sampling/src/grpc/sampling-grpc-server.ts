import { Metadata, Server } from '@grpc/grpc-js';
import type { sendUnaryData, ServerUnaryCall, ServiceDefinition } from '@grpc/grpc-js';
import { jaegerApiV2 } from '@waymark/idl';
import { asWaymarkError, grpcCodeOf, grpcService, validateServiceName, WaymarkError } from '@waymark/platform';
import type { GrpcService, Logger } from '@waymark/platform';
import type { SamplingMetrics } from '../sampling-metrics';
import type { StrategyProvider } from '../strategy';
import { toProtoBytes } from '../strategy-codec';

export const GET_SAMPLING_STRATEGY_PATH = '/jaeger.api_v2.SamplingManager/GetSamplingStrategy';

export type SamplingGrpcServer = GrpcService;

const identity = (value: Buffer) => value;
/** `grpc.health.v1.HealthCheckResponse{status: SERVING}`. */
const SERVING = Buffer.from([0x08, 0x01]);

/**
 * Answers `GetSamplingStrategy` request bytes: the strategy's proto bytes, or a WaymarkError for
 * undecodable requests and invalid service names (INVALID_ARGUMENT). Used by the sampling
 * manager's gRPC server (:5779) and by the all-in-one, which answers the collector's :14250
 * method from its in-process provider.
 */
export function getSamplingStrategy(provider: StrategyProvider, request: Uint8Array): Uint8Array {
  let serviceName: unknown;
  try {
    serviceName = jaegerApiV2.SamplingStrategyParameters.decode(request).serviceName;
  } catch (error) {
    throw new WaymarkError('invalid-argument', 'undecodable SamplingStrategyParameters', { cause: error });
  }
  return toProtoBytes(provider.getStrategy(validateServiceName(serviceName)));
}

/**
 * The remote-sampling gRPC listener (:5779): `jaeger.api_v2.SamplingManager/GetSamplingStrategy`
 * and `grpc.health.v1.Health/Check`. `stop` lets calls in progress finish.
 */
export function createSamplingGrpcServer(options: { host: string; port: number; provider: StrategyProvider; logger: Logger; metrics?: SamplingMetrics }): SamplingGrpcServer {
  const server = new Server({ 'grpc.max_receive_message_length': 64 * 1024 });
  const method = (path: string) => ({ path, requestStream: false, responseStream: false, requestSerialize: identity, requestDeserialize: identity, responseSerialize: identity, responseDeserialize: identity });
  server.addService({ GetSamplingStrategy: method(GET_SAMPLING_STRATEGY_PATH) } as ServiceDefinition, {
    GetSamplingStrategy: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      try {
        const bytes = getSamplingStrategy(options.provider, call.request);
        options.metrics?.requests.inc({ transport: 'grpc', result: 'ok' });
        callback(null, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (caught) {
        const error = asWaymarkError(caught);
        options.metrics?.requests.inc({ transport: 'grpc', result: error.kind === 'invalid-argument' ? 'invalid' : 'failed' });
        callback({ code: grpcCodeOf(error), details: error.message, metadata: new Metadata() });
      }
    },
  });
  server.addService({ Check: method('/grpc.health.v1.Health/Check') } as ServiceDefinition, {
    Check: (_call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => callback(null, SERVING),
  });

  return grpcService(server, {
    name: 'sampling-grpc',
    host: options.host,
    port: options.port,
    logger: options.logger,
    message: 'sampling gRPC listening',
    forceShutdownAfterMs: 10_000,
  });
}
