import { withWarning } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource, Span, SpanEvent, SpanLink } from '@waymark/span-model';
import { isWellFormed } from './lossless-utf8';
import { SanitizerWarning } from './sanitizer';
import type { SpanSanitizer } from './sanitizer';
import { newNotes, originalAttribute, repairAttributes, repairText } from './utf8-attributes';
import type { Utf8Notes } from './utf8-attributes';

interface Repaired<T> {
  readonly value: T;
  readonly notes: Utf8Notes;
}

/**
 * Makes every string of a span valid UTF-8 — in a JS string that means "no lone surrogate": what
 * binary decoders produce for invalid UTF-8 bytes (lossless-utf8.ts) and what JSON `\uD800`
 * escapes produce. A backend that validates UTF-8 would otherwise refuse the whole batch
 * (collector#11449). Each invalid string is replaced with its U+FFFD repair and, where Jaeger v2
 * keeps it, the original bytes go to a bytes attribute of the owner, under Jaeger v2's keys:
 * `invalid-span-name`, `invalid-status-message`, `invalid-event-name`, `invalid-scope-name`,
 * `invalid-scope-version`, `invalid-tag-key-N`, `invalid-tag-value-N`. An invalid trace state or
 * schema URL cannot be repaired meaningfully, so it is cleared and kept in `invalid-trace-state` /
 * `invalid-schema-url`. One `invalid-utf8: …` warning per span lists the places and attributes.
 *
 * Resources and scopes are repaired once per object (WeakMap), so spans keep sharing them.
 */
export function createUtf8Sanitizer(): SpanSanitizer {
  const resources = new WeakMap<Resource, Repaired<Resource>>();
  const scopes = new WeakMap<InstrumentationScope, Repaired<InstrumentationScope>>();
  return (span) => {
    const resource = memo(resources, span.resource, repairResource);
    const scope = memo(scopes, span.scope, repairScope);
    const notes = newNotes();
    const extra: Attribute[] = [];
    const name = repairText(span.name, 'span name', notes);
    if (name !== span.name) extra.push(originalAttribute('invalid-span-name', span.name, notes));
    const message = repairText(span.status.message, 'status message', notes);
    if (message !== span.status.message) extra.push(originalAttribute('invalid-status-message', span.status.message, notes));
    const traceStateValid = isWellFormed(span.traceState);
    if (!traceStateValid) {
      notes.places.add('trace state (cleared)');
      extra.push(originalAttribute('invalid-trace-state', span.traceState, notes));
    }
    const attributes = repairAttributes(span.attributes, 'attribute', notes);
    const events = sameOrMapped(span.events, (event) => repairEvent(event, notes));
    const links = sameOrMapped(span.links, (link) => repairLink(link, notes));
    if (notes.places.size === 0 && resource.notes.places.size === 0 && scope.notes.places.size === 0) return span;
    const all = [...notes.places, ...resource.notes.places, ...scope.notes.places];
    const kept = [...notes.kept, ...resource.notes.kept, ...scope.notes.kept];
    const repaired: Span = {
      ...span,
      name,
      traceState: traceStateValid ? span.traceState : '',
      status: message === span.status.message ? span.status : { ...span.status, message },
      attributes: extra.length === 0 ? attributes : [...attributes, ...extra],
      events,
      links,
      resource: resource.value,
      scope: scope.value,
    };
    const keptText = kept.length === 0 ? '' : `; original bytes kept in ${kept.join(', ')}`;
    return withWarning(repaired, `${SanitizerWarning.INVALID_UTF8}: replaced invalid UTF-8 with U+FFFD in ${all.join(', ')}${keptText}`);
  };
}

function memo<T extends object>(cache: WeakMap<T, Repaired<T>>, value: T, repair: (value: T) => Repaired<T>): Repaired<T> {
  let repaired = cache.get(value);
  if (!repaired) {
    repaired = repair(value);
    cache.set(value, repaired);
  }
  return repaired;
}

/** The same array when no element changed; allocates only from the first change on. */
function sameOrMapped<T>(items: readonly T[], repair: (item: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    const repaired = repair(item);
    if (repaired !== item && !out) out = items.slice(0, i);
    out?.push(repaired);
  }
  return out ?? items;
}

function repairEvent(event: SpanEvent, notes: Utf8Notes): SpanEvent {
  const name = repairText(event.name, 'event name', notes);
  const attributes = repairAttributes(event.attributes, 'event attribute', notes);
  if (name === event.name && attributes === event.attributes) return event;
  return { ...event, name, attributes: name === event.name ? attributes : [...attributes, originalAttribute('invalid-event-name', event.name, notes)] };
}

function repairLink(link: SpanLink, notes: Utf8Notes): SpanLink {
  const attributes = repairAttributes(link.attributes, 'link attribute', notes);
  if (isWellFormed(link.traceState)) return attributes === link.attributes ? link : { ...link, attributes };
  notes.places.add('link trace state (cleared)');
  return { ...link, traceState: '', attributes: [...attributes, originalAttribute('invalid-trace-state', link.traceState, notes)] };
}

function repairResource(resource: Resource): Repaired<Resource> {
  const notes = newNotes();
  const attributes = repairAttributes(resource.attributes, 'resource attribute', notes);
  const serviceName = repairText(resource.serviceName, 'service name', notes);
  const schemaValid = isWellFormed(resource.schemaUrl);
  if (notes.places.size === 0 && schemaValid) return { value: resource, notes };
  if (!schemaValid) notes.places.add('resource schema URL (cleared)');
  const extra = schemaValid ? [] : [originalAttribute('invalid-schema-url', resource.schemaUrl, notes)];
  return { value: { ...resource, serviceName, attributes: [...attributes, ...extra], schemaUrl: schemaValid ? resource.schemaUrl : '' }, notes };
}

function repairScope(scope: InstrumentationScope): Repaired<InstrumentationScope> {
  const notes = newNotes();
  const extra: Attribute[] = [];
  const name = repairText(scope.name, 'scope name', notes);
  if (name !== scope.name) extra.push(originalAttribute('invalid-scope-name', scope.name, notes));
  const version = repairText(scope.version, 'scope version', notes);
  if (version !== scope.version) extra.push(originalAttribute('invalid-scope-version', scope.version, notes));
  const attributes = repairAttributes(scope.attributes, 'scope attribute', notes);
  const schemaValid = isWellFormed(scope.schemaUrl);
  if (notes.places.size === 0 && schemaValid) return { value: scope, notes };
  if (!schemaValid) {
    notes.places.add('scope schema URL (cleared)');
    extra.push(originalAttribute('invalid-schema-url', scope.schemaUrl, notes));
  }
  return { value: { ...scope, name, version, attributes: [...attributes, ...extra], schemaUrl: schemaValid ? scope.schemaUrl : '' }, notes };
}
