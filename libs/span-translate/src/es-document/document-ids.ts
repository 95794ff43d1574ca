import type { Span } from '@waymark/span-model';
import type { EsServiceDocument } from './es-span-document';
import { canonicalResourceBytes, canonicalScopeBytes, hashCanonicalSpan } from './canonical-span-hash';
import { Fnv1a64, fnv1a64Hex } from './fnv1a64';
import { encodeAttributes } from './typed-value';

/**
 * The span's whole content as one deterministic JSON text: positional arrays (no key-order
 * questions), bigints and non-JSON doubles as strings (see typed-value.ts). Version 1 of this
 * text is part of the `_id` contract: changing it changes every span's `_id`. This function is
 * the definition; the write path feeds the same bytes to the hash without building the text
 * (hashCanonicalSpan), and document-ids.spec.ts checks that the two agree and pins ids.
 */
export function canonicalSpanJson(span: Span): string {
  const { resource, scope } = span;
  return JSON.stringify([
    1,
    span.traceId,
    span.spanId,
    span.parentSpanId ?? '',
    span.traceState,
    span.flags,
    span.name,
    span.kind,
    span.startTimeUnixNano.toString(),
    span.endTimeUnixNano.toString(),
    encodeAttributes(span.attributes),
    span.droppedAttributesCount,
    span.events.map((e) => [e.timeUnixNano.toString(), e.name, encodeAttributes(e.attributes), e.droppedAttributesCount]),
    span.droppedEventsCount,
    span.links.map((l) => [l.traceId, l.spanId, l.traceState, encodeAttributes(l.attributes), l.droppedAttributesCount, l.flags]),
    span.droppedLinksCount,
    [span.status.code, span.status.message],
    [resource.serviceName, encodeAttributes(resource.attributes), resource.droppedAttributesCount, resource.schemaUrl],
    [scope.name, scope.version, encodeAttributes(scope.attributes), scope.droppedAttributesCount, scope.schemaUrl],
    span.warnings,
  ]);
}

/**
 * The span document's `_id`: `<trace id, 32 hex>-<span id, 16 hex>-<FNV-1a 64 of
 * canonicalSpanJson, 16 hex>` (66 characters). A redelivered span gets the same `_id`, so a
 * write with `op_type: create` answers 409 instead of storing a duplicate; a different span that
 * reuses a span id (a buggy client, Zipkin's shared client/server ids) gets another `_id` and is
 * kept. It hashes the model, not the document, so changing the tags-as-fields policy does not
 * change it. Computed without building the text (see canonical-span-hash.ts); a batch shares the
 * resource and scope parts through SpanDocumentEncoder.
 */
export const spanDocumentId = (span: Span): string => spanDocumentIdWith(new Fnv1a64(), span, canonicalResourceBytes(span.resource), canonicalScopeBytes(span.scope));

/** {@link spanDocumentId} given the span's canonicalResourceBytes and canonicalScopeBytes, with hasher `h` (reset first). */
export function spanDocumentIdWith(h: Fnv1a64, span: Span, resource: Uint8Array, scope: Uint8Array): string {
  hashCanonicalSpan(h.reset(), span, resource, scope);
  return `${span.traceId}-${span.spanId}-${h.hex()}`;
}

/** The `jaeger-service-*` document of a span: its (service, operation) pair. */
export const serviceDocumentOf = (span: Span): EsServiceDocument => ({ serviceName: span.resource.serviceName, operationName: span.name });

/**
 * The service document's `_id`, as Jaeger computes it: FNV-1a 64 of service name followed by
 * operation name, in hex without leading zeros (Go `strconv.FormatUint(h, 16)`), so Waymark and
 * Jaeger writing to the same index do not duplicate pairs.
 */
export const serviceDocumentId = (doc: EsServiceDocument): string => fnv1a64Hex(doc.serviceName + doc.operationName).replace(/^0+(?=.)/, '');
