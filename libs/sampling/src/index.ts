export { probabilisticStrategy, rateLimitingStrategy } from './strategy';
export type {
  OperationSamplingStrategy,
  PerOperationSamplingStrategies,
  ProbabilisticSampling,
  RateLimitingSampling,
  SamplingStrategyResponse,
  StrategyProvider,
  StrategyType,
} from './strategy';
export { fromProtoBytes, toJaegerJson, toProtoBytes } from './strategy-codec';
// The request validation lives in @waymark/platform (shared with the collector's delegate); re-exported for existing users.
export { MAX_SERVICE_NAME_LENGTH, SERVICE_PARAMETER_MESSAGE, validateServiceName } from '@waymark/platform';
export { SamplingMetrics } from './sampling-metrics';
export { defaultStrategyTable, parseStrategiesFile, StrategiesFileError } from './file/strategies-file';
export type { StrategyTable } from './file/strategies-file';
export { DEFAULT_MAX_STRATEGIES_FILE_BYTES, FileStrategyProvider } from './file/file-strategy-provider';
export type { FileStrategyProviderOptions } from './file/file-strategy-provider';
export { adaptiveOptionsProblem, DEFAULT_ADAPTIVE_OPTIONS } from './adaptive/adaptive-options';
export type { AdaptiveOptions } from './adaptive/adaptive-options';
export { readSamplingApiConfig } from './sampling-config';
export type { SamplingApiConfig, StrategySource } from './sampling-config';
export { calculateProbabilities, nextProbability, weights } from './adaptive/probability-calculator';
export type { Calculation, ThroughputBucket } from './adaptive/probability-calculator';
export { LeaderElection } from './adaptive/leader-election';
export type { LeaderElectionOptions } from './adaptive/leader-election';
export { PostAggregator } from './adaptive/post-aggregator';
export type { PostAggregatorDeps, RoundResult } from './adaptive/post-aggregator';
export { AdaptiveStrategyProvider } from './adaptive/adaptive-provider';
export { AdaptiveSampling } from './adaptive/adaptive-sampling';
export type { AdaptiveSamplingDeps } from './adaptive/adaptive-sampling';
export { registerSamplingRoutes, SAMPLING_PATHS } from './http/sampling-routes';
export type { SamplingRoutesOptions } from './http/sampling-routes';
export { createSamplingHttpServer } from './http/sampling-http-server';
export type { SamplingHttpServer } from './http/sampling-http-server';
export { createSamplingGrpcServer, GET_SAMPLING_STRATEGY_PATH, getSamplingStrategy } from './grpc/sampling-grpc-server';
export type { SamplingGrpcServer } from './grpc/sampling-grpc-server';
