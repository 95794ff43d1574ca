import { findString } from './attributes';
import type { SpanId, TraceId } from './ids';
import type { Span } from './span';

export type ReferenceType = 'CHILD_OF' | 'FOLLOWS_FROM';

/** A Jaeger span reference. */
export interface SpanReference {
  readonly refType: ReferenceType;
  readonly traceId: TraceId;
  readonly spanId: SpanId;
}

/** The link attribute that keeps a Jaeger reference's type through OTLP (OTel convention). */
export const REF_TYPE_ATTRIBUTE = 'opentracing.ref_type';

/**
 * The span's references the way Jaeger stores them: the parent first as CHILD_OF, then each
 * link, FOLLOWS_FROM unless its `opentracing.ref_type` attribute says `child_of`.
 */
export function referencesOf(span: Span): SpanReference[] {
  const refs: SpanReference[] = [];
  if (span.parentSpanId !== undefined) refs.push({ refType: 'CHILD_OF', traceId: span.traceId, spanId: span.parentSpanId });
  for (const link of span.links) {
    const refType = findString(link.attributes, REF_TYPE_ATTRIBUTE) === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM';
    refs.push({ refType, traceId: link.traceId, spanId: link.spanId });
  }
  return refs;
}
