import { withWarning } from '@waymark/span-model';
import type { Attribute, AttributeValue } from '@waymark/span-model';
import { SanitizerWarning } from './sanitizer';
import type { SpanSanitizer } from './sanitizer';

/** Caps per span, as the OTel SDK's SpanLimits define them; an absent cap means no limit. */
export interface TruncateLimits {
  readonly maxAttributes?: number;
  /** Characters of a string (UTF-16 units, never splitting a surrogate pair) or bytes of a bytes value, nested values included. */
  readonly maxAttributeValueLength?: number;
  readonly maxEvents?: number;
  readonly maxLinks?: number;
  readonly maxAttributesPerEvent?: number;
  readonly maxAttributesPerLink?: number;
}

/** The OTel SDK defaults (128 of each; value length unlimited). */
export const OTEL_SPAN_LIMITS: TruncateLimits = Object.freeze({ maxAttributes: 128, maxEvents: 128, maxLinks: 128, maxAttributesPerEvent: 128, maxAttributesPerLink: 128 });

interface Tally {
  attributes: number;
  values: number;
  events: number;
  links: number;
}

/**
 * Enforces `limits` the way an SDK would have: keeps the first N attributes, events and links,
 * adds what it removed to the matching `dropped*Count`, and cuts long values. Resource and scope
 * attributes are left alone. Warns `truncated: …` with what was removed.
 */
export function createTruncateSanitizer(limits: TruncateLimits): SpanSanitizer {
  for (const [name, value] of Object.entries(limits)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) throw new RangeError(`truncate limit ${name} must be a non-negative integer`);
  }
  return (span) => {
    const tally: Tally = { attributes: 0, values: 0, events: 0, links: 0 };
    const attributes = cap(span.attributes, limits.maxAttributes, limits.maxAttributeValueLength, tally);
    const events = span.events.length > (limits.maxEvents ?? Infinity) ? span.events.slice(0, limits.maxEvents) : span.events;
    const links = span.links.length > (limits.maxLinks ?? Infinity) ? span.links.slice(0, limits.maxLinks) : span.links;
    const eventsOut = mapSame(events, (e) => withAttributes(e, cap(e.attributes, limits.maxAttributesPerEvent, limits.maxAttributeValueLength, tally)));
    const linksOut = mapSame(links, (l) => withAttributes(l, cap(l.attributes, limits.maxAttributesPerLink, limits.maxAttributeValueLength, tally)));
    const droppedEvents = span.events.length - events.length;
    const droppedLinks = span.links.length - links.length;
    if (attributes === span.attributes && eventsOut === span.events && linksOut === span.links) return span;
    const parts = [
      tally.attributes > 0 ? `${tally.attributes} attribute(s) over the limit` : '',
      tally.values > 0 ? `${tally.values} value(s) cut to ${limits.maxAttributeValueLength} characters` : '',
      droppedEvents > 0 ? `${droppedEvents} event(s) over ${limits.maxEvents}` : '',
      droppedLinks > 0 ? `${droppedLinks} link(s) over ${limits.maxLinks}` : '',
    ].filter((part) => part !== '');
    return withWarning(
      {
        ...span,
        attributes,
        droppedAttributesCount: span.droppedAttributesCount + (span.attributes.length - attributes.length),
        events: eventsOut,
        droppedEventsCount: span.droppedEventsCount + droppedEvents,
        links: linksOut,
        droppedLinksCount: span.droppedLinksCount + droppedLinks,
      },
      `${SanitizerWarning.TRUNCATED}: ${parts.join('; ')}`,
    );
  };
}

function withAttributes<T extends { readonly attributes: readonly Attribute[]; readonly droppedAttributesCount: number }>(owner: T, attributes: readonly Attribute[]): T {
  if (attributes === owner.attributes) return owner;
  return { ...owner, attributes, droppedAttributesCount: owner.droppedAttributesCount + (owner.attributes.length - attributes.length) };
}

function mapSame<T>(items: readonly T[], f: (item: T) => T): readonly T[] {
  const mapped = items.map(f);
  return mapped.every((item, i) => item === items[i]) ? items : mapped;
}

/** The first `max` attributes with values cut to `maxLength`; the same array when nothing changed. */
function cap(attributes: readonly Attribute[], max: number | undefined, maxLength: number | undefined, tally: Tally): readonly Attribute[] {
  const kept = max !== undefined && attributes.length > max ? attributes.slice(0, max) : attributes;
  tally.attributes += attributes.length - kept.length;
  if (maxLength === undefined) return kept;
  const cut = mapSame(kept, (a) => {
    const value = cutValue(a.value, maxLength, tally);
    return value === a.value ? a : { key: a.key, value };
  });
  return cut;
}

function cutValue(value: AttributeValue, maxLength: number, tally: Tally): AttributeValue {
  switch (value.type) {
    case 'string': {
      if (value.value.length <= maxLength) return value;
      tally.values++;
      const end = isHighSurrogate(value.value.charCodeAt(maxLength - 1)) ? maxLength - 1 : maxLength;
      return { type: 'string', value: value.value.slice(0, end) };
    }
    case 'bytes':
      if (value.value.length <= maxLength) return value;
      tally.values++;
      return { type: 'bytes', value: value.value.slice(0, maxLength) };
    case 'array': {
      const items = mapSame(value.value, (item) => cutValue(item, maxLength, tally));
      return items === value.value ? value : { type: 'array', value: items };
    }
    case 'kvlist': {
      const items = mapSame(value.value, (kv) => {
        const v = cutValue(kv.value, maxLength, tally);
        return v === kv.value ? kv : { key: kv.key, value: v };
      });
      return items === value.value ? value : { type: 'kvlist', value: items };
    }
    default:
      return value;
  }
}

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
