/**
 * Jaeger's remote-sampling strategy (IDL:proto/api_v2/sampling.proto), in the shape of its
 * proto-JSON: what SDKs receive from `GET /sampling?service=` and, encoded, from
 * `SamplingManager/GetSamplingStrategy`. Absent strategies are left out (Jaeger strips nulls).
 */
export type StrategyType = 'PROBABILISTIC' | 'RATE_LIMITING';

export interface ProbabilisticSampling {
  /** Probability in [0, 1]. */
  readonly samplingRate: number;
}

export interface RateLimitingSampling {
  /** Whole traces per second (int32 in the proto; jaeger#2543). */
  readonly maxTracesPerSecond: number;
}

export interface OperationSamplingStrategy {
  readonly operation: string;
  readonly probabilisticSampling: ProbabilisticSampling;
}

export interface PerOperationSamplingStrategies {
  /** For operations not listed in `perOperationStrategies`. */
  readonly defaultSamplingProbability: number;
  /** Per SDK instance and operation, a guaranteed rate of traces whatever the probability. */
  readonly defaultLowerBoundTracesPerSecond: number;
  readonly perOperationStrategies: readonly OperationSamplingStrategy[];
  /** Ignored by almost every SDK; 0 = none. */
  readonly defaultUpperBoundTracesPerSecond: number;
}

export interface SamplingStrategyResponse {
  /** Legacy; SDKs look first at `operationSampling`, then at which strategy is present. */
  readonly strategyType: StrategyType;
  readonly probabilisticSampling?: ProbabilisticSampling;
  readonly rateLimitingSampling?: RateLimitingSampling;
  readonly operationSampling?: PerOperationSamplingStrategies;
}

/** Where strategies come from: a file, adaptive calculation, a remote sampling manager. */
export interface StrategyProvider {
  /** The strategy for a (validated) service name; the default strategy for a service it does not know. */
  getStrategy(service: string): SamplingStrategyResponse;
}

export const probabilisticStrategy = (samplingRate: number): SamplingStrategyResponse => ({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate } });

export const rateLimitingStrategy = (maxTracesPerSecond: number): SamplingStrategyResponse => ({ strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond } });
