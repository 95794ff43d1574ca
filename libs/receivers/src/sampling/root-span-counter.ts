import type { Span } from '@waymark/span-model';
import type { OperationThroughput } from '@waymark/storage-api';

/**
 * Counts root spans (no parent span id) per service and operation: the traces clients kept,
 * whatever sampler their SDK runs, recognised from the span data itself (Jaeger needs
 * `sampler.type` tags that OpenTelemetry SDKs do not send; jaeger#6700).
 *
 * On the hot path `record` does one nested Map lookup and an increment per root span, and
 * allocates only for a (service, operation) pair not yet seen in the interval. Bounded: at
 * most `maxOperations` pairs per interval; roots of further pairs are counted in `overflow`
 * (and the metric), never stored.
 *
 * Spans of a tenant are not counted (only in `tenanted`): adaptive probabilities are per
 * service, not per tenant, because SDKs ask for a strategy without a tenant, so counting them
 * would let one tenant's traffic lower the probability served to another tenant's service of
 * the same name (ADR 007).
 */
export class RootSpanCounter {
  private counts = new Map<string, Map<string, number>>();
  private pairs = 0;
  /** Root spans not counted since the last drain because the pair limit was reached. */
  overflow = 0;
  /** Root spans not counted since the last drain because they belong to a tenant. */
  tenanted = 0;

  constructor(private readonly maxOperations: number) {}

  /** Counts the root spans of one stored request; `tenant` is the request's (undefined without tenancy). Returns how many were counted. */
  record(spans: readonly Span[], tenant?: string): number {
    let roots = 0;
    for (const span of spans) if (span.parentSpanId === undefined && this.count(span.resource.serviceName, span.name, tenant)) roots++;
    return roots;
  }

  /** The same for root spans already known as `[service, operation]` pairs (the receivers' fast path). */
  recordRoots(roots: ReadonlyArray<readonly [string, string]>, tenant?: string): number {
    let counted = 0;
    for (const [service, operation] of roots) if (this.count(service, operation, tenant)) counted++;
    return counted;
  }

  /** Counts one root span; false when it is not counted (a tenant's, or over the pair limit). */
  private count(service: string, operation: string, tenant: string | undefined): boolean {
    if (tenant !== undefined) {
      this.tenanted++;
      return false;
    }
    let byOp = this.counts.get(service);
    const count = byOp?.get(operation);
    if (count !== undefined) {
      (byOp as Map<string, number>).set(operation, count + 1);
      return true;
    }
    if (this.pairs >= this.maxOperations) {
      this.overflow++;
      return false;
    }
    if (!byOp) this.counts.set(service, (byOp = new Map()));
    byOp.set(operation, 1);
    this.pairs++;
    return true;
  }

  /** Everything counted since the last drain, and a fresh interval. */
  drain(): { throughput: OperationThroughput[]; overflow: number; tenanted: number } {
    const throughput: OperationThroughput[] = [];
    for (const [service, byOp] of this.counts) for (const [operation, count] of byOp) throughput.push({ service, operation, count });
    const { overflow, tenanted } = this;
    this.counts = new Map();
    this.pairs = 0;
    this.overflow = 0;
    this.tenanted = 0;
    return { throughput, overflow, tenanted };
  }
}
