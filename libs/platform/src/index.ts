export { ConfigError, EnvReader, parseDurationMs, parseSizeBytes } from './config';
export type { Env } from './config';
export { readCommonConfig } from './common-config';
export type { CommonConfig } from './common-config';
export { createLogger, LOG_LEVELS } from './logger';
export type { Logger, LoggerOptions, LogLevel } from './logger';
export { BoundedLabel, createMetricsRegistry } from './metrics';
export { Lifecycle, withDeadline } from './lifecycle';
export type { LifecycleLogger, Service } from './lifecycle';
export { createAdminServer } from './admin-server';
export { grpcService } from './grpc-service';
export type { GrpcService, GrpcServiceOptions } from './grpc-service';
export { httpService } from './http-service';
export type { HttpService, HttpServiceOptions } from './http-service';
export type { AdminServer, AdminServerOptions, ReadinessCheck } from './admin-server';
export {
  asWaymarkError,
  GrpcCode,
  grpcCodeOf,
  httpStatusOf,
  invalidArgument,
  retryAfterSeconds,
  unavailable,
  WaymarkError,
} from './errors';
export type { ErrorKind, WaymarkErrorOptions } from './errors';
export { runUntilSignalled } from './run-app';
export type { RunnableApp } from './run-app';
export { appMain } from './app-main';
export type { AppMainOptions } from './app-main';
export { BurstLog } from './burst-log';
export { MAX_SERVICE_NAME_LENGTH, SERVICE_PARAMETER_MESSAGE, validateServiceName } from './service-param';
export { readTenancyConfig, Tenancy } from './tenancy';
export type { TenancyConfig } from './tenancy';
export { Semaphore } from './semaphore';
export type { Permit } from './semaphore';
