/**
 * Adaptive sampling settings. Names and defaults follow Jaeger's (`sampling.*` in v1,
 * `adaptive.*` in v2; jaeger-compat §6.4) except where noted.
 */
export interface AdaptiveOptions {
  /** Kept traces per second wanted for each operation. */
  readonly targetSamplesPerSecond: number;
  /** |qps − target| / target below this leaves the probability as it is. */
  readonly deltaTolerance: number;
  /** How often probabilities are recalculated (and how long one throughput bucket is). */
  readonly calculationIntervalMs: number;
  /** How far behind now a calculation window ends, so that every collector's report for it has arrived. */
  readonly calculationDelayMs: number;
  /** Throughput buckets kept in memory. */
  readonly aggregationBuckets: number;
  /** Of those, how many (newest first, weighted i⁴) make an operation's QPS. */
  readonly calculationBuckets: number;
  /** Probability of an operation seen for the first time, and of operations not listed. */
  readonly initialSamplingProbability: number;
  readonly minSamplingProbability: number;
  /** Upper clamp (Jaeger: always 1). */
  readonly maxSamplingProbability: number;
  /** Served as `defaultLowerBoundTracesPerSecond`: each SDK instance keeps at least this many traces per operation. */
  readonly minSamplesPerSecond: number;
  /**
   * The largest relative increase per calculation (1 = at most doubling). Increases are slow to
   * avoid oversampling; decreases apply at once. Jaeger's post-aggregator passes 1.0.
   */
  readonly maxIncreasePerCalculation: number;
  /** Lifetime of the leader lease; another replica may take it this long after the last renewal. */
  readonly leaseTtlMs: number;
  /** How often the leader renews its lease. */
  readonly leaderLeaseRefreshMs: number;
  /** How often a follower tries to take the lease. */
  readonly followerLeaseRefreshMs: number;
  /** How often every replica reloads the latest probabilities from the store. */
  readonly probabilitiesRefreshMs: number;
}

export const DEFAULT_ADAPTIVE_OPTIONS: AdaptiveOptions = {
  targetSamplesPerSecond: 1,
  deltaTolerance: 0.3,
  calculationIntervalMs: 60_000,
  calculationDelayMs: 120_000,
  aggregationBuckets: 10,
  calculationBuckets: 1,
  initialSamplingProbability: 0.001,
  minSamplingProbability: 1e-5,
  maxSamplingProbability: 1,
  minSamplesPerSecond: 1 / 60,
  maxIncreasePerCalculation: 1,
  leaseTtlMs: 30_000,
  leaderLeaseRefreshMs: 5_000,
  followerLeaseRefreshMs: 10_000,
  probabilitiesRefreshMs: 20_000,
};

/** Why these options cannot work together, or undefined. */
export function adaptiveOptionsProblem(options: AdaptiveOptions): string | undefined {
  if (options.calculationBuckets > options.aggregationBuckets) return 'calculation buckets cannot exceed aggregation buckets';
  if (options.minSamplingProbability > options.maxSamplingProbability) return 'min sampling probability cannot exceed max sampling probability';
  if (options.initialSamplingProbability < options.minSamplingProbability || options.initialSamplingProbability > options.maxSamplingProbability) {
    return 'initial sampling probability must lie within [min, max] sampling probability';
  }
  if (options.leaderLeaseRefreshMs >= options.leaseTtlMs) return 'the leader must renew its lease more often than the lease TTL';
  return undefined;
}
