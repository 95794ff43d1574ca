import { randomBytes } from 'node:crypto';
import { bigIntToLong, otlp } from '@waymark/idl';
import { at } from './checkout-trace';

type OtlpSpan = otlp.trace.v1.Span.$Properties;
type AnyValue = otlp.common.v1.AnyValue.$Properties;

/** A random 32-hex trace id. */
export const newTraceId = (): string => randomBytes(16).toString('hex');

export interface SpanSpec {
  readonly traceId: string;
  /** 16 hex digits; random when absent. Any length or value may be given, to build invalid spans. */
  readonly spanId?: string;
  readonly name?: string;
  readonly attributes?: ReadonlyArray<{ key: string; value: AnyValue }>;
}

/** One OTLP span with the given ids (hex, written as given: wrong lengths stay wrong). */
export function otlpSpan(spec: SpanSpec): OtlpSpan {
  return {
    traceId: Buffer.from(spec.traceId, 'hex'),
    spanId: Buffer.from(spec.spanId ?? randomBytes(8).toString('hex'), 'hex'),
    name: spec.name ?? 'work',
    kind: otlp.trace.v1.Span.SpanKind.SPAN_KIND_SERVER,
    startTimeUnixNano: bigIntToLong(at(0), true),
    endTimeUnixNano: bigIntToLong(at(5), true),
    attributes: [...(spec.attributes ?? [])],
  };
}

/**
 * An ExportTraceServiceRequest encoded by protobufjs from the OTLP IDL (not by the collector's
 * own codec), with one resource of `service` holding `spans`.
 */
export function otlpRequest(spans: readonly OtlpSpan[], service = 'load'): Uint8Array {
  return otlp.collector.trace.v1.ExportTraceServiceRequest.encode({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 'int-test' }, spans: [...spans] }] }],
  }).finish();
}

/** A request with `count` spans of one new trace; resolves the trace id with the bytes. */
export function traceRequest(count = 3, service = 'load'): { traceId: string; body: Uint8Array } {
  const traceId = newTraceId();
  return { traceId, body: otlpRequest(Array.from({ length: count }, () => otlpSpan({ traceId })), service) };
}

/** The ExportTraceServiceResponse of a 200 (protobuf). */
export function decodeExportResponse(body: Uint8Array): { rejectedSpans: number; errorMessage: string } {
  const response = otlp.collector.trace.v1.ExportTraceServiceResponse.decode(body);
  return { rejectedSpans: Number(response.partialSuccess?.rejectedSpans ?? 0), errorMessage: response.partialSuccess?.errorMessage ?? '' };
}
