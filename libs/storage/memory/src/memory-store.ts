import { withWarning } from '@waymark/span-model';
import type { Span, SpanKind, Trace, TraceId } from '@waymark/span-model';
import { DependencyCounter } from '@waymark/storage-api';
import type { DependencyLink, DependencyReader, Operation, ReadContext, SpanReader, SpanWriter, TimeHint, TraceQuery, WriteContext } from '@waymark/storage-api';
import { spanMatches } from './span-match';

export interface MemoryStoreOptions {
  /** The most traces kept, over all tenants; the oldest trace (first written) goes first. */
  readonly maxTraces: number;
  /** Called when traces are evicted to stay within `maxTraces`, so the app can count them. */
  readonly onEvict?: (traces: number, spans: number) => void;
  /**
   * The most spans a read returns of one trace (the earliest by start time; the first of them
   * carries a warning saying the trace was cut). Default: all.
   */
  readonly maxSpansPerTrace?: number;
  /** The most spans one `findTraces` returns; traces are added newest first until the next would pass it (the first always fits). Default: no bound. */
  readonly maxSpansPerSearch?: number;
}

interface TenantData {
  readonly traces: Map<TraceId, Map<string, Span>>;
  readonly operations: Map<string, Map<string, Operation>>;
}

export interface MemoryStoreStats {
  readonly traces: number;
  readonly spans: number;
}

/** Same span, same key: redelivery stores it once, yet Zipkin's shared client/server ids do not collide. */
const spanKey = (span: Span) => `${span.spanId}|${span.resource.serviceName}|${span.kind}|${span.name}|${span.startTimeUnixNano}|${span.endTimeUnixNano}`;

/**
 * Spans in memory, bounded by a number of traces: the storage of the all-in-one and of tests.
 * `write` resolves once the spans are in the store (durable in this adapter's sense: until the
 * process ends or the trace is evicted, which is counted). Tenants are kept apart.
 */
export class MemoryStore implements SpanWriter, SpanReader, DependencyReader {
  private readonly tenants = new Map<string, TenantData>();
  /** Every stored trace, oldest first (Map keeps insertion order). */
  private readonly age = new Map<string, { tenant: string; traceId: TraceId }>();
  private spanCount = 0;

  constructor(private readonly options: MemoryStoreOptions) {
    if (!(options.maxTraces >= 1)) throw new RangeError(`maxTraces must be at least 1, got ${options.maxTraces}`);
  }

  stats(): MemoryStoreStats {
    return { traces: this.age.size, spans: this.spanCount };
  }

  async write(spans: readonly Span[], context: WriteContext = {}): Promise<void> {
    const tenant = context.tenant ?? '';
    const data = this.tenant(tenant);
    for (const span of spans) {
      let trace = data.traces.get(span.traceId);
      if (!trace) {
        trace = new Map();
        data.traces.set(span.traceId, trace);
        this.age.set(`${tenant}\u0000${span.traceId}`, { tenant, traceId: span.traceId });
      }
      const key = spanKey(span);
      if (!trace.has(key)) this.spanCount++;
      trace.set(key, span);
      this.recordOperation(data, span.resource.serviceName, span.name, span.kind);
    }
    this.evict();
  }

