import { attributeValueToString, durationNanos, nanosToMicros } from '@waymark/span-model';
import type { Attribute, Span } from '@waymark/span-model';
import type { TraceQuery } from '@waymark/storage-api';

/** Tags Jaeger writes for OTLP fields, so searches like `error=true` work the same everywhere. */
function derivedTag(span: Span, key: string): string | undefined {
  switch (key) {
    case 'error':
      return span.status.code === 'error' ? 'true' : undefined;
    case 'span.kind':
      return span.kind === 'unspecified' ? undefined : span.kind;
    case 'otel.status_code':
      return span.status.code === 'unset' ? undefined : span.status.code.toUpperCase();
    case 'otel.status_description':
      return span.status.message || undefined;
    default:
      return undefined;
  }
}

const has = (attributes: readonly Attribute[], key: string, value: string) =>
  attributes.some((attribute) => attribute.key === key && attributeValueToString(attribute.value) === value);

/** Exact match on the span's attributes, its resource's, any event's, or a derived tag. */
function hasTag(span: Span, key: string, value: string): boolean {
  return (
    has(span.attributes, key, value) ||
    has(span.resource.attributes, key, value) ||
    span.events.some((event) => (key === 'event' && event.name === value) || has(event.attributes, key, value)) ||
    derivedTag(span, key) === value
  );
}

/**
 * Whether this one span satisfies every condition of the query, as Jaeger evaluates a search:
 * service, operation, tags, duration and start time must all hold for the same span.
 */
export function spanMatches(span: Span, query: TraceQuery): boolean {
  if (query.serviceName !== undefined && span.resource.serviceName !== query.serviceName) return false;
  if (query.operationName !== undefined && span.name !== query.operationName) return false;
  const start = nanosToMicros(span.startTimeUnixNano);
  if (start < query.startTimeMinMicros || start > query.startTimeMaxMicros) return false;
  const duration = nanosToMicros(durationNanos(span));
  if (query.durationMinMicros !== undefined && duration < query.durationMinMicros) return false;
  if (query.durationMaxMicros !== undefined && duration > query.durationMaxMicros) return false;
  for (const [key, value] of Object.entries(query.tags ?? {})) if (!hasTag(span, key, value)) return false;
  return true;
}
