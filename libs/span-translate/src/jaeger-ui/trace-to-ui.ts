import { traceIdToJaegerHex } from '@waymark/span-model';
import type { Trace } from '@waymark/span-model';
import { toJaegerSpan } from '../jaeger-model/jaeger-span';
import type { JaegerProcess, JaegerSpan, JaegerTag } from '../jaeger-model/jaeger-view';
import type { UiKeyValue, UiProcess, UiSpan, UiTrace } from './ui-trace';

/** A tag's JSON value as Jaeger's `model/json` has it; see {@link UiKeyValue} for the exceptions. */
export function toUiKeyValue(tag: JaegerTag): UiKeyValue {
  switch (tag.type) {
    case 'string':
    case 'bool':
      return { key: tag.key, type: tag.type, value: tag.value };
    case 'int64': {
      const safe = tag.value <= BigInt(Number.MAX_SAFE_INTEGER) && tag.value >= -BigInt(Number.MAX_SAFE_INTEGER);
      return { key: tag.key, type: tag.type, value: safe ? Number(tag.value) : tag.value.toString() };
    }
    case 'float64':
      // -0 as 0: JSON.stringify writes it so anyway; this keeps the object equal to its JSON.
      return { key: tag.key, type: tag.type, value: Number.isFinite(tag.value) ? tag.value + 0 : String(tag.value) };
    case 'binary':
      return { key: tag.key, type: tag.type, value: Buffer.from(tag.value.buffer, tag.value.byteOffset, tag.value.byteLength).toString('base64') };
  }
}

/**
 * Numbers processes as Jaeger's `processHashtable` does: equal processes (same service name,
 * same tags in the same order) share one id, `p1`, `p2`, … in order of first appearance.
 */
class ProcessTable {
  private readonly byContent = new Map<string, string>();
  readonly processes: Record<string, UiProcess> = {};

  idOf(process: JaegerProcess): string {
    const ui: UiProcess = { serviceName: process.serviceName, tags: process.tags.map(toUiKeyValue) };
    const content = JSON.stringify([ui.serviceName, ui.tags.map((t) => [t.key, t.type, t.value])]);
    let id = this.byContent.get(content);
    if (id === undefined) {
      id = `p${this.byContent.size + 1}`;
      this.byContent.set(content, id);
      this.processes[id] = ui;
    }
    return id;
  }
}

function toUiSpan(span: JaegerSpan, processID: string): UiSpan {
  return {
    traceID: span.traceID,
    spanID: span.spanID,
    ...(span.flags === 0 ? {} : { flags: span.flags }),
    operationName: span.operationName,
    references: span.references.map((ref) => ({ refType: ref.refType, traceID: ref.traceID, spanID: ref.spanID })),
    startTime: span.startTime,
    duration: span.duration,
    tags: span.tags.map(toUiKeyValue),
    logs: span.logs.map((log) => ({ timestamp: log.timestamp, fields: log.fields.map(toUiKeyValue) })),
    processID,
    warnings: span.warnings.length === 0 ? null : [...span.warnings],
  };
}

/**
 * A trace as the Jaeger UI reads it (query API v1; Jaeger's `model/converter/json.FromDomain`).
 * Spans keep the trace's order (sorting, clock-skew and other adjusters are the query service's
 * business); tags are the spans' Jaeger tags (jaeger-model), so OTLP-only fields show as
 * `span.kind`, `otel.status_code`, `error`, `otel.scope.name`, … as in Jaeger v2. The trace
 * carries no warnings of its own: `warnings` is `null`.
 */
export function toUiTrace(trace: Trace): UiTrace {
  const table = new ProcessTable();
  const spans = trace.spans.map((span) => {
    const jaegerSpan = toJaegerSpan(span);
    return toUiSpan(jaegerSpan, table.idOf(jaegerSpan.process));
  });
  return { traceID: traceIdToJaegerHex(trace.traceId), spans, processes: table.processes, warnings: null };
}
