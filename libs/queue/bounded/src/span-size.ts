import type { Attribute, AttributeValue, Resource, Span } from '@waymark/span-model';

/** Ids, times, kind, flags, status code, and the object overhead of a span. */
const SPAN_FIXED_BYTES = 96;
const EVENT_FIXED_BYTES = 24;
const LINK_FIXED_BYTES = 48;
const ATTRIBUTE_FIXED_BYTES = 8;

function valueBytes(value: AttributeValue): number {
  switch (value.type) {
    case 'string':
      return value.value.length;
    case 'bytes':
      return value.value.byteLength;
    case 'array':
      return value.value.reduce((sum, item) => sum + valueBytes(item), 0);
    case 'kvlist':
      return attributesBytes(value.value);
    case 'empty':
      return 0;
    default:
      return 8;
  }
}

function attributesBytes(attributes: readonly Attribute[]): number {
  let sum = 0;
  for (const attribute of attributes) sum += ATTRIBUTE_FIXED_BYTES + attribute.key.length + valueBytes(attribute.value);
  return sum;
}

/**
 * An estimate of what `spans` weigh, in about the bytes of their OTLP protobuf encoding: what the
 * queue's byte bound counts. Linear in the spans' content, no encoding. A resource shared by
 * several spans (as decoders share it per request) is counted once.
 */
export function estimateSpansBytes(spans: readonly Span[]): number {
  const resources = new Set<Resource>();
  let sum = 0;
  for (const span of spans) {
    sum += SPAN_FIXED_BYTES + span.name.length + span.traceState.length + span.status.message.length + attributesBytes(span.attributes);
    for (const event of span.events) sum += EVENT_FIXED_BYTES + event.name.length + attributesBytes(event.attributes);
    for (const link of span.links) sum += LINK_FIXED_BYTES + link.traceState.length + attributesBytes(link.attributes);
    for (const warning of span.warnings) sum += warning.length;
    if (!resources.has(span.resource)) {
      resources.add(span.resource);
      sum += span.resource.serviceName.length + attributesBytes(span.resource.attributes);
    }
  }
  return sum;
}