  async getTrace(traceId: TraceId, _hint?: TimeHint, context: ReadContext = {}): Promise<Trace | undefined> {
    const trace = this.tenants.get(context.tenant ?? '')?.traces.get(traceId);
    if (!trace) return undefined;
    const cap = this.options.maxSpansPerTrace ?? Number.POSITIVE_INFINITY;
    if (trace.size <= cap) return { traceId, spans: [...trace.values()] };
    const kept = [...trace.values()].sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0)).slice(0, cap);
    const first = kept[0];
    if (first) kept[0] = withWarning(first, `trace truncated at ${cap} spans: ${trace.size} are stored; the earliest ${cap} are shown`);
    return { traceId, spans: kept };
  }

  async findTraceIds(query: TraceQuery, context: ReadContext = {}): Promise<TraceId[]> {
    const data = this.tenants.get(context.tenant ?? '');
    if (!data) return [];
    const found: Array<{ traceId: TraceId; latest: bigint }> = [];
    for (const [traceId, spans] of data.traces) {
      let latest: bigint | undefined;
      for (const span of spans.values()) {
        if (spanMatches(span, query) && (latest === undefined || span.startTimeUnixNano > latest)) latest = span.startTimeUnixNano;
      }
      if (latest !== undefined) found.push({ traceId, latest });
    }
    found.sort((a, b) => (a.latest > b.latest ? -1 : a.latest < b.latest ? 1 : 0));
    return found.slice(0, query.limit).map((entry) => entry.traceId);
  }

  async findTraces(query: TraceQuery, context: ReadContext = {}): Promise<Trace[]> {
    const budget = this.options.maxSpansPerSearch ?? Number.POSITIVE_INFINITY;
    const traces: Trace[] = [];
    let spans = 0;
    for (const id of await this.findTraceIds(query, context)) {
      const trace = await this.getTrace(id, undefined, context);
      if (!trace) continue;
      if (traces.length > 0 && spans + trace.spans.length > budget) break;
      spans += trace.spans.length;
      traces.push(trace);
    }
    return traces;
  }

  async getServices(context: ReadContext = {}): Promise<string[]> {
    return [...(this.tenants.get(context.tenant ?? '')?.operations.keys() ?? [])].sort();
  }

  async getOperations(serviceName: string, spanKind?: SpanKind, context: ReadContext = {}): Promise<Operation[]> {
    const operations = this.tenants.get(context.tenant ?? '')?.operations.get(serviceName);
    return [...(operations?.values() ?? [])]
      .filter((operation) => spanKind === undefined || operation.spanKind === spanKind)
      .sort((a, b) => (a.name === b.name ? a.spanKind.localeCompare(b.spanKind) : a.name < b.name ? -1 : 1));
  }

  /** Computed from the stored spans at each call (see `DependencyReader`): one pass over the tenant's traces. */
  async getDependencies(endTsMillis: number, lookbackMillis: number, context: ReadContext = {}): Promise<DependencyLink[]> {
    const counter = new DependencyCounter();
    const data = this.tenants.get(context.tenant ?? '');
    if (!data || !(lookbackMillis >= 0) || !Number.isFinite(endTsMillis)) return [];
    // The window in ns; a span's start (ns) is in it when floor(start / 1e6) ms is.
    const min = BigInt(Math.floor(Math.max(endTsMillis - lookbackMillis, 0))) * 1_000_000n;
    const max = (BigInt(Math.floor(endTsMillis)) + 1n) * 1_000_000n;
    for (const spans of data.traces.values()) {
      const inWindow = [...spans.values()]
        .filter((span) => span.startTimeUnixNano >= min && span.startTimeUnixNano < max)
        .map((span) => ({ spanId: span.spanId, parentSpanId: span.parentSpanId, service: span.resource.serviceName }));
      if (inWindow.length > 1) counter.addTrace(inWindow);
    }
    return counter.links();
  }

  private tenant(tenant: string): TenantData {
    let data = this.tenants.get(tenant);
    if (!data) {
      data = { traces: new Map(), operations: new Map() };
      this.tenants.set(tenant, data);
    }
    return data;
  }

  private recordOperation(data: TenantData, service: string, name: string, kind: SpanKind): void {
    let operations = data.operations.get(service);
    if (!operations) {
      operations = new Map();
      data.operations.set(service, operations);
    }
    const key = `${name}\u0000${kind}`;
    if (!operations.has(key)) operations.set(key, { name, spanKind: kind === 'unspecified' ? '' : kind });
  }

  private evict(): void {
    let traces = 0;
    let spans = 0;
    for (const [key, { tenant, traceId }] of this.age) {
      if (this.age.size <= this.options.maxTraces) break;
      const data = this.tenants.get(tenant);
      const removed = data?.traces.get(traceId)?.size ?? 0;
      data?.traces.delete(traceId);
      this.age.delete(key);
      this.spanCount -= removed;
      traces++;
      spans += removed;
    }
    if (traces > 0) this.options.onEvict?.(traces, spans);
  }
}
