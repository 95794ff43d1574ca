import { Client, credentials } from '@grpc/grpc-js';
import { jaegerApiV2 } from '@waymark/idl';
import { fromProtoBytes, GET_SAMPLING_STRATEGY_PATH } from '@waymark/sampling';
import type { SamplingStrategyResponse } from '@waymark/sampling';

/** Asks a gRPC SamplingManager; resolves with the strategy, or rejects with the gRPC status code. */
export function grpcStrategy(address: string, serviceName: string): Promise<SamplingStrategyResponse> {
  const client = new Client(address, credentials.createInsecure());
  const request = Buffer.from(jaegerApiV2.SamplingStrategyParameters.encode({ serviceName }).finish());
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(GET_SAMPLING_STRATEGY_PATH, (b: Buffer) => b, (b: Buffer) => b, request, (error, response) => {
      client.close();
      if (error) reject(Object.assign(new Error(error.details), { code: error.code }));
      else resolve(fromProtoBytes(response as Buffer));
    });
  });
}

/** Polls `check` until it returns true or `timeoutMs` passes; resolves with the time it took. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
