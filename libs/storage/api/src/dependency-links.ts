import type { DependencyLink } from './span-reader';

/** What the dependency computation needs of a span. */
export interface DependencySpan {
  readonly spanId: string;
  /** The parent span's id (Jaeger: the first CHILD_OF reference within the trace); undefined for a root. */
  readonly parentSpanId: string | undefined;
  readonly service: string;
}

/**
 * Sums parent→child calls into one link per (parent, child) pair, listed sorted by parent, then
 * child: the one definition of "dependencies" every adapter applies (see `DependencyReader`).
 */
export class DependencyCounter {
  private readonly counts = new Map<string, { parent: string; child: string; callCount: number }>();

  add(parent: string, child: string, calls = 1): void {
    const key = JSON.stringify([parent, child]);
    const link = this.counts.get(key);
    if (link) link.callCount += calls;
    else this.counts.set(key, { parent, child, callCount: calls });
  }

  /**
   * Adds the calls among the spans of one trace: each span whose parent is among them and
   * belongs to another service is one call from the parent's service to the span's. When
   * several spans hold the parent's id (Zipkin's shared client/server ids), the span itself is
   * not its own parent, and any of them in the span's own service means an in-process call.
   */
  addTrace(spans: readonly DependencySpan[]): void {
    const byId = new Map<string, DependencySpan[]>();
    for (const span of spans) {
      const group = byId.get(span.spanId);
      if (group) group.push(span);
      else byId.set(span.spanId, [span]);
    }
    for (const span of spans) {
      if (span.parentSpanId === undefined) continue;
      const parents = (byId.get(span.parentSpanId) ?? []).filter((parent) => parent !== span);
      if (parents.length === 0 || parents.some((parent) => parent.service === span.service)) continue;
      const parentService = parents.map((parent) => parent.service).sort()[0] as string;
      this.add(parentService, span.service);
    }
  }

  links(): DependencyLink[] {
    return [...this.counts.values()]
      .sort((a, b) => (a.parent < b.parent ? -1 : a.parent > b.parent ? 1 : a.child < b.child ? -1 : a.child > b.child ? 1 : 0))
      .map(({ parent, child, callCount }) => ({ parent, child, callCount }));
  }
}
