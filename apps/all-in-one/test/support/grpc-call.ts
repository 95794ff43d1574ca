import { Client, credentials, Metadata } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';

/** One unary call with raw protobuf bytes; resolves with the status code (0 = OK) and the response. */
export function grpcUnary(address: string, path: string, request: Uint8Array): Promise<{ code: number; details: string; response: Buffer | undefined }> {
  const client = new Client(address, credentials.createInsecure(), {});
  const raw = (bytes: Buffer) => bytes;
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, raw, raw, Buffer.from(request), new Metadata(), { deadline: Date.now() + 15_000 }, (error: ServiceError | null, response?: Buffer) => {
      client.close();
      resolve(error ? { code: error.code, details: error.details, response: undefined } : { code: 0, details: '', response });
    });
  });
}
