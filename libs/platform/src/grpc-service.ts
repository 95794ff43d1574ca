import { ServerCredentials } from '@grpc/grpc-js';
import type { Server } from '@grpc/grpc-js';
import type { Service } from './lifecycle';
import type { Logger } from './logger';

/** A grpc-js server run as a lifecycle Service on one host and port. */
export interface GrpcService extends Service {
  /** The bound port (useful when configured as 0). */
  readonly port: number;
}

export interface GrpcServiceOptions {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  /** What the "listening" log line says, and extra fields for it. */
  readonly message: string;
  readonly fields?: object;
  /** How long calls in progress may take to finish at stop before they are cut. */
  readonly forceShutdownAfterMs: number;
}

/**
 * Binds `server` (once, however often `start` is called; plaintext: TLS is terminated in front)
 * and logs the bound port; `stop` lets calls in progress finish (`tryShutdown`) and cuts them
 * after `forceShutdownAfterMs`, so stopping always ends.
 */
export function grpcService(server: Server, options: GrpcServiceOptions): GrpcService {
  let boundPort = options.port;
  let started: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  return {
    name: options.name,
    get port() {
      return boundPort;
    },
    start() {
      started ??= new Promise<void>((resolve, reject) => {
        server.bindAsync(`${options.host}:${options.port}`, ServerCredentials.createInsecure(), (error, port) => {
          if (error) return reject(error);
          boundPort = port;
          options.logger.info({ ...options.fields, host: options.host, port }, options.message);
          resolve();
        });
      });
      return started;
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => server.forceShutdown(), options.forceShutdownAfterMs);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
      return stopped;
    },
  };
}
