import type { Attribute, InstrumentationScope, Resource, Span } from '@waymark/span-model';
import type { Fnv1a64 } from './fnv1a64';
import { jsonNumber } from './json-text';
import { encodeAttributes, encodeValue } from './typed-value';

const utf8 = new TextEncoder();

/**
 * The UTF-8 bytes of the resource's entry in `canonicalSpanJson`, and of the scope's: shared by
 * every span of a resource or scope, so a batch computes them once (span-document-encoder.ts).
 */
export const canonicalResourceBytes = (resource: Resource): Uint8Array =>
  utf8.encode(JSON.stringify([resource.serviceName, encodeAttributes(resource.attributes), resource.droppedAttributesCount, resource.schemaUrl]));

export const canonicalScopeBytes = (scope: InstrumentationScope): Uint8Array =>
  utf8.encode(JSON.stringify([scope.name, scope.version, encodeAttributes(scope.attributes), scope.droppedAttributesCount, scope.schemaUrl]));

/**
 * `[["key",typed value],…]` fed to the hash. Scalars are written here; the rest (bytes, arrays,
 * maps, empty, and doubles JSON numbers cannot carry) through `encodeValue` and JSON.stringify,
 * which is what canonicalSpanJson does for every value.
 */
function hashAttributes(h: Fnv1a64, attributes: readonly Attribute[]): void {
  h.text('[');
  for (let i = 0; i < attributes.length; i++) {
    const { key, value } = attributes[i] as Attribute;
    h.text(i === 0 ? '[' : ',[').jsonString(key);
    switch (value.type) {
      case 'string':
        h.text(',["s",').jsonString(value.value).text(']]');
        break;
      case 'bool':
        h.text(value.value ? ',["b",true]]' : ',["b",false]]');
        break;
      case 'int':
        h.text(',["i","').text(value.value.toString()).text('"]]');
        break;
      case 'double':
        // NaN, ±Infinity and -0 are strings in the typed value.
        if (Number.isFinite(value.value) && !Object.is(value.value, -0)) h.text(',["d",').text(String(value.value)).text(']]');
        else h.text(',').text(JSON.stringify(encodeValue(value))).text(']');
        break;
      default:
        h.text(',').text(JSON.stringify(encodeValue(value))).text(']');
    }
  }
  h.text(']');
}

/**
 * Feeds `h` exactly the UTF-8 bytes of `canonicalSpanJson(span)` without building it: the
 * `_id` hash of a span on the write path. `resource` and `scope` are the span's
 * {@link canonicalResourceBytes} and {@link canonicalScopeBytes}. Events, links and warnings
 * (rare in practice) go through JSON.stringify of the same arrays canonicalSpanJson builds.
 */
export function hashCanonicalSpan(h: Fnv1a64, span: Span, resource: Uint8Array, scope: Uint8Array): void {
  h.text('[1,').jsonString(span.traceId).text(',').jsonString(span.spanId).text(',').jsonString(span.parentSpanId ?? '');
  h.text(',').jsonString(span.traceState).text(',').text(jsonNumber(span.flags)).text(',').jsonString(span.name);
  h.text(',').jsonString(span.kind).text(',"').text(span.startTimeUnixNano.toString()).text('","').text(span.endTimeUnixNano.toString()).text('",');
  hashAttributes(h, span.attributes);
  h.text(',').text(jsonNumber(span.droppedAttributesCount)).text(',');
  if (span.events.length === 0) h.text('[]');
  else h.text(JSON.stringify(span.events.map((e) => [e.timeUnixNano.toString(), e.name, encodeAttributes(e.attributes), e.droppedAttributesCount])));
  h.text(',').text(jsonNumber(span.droppedEventsCount)).text(',');
  if (span.links.length === 0) h.text('[]');
  else h.text(JSON.stringify(span.links.map((l) => [l.traceId, l.spanId, l.traceState, encodeAttributes(l.attributes), l.droppedAttributesCount, l.flags])));
  h.text(',').text(jsonNumber(span.droppedLinksCount)).text(',[').jsonString(span.status.code).text(',').jsonString(span.status.message).text('],');
  h.bytes(resource).text(',').bytes(scope).text(',');
  h.text(span.warnings.length === 0 ? '[]]' : `${JSON.stringify(span.warnings)}]`);
}
