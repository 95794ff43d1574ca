import { Client, credentials, Metadata } from '@grpc/grpc-js';
import type { ChannelOptions, ServiceError } from '@grpc/grpc-js';
import { googleRpc } from '@waymark/idl';

export interface GrpcAnswer {
  /** gRPC status code (0 = OK). */
  readonly code: number;
  readonly details: string;
  /** Trailing metadata of a failed call (e.g. `grpc-status-details-bin`). */
  readonly metadata: Metadata;
  readonly response: Buffer | undefined;
}

const raw = (bytes: Buffer) => bytes;

/**
 * One unary call with raw protobuf bytes through a grpc-js generic client: how the tests act as
 * a gRPC client for which npm has no ready-made package (Jaeger's Go clients), or send bytes no
 * well-behaved client would. Resolves with the status whatever it is.
 */
export function grpcUnary(address: string, path: string, request: Uint8Array, options: { metadata?: Record<string, string>; channel?: ChannelOptions; deadlineMs?: number } = {}): Promise<GrpcAnswer> {
  const client = new Client(address, credentials.createInsecure(), options.channel ?? {});
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(options.metadata ?? {})) metadata.set(key, value);
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      raw,
      raw,
      Buffer.from(request.buffer, request.byteOffset, request.byteLength),
      metadata,
      { deadline: Date.now() + (options.deadlineMs ?? 15_000) },
      (error: ServiceError | null, response?: Buffer) => {
        client.close();
        resolve(error ? { code: error.code, details: error.details, metadata: error.metadata, response: undefined } : { code: 0, details: '', metadata: new Metadata(), response });
      },
    );
  });
}

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * The google.rpc.Status carried in `grpc-status-details-bin` (gRPC) or an OTLP/HTTP protobuf
 * error body, with the RetryInfo delay in seconds when it has one.
 */
export function decodeRpcStatus(bytes: Uint8Array): { code: number; message: string; retryDelaySeconds: number | undefined } {
  const status = googleRpc.Status.decode(bytes);
  const retry = status.details.find((detail) => detail.type_url === RETRY_INFO);
  const delay = retry?.value ? googleRpc.RetryInfo.decode(retry.value).retryDelay : undefined;
  return { code: status.code, message: status.message, retryDelaySeconds: delay ? Number(delay.seconds ?? 0) : undefined };
}

/** `decodeRpcStatus` of a failed gRPC call's `grpc-status-details-bin`, or undefined without one. */
export function statusDetails(answer: GrpcAnswer): ReturnType<typeof decodeRpcStatus> | undefined {
  const [bin] = answer.metadata.get('grpc-status-details-bin');
  return bin instanceof Buffer ? decodeRpcStatus(bin) : undefined;
}
