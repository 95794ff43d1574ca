import { isNewerSnapshot } from '@waymark/storage-api';
import type { ProbabilitiesSnapshot, ServiceOperationValues } from '@waymark/storage-api';
import type { SamplingStrategyResponse, StrategyProvider } from '../strategy';
import type { AdaptiveOptions } from './adaptive-options';

/**
 * Serves the latest stored probabilities as Jaeger's adaptive strategy: per-operation
 * probabilities, `defaultSamplingProbability` = the initial probability (operations not yet
 * seen), `defaultLowerBoundTracesPerSecond` = min samples per second. Unlike Jaeger it also sets
 * `probabilisticSampling`: OpenTelemetry JS's remote sampler reads it whenever the operation list
 * is empty and fails to update otherwise.
 */
export class AdaptiveStrategyProvider implements StrategyProvider {
  private strategies = new Map<string, SamplingStrategyResponse>();
  private applied: Pick<ProbabilitiesSnapshot, 'term' | 'sequence' | 'timestampMs'> | undefined;
  private readonly fallback: SamplingStrategyResponse;

  constructor(private readonly options: AdaptiveOptions) {
    this.fallback = this.strategyFor({});
  }

  getStrategy(service: string): SamplingStrategyResponse {
    return this.strategies.get(service) ?? this.fallback;
  }

  /** When the probabilities served were calculated (by their leader's clock); undefined before any. */
  get timestampMs(): number | undefined {
    return this.applied?.timestampMs;
  }

  /**
   * Serves `snapshot` unless the one served is newer by lease term and sequence
   * (`isNewerSnapshot`). Timestamps are not compared: after a failover to a replica whose clock
   * is behind, the new leader's snapshots must still replace the old leader's.
   */
  apply(snapshot: ProbabilitiesSnapshot): void {
    if (!isNewerSnapshot(snapshot, this.applied)) return;
    const strategies = new Map<string, SamplingStrategyResponse>();
    for (const [service, operations] of Object.entries(snapshot.probabilities)) strategies.set(service, this.strategyFor(operations));
    this.strategies = strategies;
    this.applied = { term: snapshot.term, sequence: snapshot.sequence, timestampMs: snapshot.timestampMs };
  }

  private strategyFor(operations: ServiceOperationValues[string]): SamplingStrategyResponse {
    const initial = this.options.initialSamplingProbability;
    return {
      strategyType: 'PROBABILISTIC',
      probabilisticSampling: { samplingRate: initial },
      operationSampling: {
        defaultSamplingProbability: initial,
        defaultLowerBoundTracesPerSecond: this.options.minSamplesPerSecond,
        perOperationStrategies: Object.entries(operations)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([operation, samplingRate]) => ({ operation, probabilisticSampling: { samplingRate } })),
        defaultUpperBoundTracesPerSecond: 0,
      },
    };
  }
}
