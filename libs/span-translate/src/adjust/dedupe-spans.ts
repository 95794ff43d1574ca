import type { Span } from '@waymark/span-model';

const replacer = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? `${value}n` : value instanceof Uint8Array ? Buffer.from(value).toString('base64') : typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0)) ? `${Object.is(value, -0) ? '-0' : String(value)}d` : value;

/** Every field of the span (its resource and scope included), as text: equal text, equal span. */
export const spanContentKey = (span: Span): string => JSON.stringify(span, replacer);

/**
 * Jaeger's `SpanHash` / `DedupeBySpanHash`: of spans equal in every field, only the first is
 * kept. Stores without deterministic ids (Jaeger's own Elasticsearch writer before v2, archive
 * copies) hold such duplicates (jaeger#6001). Run after the collections are sorted, so that
 * attribute order does not make equal spans differ.
 */
export function dedupeSpans(spans: readonly Span[]): Span[] {
  const seen = new Set<string>();
  const kept: Span[] = [];
  for (const span of spans) {
    const key = spanContentKey(span);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(span);
  }
  return kept;
}
