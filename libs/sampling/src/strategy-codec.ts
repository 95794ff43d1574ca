import { jaegerApiV2 } from '@waymark/idl';
import type { SamplingStrategyResponse } from './strategy';

/**
 * Jaeger's proto-JSON of a strategy: fields in the proto's order, every scalar emitted (Jaeger
 * emits defaults), absent strategies left out.
 */
export function toJaegerJson(strategy: SamplingStrategyResponse): string {
  const { strategyType, probabilisticSampling, rateLimitingSampling, operationSampling } = strategy;
  return JSON.stringify({
    strategyType,
    ...(probabilisticSampling ? { probabilisticSampling: { samplingRate: probabilisticSampling.samplingRate } } : {}),
    ...(rateLimitingSampling ? { rateLimitingSampling: { maxTracesPerSecond: rateLimitingSampling.maxTracesPerSecond } } : {}),
    ...(operationSampling
      ? {
          operationSampling: {
            defaultSamplingProbability: operationSampling.defaultSamplingProbability,
            defaultLowerBoundTracesPerSecond: operationSampling.defaultLowerBoundTracesPerSecond,
            perOperationStrategies: operationSampling.perOperationStrategies.map((op) => ({ operation: op.operation, probabilisticSampling: { samplingRate: op.probabilisticSampling.samplingRate } })),
            defaultUpperBoundTracesPerSecond: operationSampling.defaultUpperBoundTracesPerSecond,
          },
        }
      : {}),
  });
}

/** `jaeger.api_v2.SamplingStrategyResponse` bytes. */
export function toProtoBytes(strategy: SamplingStrategyResponse): Uint8Array {
  const { SamplingStrategyResponse, SamplingStrategyType } = jaegerApiV2;
  return SamplingStrategyResponse.encode({
    strategyType: strategy.strategyType === 'RATE_LIMITING' ? SamplingStrategyType.RATE_LIMITING : SamplingStrategyType.PROBABILISTIC,
    probabilisticSampling: strategy.probabilisticSampling ?? null,
    rateLimitingSampling: strategy.rateLimitingSampling ?? null,
    operationSampling: strategy.operationSampling ? { ...strategy.operationSampling, perOperationStrategies: [...strategy.operationSampling.perOperationStrategies] } : null,
  }).finish();
}

/** Decodes `SamplingStrategyResponse` bytes (the inverse of `toProtoBytes`; for tests and clients). */
export function fromProtoBytes(bytes: Uint8Array): SamplingStrategyResponse {
  const message = jaegerApiV2.SamplingStrategyResponse.decode(bytes);
  const op = message.operationSampling;
  return {
    strategyType: message.strategyType === jaegerApiV2.SamplingStrategyType.RATE_LIMITING ? 'RATE_LIMITING' : 'PROBABILISTIC',
    ...(message.probabilisticSampling ? { probabilisticSampling: { samplingRate: message.probabilisticSampling.samplingRate ?? 0 } } : {}),
    ...(message.rateLimitingSampling ? { rateLimitingSampling: { maxTracesPerSecond: message.rateLimitingSampling.maxTracesPerSecond ?? 0 } } : {}),
    ...(op
      ? {
          operationSampling: {
            defaultSamplingProbability: op.defaultSamplingProbability ?? 0,
            defaultLowerBoundTracesPerSecond: op.defaultLowerBoundTracesPerSecond ?? 0,
            perOperationStrategies: (op.perOperationStrategies ?? []).map((s) => ({ operation: s.operation ?? '', probabilisticSampling: { samplingRate: s.probabilisticSampling?.samplingRate ?? 0 } })),
            defaultUpperBoundTracesPerSecond: op.defaultUpperBoundTracesPerSecond ?? 0,
          },
        }
      : {}),
  };
}
