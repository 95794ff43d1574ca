import type { ServiceOperationValues } from '@waymark/storage-api';
import type { AdaptiveOptions } from './adaptive-options';

/** Kept traces (root spans) per service and operation over one interval, summed over every collector. */
export interface ThroughputBucket {
  readonly endMs: number;
  readonly intervalMs: number;
  readonly counts: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface Calculation {
  readonly probabilities: ServiceOperationValues;
  readonly qps: ServiceOperationValues;
  readonly operations: number;
}

const weightCache = new Map<number, number[]>();

/** Normalized weights w(i) = i⁴, largest first (for the newest bucket), as Jaeger's WeightVectorCache. */
export function weights(length: number): readonly number[] {
  let cached = weightCache.get(length);
  if (!cached) {
    const raw = Array.from({ length }, (_, i) => (length - i) ** 4);
    const sum = raw.reduce((a, b) => a + b, 0);
    cached = raw.map((w) => w / sum);
    weightCache.set(length, cached);
  }
  return cached;
}

/**
 * One adaptive calculation, Jaeger's algorithm (J2:…/adaptive/post_aggregator.go), as a pure
 * function of the buckets (newest first) and the probabilities served so far:
 *
 * 1. an operation's QPS is the i⁴-weighted mean of count/interval over the newest
 *    `calculationBuckets` buckets in which it appears;
 * 2. within `deltaTolerance` of the target, its probability stays; at QPS 0 it doubles; else it
 *    becomes old × target/qps, an increase capped at `maxIncreasePerCalculation`, a decrease
 *    applied at once;
 * 3. clamped to [minSamplingProbability, maxSamplingProbability].
 *
 * Unlike Jaeger, no operation is skipped for "not using adaptive sampling": Jaeger finds that
 * out from `sampler.type`/`sampler.param` span tags that OpenTelemetry SDKs do not send
 * (jaeger#6700). Throughput here is every root span the write path accepted.
 */
export function calculateProbabilities(buckets: readonly ThroughputBucket[], previous: ServiceOperationValues, options: AdaptiveOptions): Calculation {
  const qpsSeries = new Map<string, Map<string, number[]>>();
  for (const bucket of buckets) {
    const seconds = bucket.intervalMs / 1000;
    if (seconds <= 0) continue;
    for (const [service, operations] of bucket.counts) {
      let byOp = qpsSeries.get(service);
      if (!byOp) qpsSeries.set(service, (byOp = new Map()));
      for (const [operation, count] of operations) {
        const series = byOp.get(operation) ?? [];
        if (series.length >= options.calculationBuckets) continue;
        series.push(count / seconds);
        byOp.set(operation, series);
      }
    }
  }
  const probabilities: Record<string, Record<string, number>> = {};
  const qps: Record<string, Record<string, number>> = {};
  let operations = 0;
  for (const [service, byOp] of qpsSeries) {
    probabilities[service] = {};
    qps[service] = {};
    for (const [operation, series] of byOp) {
      const w = weights(series.length);
      const weighted = series.reduce((sum, value, i) => sum + value * (w[i] ?? 0), 0);
      qps[service][operation] = weighted;
      probabilities[service][operation] = nextProbability(previous[service]?.[operation] ?? options.initialSamplingProbability, weighted, options);
      operations++;
    }
  }
  return { probabilities, qps, operations };
}

/** Step 2 and 3 of the calculation for one operation. */
export function nextProbability(old: number, qps: number, options: AdaptiveOptions): number {
  const target = options.targetSamplesPerSecond;
  if (Math.abs(qps - target) / target < options.deltaTolerance) return old;
  let next: number;
  if (qps === 0) {
    next = old * 2;
  } else {
    next = old * (target / qps);
    if (next > old) next = Math.min(next, old * (1 + options.maxIncreasePerCalculation));
  }
  return Math.min(options.maxSamplingProbability, Math.max(options.minSamplingProbability, next));
}
