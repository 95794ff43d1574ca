import { boolValue, doubleValue, intValue, spanIdFromHex, stringValue, traceIdFromHex } from '@waymark/span-model';
import type { Attribute, SpanEvent, SpanLink } from '@waymark/span-model';

/**
 * How OTCC's zipkin exporter squeezes OTel data Zipkin cannot hold into strings, read back as
 * OTCC's receiver does — but leniently: a value that does not match the pattern exactly is kept
 * as written (OTCC fails the whole request, or cuts an annotation at its first `|`).
 *
 * - annotation value `name|{"k":v,…}|droppedAttributesCount` → an event with attributes;
 * - tag `otlp.link.N` = `traceId|spanId|traceState|{"k":v,…}|droppedAttributesCount` → a link.
 */
export interface EncodedEvent {
  readonly name: string;
  readonly attributes: Attribute[];
  readonly droppedAttributesCount: number;
}

export function parseAnnotation(value: string): EncodedEvent {
  const first = value.indexOf('|');
  const last = value.lastIndexOf('|');
  if (first < 0 || last === first) return { name: value, attributes: [], droppedAttributesCount: 0 };
  const attributes = jsonAttributes(value.slice(first + 1, last));
  const dropped = count(value.slice(last + 1));
  if (attributes === undefined || dropped === undefined) return { name: value, attributes: [], droppedAttributesCount: 0 };
  return { name: value.slice(0, first), attributes, droppedAttributesCount: dropped };
}

export const eventFromAnnotation = (timeUnixNano: bigint, value: string): SpanEvent => ({ timeUnixNano, ...parseAnnotation(value) });

export const LINK_TAG = /^otlp\.link\.(\d{1,3})$/;

/** The link a `otlp.link.N` tag encodes, or undefined when the value does not parse. */
export function parseLinkTag(value: string): SpanLink | undefined {
  const parts = value.split('|');
  if (parts.length < 5) return undefined;
  const [traceHex = '', spanHex = '', traceState = ''] = parts;
  const traceId = traceIdFromHex(traceHex.replace(/^"|"$/g, ''));
  const spanId = spanIdFromHex(spanHex.replace(/^"|"$/g, ''));
  const attributes = jsonAttributes(parts.slice(3, -1).join('|'));
  const dropped = count(parts[parts.length - 1] ?? '');
  if (!traceId || !spanId || attributes === undefined || dropped === undefined) return undefined;
  return { traceId, spanId, traceState, attributes, droppedAttributesCount: dropped, flags: 0 };
}

function count(text: string): number | undefined {
  return /^\d{1,10}$/.test(text) && Number(text) <= 0xffffffff ? Number(text) : undefined;
}

/** A flat JSON object of scalars as attributes (OTCC `jsonMapToAttributeMap`: whole numbers are ints). */
function jsonAttributes(json: string): Attribute[] | undefined {
  if (!json.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const attributes: Attribute[] = [];
  for (const [key, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v === 'string') attributes.push({ key, value: stringValue(v) });
    else if (typeof v === 'boolean') attributes.push({ key, value: boolValue(v) });
    else if (typeof v === 'number') attributes.push({ key, value: Number.isSafeInteger(v) ? intValue(v) : doubleValue(v) });
  }
  return attributes;
}
