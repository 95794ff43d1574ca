import { spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import type { Span, SpanEvent, SpanId, SpanLink } from '@waymark/span-model';
import { OtelTag } from '../jaeger/otel-tags';
import { decodeDerivedTags } from './derived-tags';
import { parseEsKeyValue, tagToAttributeValue } from './es-tag-value';
import { joinNanos } from './nanos-remainder';
import type { EsDocumentParts } from './parse-es-document';
import type { SharedParts } from './shared-parts';
import { DEFAULT_DOT_REPLACEMENT, isDotReplacement } from './tags-policy';
import { readTags } from './tag-layout';
import { decodeAttributes, ExtrasMismatch } from './typed-value';

type Json = Readonly<Record<string, unknown>>;

const fail = (what: string): never => {
  throw new ExtrasMismatch(what);
};
const text = (value: unknown, what: string): string => (value === undefined ? '' : typeof value === 'string' ? value : fail(`${what} is not a string`));
const count = (value: unknown, what: string): number =>
  value === undefined ? 0 : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fail(`${what} is not a count`);
const list = (value: unknown, what: string): readonly unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : fail(`${what} is not a list`));
const record = (value: unknown, what: string): Json =>
  value === undefined || value === null ? {} : typeof value === 'object' && !Array.isArray(value) ? (value as Json) : fail(`${what} is not an object`);

/**
 * A document Waymark wrote, read back exactly: Jaeger's fields plus the `waymark` extras (see
 * waymark-extras.ts) give every field of the span that was written. Throws
 * {@link ExtrasMismatch} when the extras do not fit the document (the caller then falls back
 * to Jaeger's conventions).
 */
export function readWaymarkDocument(parts: EsDocumentParts, extras: Json, shared: SharedParts): Span {
  const ownDot = extras['dotReplacement'] ?? DEFAULT_DOT_REPLACEMENT;
  const dotReplacement = isDotReplacement(ownDot) ? ownDot : fail('bad dotReplacement');
  const traceId = traceIdFromHex(parts.traceIdHex) ?? fail('invalid trace id');
  const spanId = spanIdFromHex(parts.spanIdHex) ?? fail('invalid span id');
  const tags = readTags({ layout: text(extras['tagLayout'], 'tagLayout'), nested: parts.tags, fields: parts.tag, values: list(extras['tagValues'], 'tagValues'), dotReplacement, serviceName: '' });
  const derived = decodeDerivedTags(tags.derived);
  const { serviceName } = parts.process;
  const processTags = readTags({
    layout: text(extras['processLayout'], 'processLayout'),
    nested: parts.process.tags,
    fields: parts.process.tag,
    values: list(extras['processValues'], 'processValues'),
    dotReplacement,
    serviceName,
  });
  if (processTags.derived.length > 0) fail('process tags cannot be derived');
  const resourceExtras = record(extras['resource'], 'resource');
  const scopeExtras = record(extras['scope'], 'scope');
  const { parentSpanId, links } = readReferences(parts, list(extras['links'], 'links'));
  const logExtras = list(extras['logs'], 'logs');
  if (logExtras.length !== 0 && logExtras.length !== parts.logs.length) fail('one log extras entry per log');
  const startTimeUnixNano = joinNanos(parts.startTime, extras['startNanos']);
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState: derived.traceState,
    flags: extras['flags'] === undefined ? parts.flags : count(extras['flags'], 'flags'),
    name: parts.operationName,
    kind: derived.kind,
    startTimeUnixNano,
    endTimeUnixNano: startTimeUnixNano + joinNanos(parts.duration, extras['durationNanos']),
    attributes: tags.attributes,
    droppedAttributesCount: derived.droppedAttributesCount,
    events: parts.logs.map((log, i) => readEvent(log, logExtras[i], dotReplacement)),
    droppedEventsCount: derived.droppedEventsCount,
    links,
    droppedLinksCount: derived.droppedLinksCount,
    status: { code: derived.statusCode, message: derived.statusMessage },
    resource: shared.resource({
      serviceName,
      attributes: processTags.attributes,
      droppedAttributesCount: count(resourceExtras['droppedAttributesCount'], 'resource dropped count'),
      schemaUrl: text(resourceExtras['schemaUrl'], 'resource schemaUrl'),
    }),
    scope: shared.scope({
      name: derived.scopeName,
      version: derived.scopeVersion,
      attributes: decodeAttributes(scopeExtras['attributes'] ?? []),
      droppedAttributesCount: count(scopeExtras['droppedAttributesCount'], 'scope dropped count'),
      schemaUrl: text(scopeExtras['schemaUrl'], 'scope schemaUrl'),
    }),
    warnings: list(extras['warnings'], 'warnings').map((w) => text(w, 'warning')),
  };
}

/** The references are the parent (when there is one more reference than links) and then the links' ids. */
function readReferences(parts: EsDocumentParts, linkExtras: readonly unknown[]): { parentSpanId: SpanId | undefined; links: SpanLink[] } {
  const offset = parts.references.length - linkExtras.length;
  if (offset !== 0 && offset !== 1) fail('references do not match the links');
  const parent = offset === 1 ? parts.references[0] : undefined;
  const links = linkExtras.map((raw, i): SpanLink => {
    const ref = parts.references[i + offset];
    const extras = record(raw, 'link');
    return {
      traceId: (ref && traceIdFromHex(ref.traceIdHex)) ?? fail('invalid link trace id'),
      spanId: (ref && spanIdFromHex(ref.spanIdHex)) ?? fail('invalid link span id'),
      traceState: text(extras['traceState'], 'link traceState'),
      attributes: decodeAttributes(extras['attributes'] ?? []),
      droppedAttributesCount: count(extras['droppedAttributesCount'], 'link dropped count'),
      flags: count(extras['flags'], 'link flags'),
    };
  });
  return { parentSpanId: parent && (spanIdFromHex(parent.spanIdHex) ?? fail('invalid parent span id')), links };
}

/** A log with its layout when it has one, else as Jaeger reads it: the first string `event` field is the name. */
function readEvent(log: EsDocumentParts['logs'][number], raw: unknown, dotReplacement: string): SpanEvent {
  const extras = record(raw, 'log');
  const timeUnixNano = joinNanos(log.timestamp, extras['nanos']);
  const droppedAttributesCount = count(extras['droppedAttributesCount'], 'event dropped count');
  if (extras['layout'] !== undefined) {
    const read = readTags({ layout: text(extras['layout'], 'log layout'), nested: log.fields, fields: undefined, values: list(extras['values'], 'log values'), dotReplacement, serviceName: '' });
    const [nameTag, ...rest] = read.derived;
    if (rest.length > 0 || (nameTag && (nameTag.key !== OtelTag.EVENT || nameTag.type !== 'string'))) fail('a log derives only its event name');
    const name = nameTag?.type === 'string' ? nameTag.value : text(extras['name'], 'event name');
    return { timeUnixNano, name, attributes: read.attributes, droppedAttributesCount };
  }
  const tags = log.fields.map((field) => {
    const parsed = parseEsKeyValue(field);
    return parsed && parsed.problem === undefined ? parsed.tag : fail('unreadable log field');
  });
  const at = tags.findIndex((tag) => tag.key === OtelTag.EVENT && tag.type === 'string');
  const nameTag = tags[at];
  const name = nameTag?.type === 'string' ? nameTag.value : text(extras['name'], 'event name');
  const attributes = tags.filter((_, i) => i !== at).map((tag) => ({ key: tag.key, value: tagToAttributeValue(tag) }));
  return { timeUnixNano, name, attributes, droppedAttributesCount };
}
