import type { Span, Trace } from '@waymark/span-model';

/** One service of a trace summary (API v3 `ServiceSummary`). */
export interface ServiceSummaryJson {
  readonly name?: string;
  readonly spanCount?: number;
  readonly errorSpanCount?: number;
}

/**
 * API v3 `TraceSummary` in proto3 JSON as Jaeger's HTTP gateway writes it (gogo `jsonpb`, no
 * defaults emitted): camelCase names, the `fixed64` times as decimal strings, and every field
 * whose value is the default (`""`, `0`, empty list) left out.
 */
export interface TraceSummaryJson {
  readonly traceId: string;
  readonly rootServiceName?: string;
  readonly rootOperationName?: string;
  readonly minStartTimeUnixNano?: string;
  readonly maxEndTimeUnixNano?: string;
  readonly spanCount?: number;
  readonly errorSpanCount?: number;
  readonly orphanSpanCount?: number;
  readonly services?: readonly ServiceSummaryJson[];
}

/** The proto3 JSON of a value: undefined (left out) when it is the field's default. */
const nonDefault = <T>(value: T): T | undefined => (value === '' || value === 0 || value === 0n || (Array.isArray(value) && value.length === 0) ? undefined : value);

function compact<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

/**
 * A trace's summary as Jaeger computes it (`querysvc/summary.go` `summarizeTrace`, Jaeger 2.19+):
 * the root is the earliest-starting span without a parent; an orphan is a span whose parent is
 * not in the trace; errors are spans with status ERROR; services are sorted by name. Computed
 * from the (adjusted) trace the search returned, so a trace cut at the per-trace cap counts only
 * the spans read.
 */
export function summarizeTrace(trace: Trace): TraceSummaryJson {
  const spanIds = new Set(trace.spans.map((span) => span.spanId));
  const services = new Map<string, { spanCount: number; errorSpanCount: number }>();
  let root: Span | undefined;
  let minStart: bigint | undefined;
  let maxEnd: bigint | undefined;
  let errors = 0;
  let orphans = 0;
  for (const span of trace.spans) {
    const name = span.resource.serviceName;
    let service = services.get(name);
    if (!service) {
      service = { spanCount: 0, errorSpanCount: 0 };
      services.set(name, service);
    }
    service.spanCount++;
    if (span.status.code === 'error') {
      service.errorSpanCount++;
      errors++;
    }
    if (minStart === undefined || span.startTimeUnixNano < minStart) minStart = span.startTimeUnixNano;
    if (maxEnd === undefined || span.endTimeUnixNano > maxEnd) maxEnd = span.endTimeUnixNano;
    if (span.parentSpanId === undefined) {
      if (root === undefined || span.startTimeUnixNano < root.startTimeUnixNano) root = span;
    } else if (!spanIds.has(span.parentSpanId)) {
      orphans++;
    }
  }
  const serviceList = [...services]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, counts]) => compact({ name: nonDefault(name), spanCount: nonDefault(counts.spanCount), errorSpanCount: nonDefault(counts.errorSpanCount) }));
  return compact({
    traceId: trace.traceId,
    rootServiceName: nonDefault(root?.resource.serviceName ?? ''),
    rootOperationName: nonDefault(root?.name ?? ''),
    minStartTimeUnixNano: minStart === undefined || minStart <= 0n ? undefined : minStart.toString(),
    maxEndTimeUnixNano: maxEnd === undefined || maxEnd <= 0n ? undefined : maxEnd.toString(),
    spanCount: nonDefault(trace.spans.length),
    errorSpanCount: nonDefault(errors),
    orphanSpanCount: nonDefault(orphans),
    services: nonDefault(serviceList),
  });
}
