import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * A registry per process (never prom-client's global one), with the default Node metrics
 * (CPU, memory, event-loop lag, GC) already registered.
 */
export function createMetricsRegistry(labels: Record<string, string> = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Bounds a label value fed by client data (service names, tenants): the first `limit` distinct
 * values pass through, the rest collapse into `overflow`, so a hostile client cannot grow the
 * metric cardinality without bound.
 */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly limit: number,
    private readonly overflow = 'other',
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit) return this.overflow;
    this.seen.add(value);
    return value;
  }
}
