import { traceIdToJaegerHex } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource, Span, SpanEvent, SpanLink } from '@waymark/span-model';
import { OtelTag } from '../jaeger/otel-tags';
import { eventToJaegerLog, hasEventNameField } from '../jaeger-model/event-log';
import { serviceNameAttributeIndex } from '../jaeger-model/jaeger-process';
import { jaegerFlagsOf, jaegerReferencesOf } from '../jaeger-model/jaeger-span';
import { scopeTags, spanStateTags } from '../jaeger-model/reserved-tags';
import { durationMicrosOf, microsOf } from '../jaeger-model/jaeger-time';
import { attributeToJaegerTag } from '../jaeger-model/attribute-tag';
import type { JaegerTag } from '../jaeger-model/jaeger-view';
import type { EsLog, EsProcess, EsSpanDocument } from './es-span-document';
import { nanosRemainder } from './nanos-remainder';
import { writeTags } from './tag-layout';
import type { TagSlot, WrittenTags } from './tag-layout';
import { DEFAULT_DOT_REPLACEMENT, tagsPolicyProblem, WAYMARK_TAGS_POLICY } from './tags-policy';
import type { TagsAsFieldsPolicy } from './tags-policy';
import { encodeAttributes } from './typed-value';
import type { LinkExtras, LogExtras, WaymarkExtras } from './waymark-extras';

const derived = (tag: JaegerTag): TagSlot => ({ kind: 'derived', tag });
const attributeSlot = (a: Attribute): TagSlot => ({ kind: 'attribute', value: a.value, tag: attributeToJaegerTag(a.key, a.value) });

/** A copy without the members that are undefined, so defaults take no room in `_source`. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
const nonZero = (n: number): number | undefined => (n === 0 ? undefined : n);
const nonEmpty = (s: string): string | undefined => (s === '' ? undefined : s);
const someOf = <T>(list: readonly T[]): readonly T[] | undefined => (list.length === 0 ? undefined : list);

/**
 * A span as a document of Jaeger's span index (see {@link EsSpanDocument}): Jaeger's fields
 * exactly as Jaeger writes them, tags split between the nested lists and the tag fields by
 * `policy`, and the `waymark` extras that make {@link readSpanDocuments} give back this very span.
 * Pure and deterministic: the same span and policy always give the same document. Throws a
 * RangeError for an unusable policy (see `tagsPolicyProblem`): a configuration error.
 */
export function spanToEsDocument(span: Span, policy: TagsAsFieldsPolicy = WAYMARK_TAGS_POLICY): EsSpanDocument {
  const problem = tagsPolicyProblem(policy);
  if (problem !== undefined) throw new RangeError(problem);
  // The same tags in the same order as jaegerSpanTags, each marked attribute or derived.
  const tags = writeTags([...scopeTags(span.scope).map(derived), ...span.attributes.map(attributeSlot), ...spanStateTags(span).map(derived)], policy);
  const processTags = processTagsOf(span.resource, policy);
  const startTime = microsOf(span.startTimeUnixNano);
  const duration = durationMicrosOf(span.startTimeUnixNano, span.endTimeUnixNano);
  const logs = span.events.map(writeLog);
  const flags = jaegerFlagsOf(span.flags);
  const waymark: WaymarkExtras = compact({
    v: 1 as const,
    dotReplacement: policy.dotReplacement === DEFAULT_DOT_REPLACEMENT ? undefined : policy.dotReplacement,
    tagLayout: nonEmpty(tags.layout),
    tagValues: someOf(tags.values),
    processLayout: nonEmpty(processTags.layout),
    processValues: someOf(processTags.values),
    startNanos: nanosRemainder(span.startTimeUnixNano, startTime),
    durationNanos: nanosRemainder(span.endTimeUnixNano - span.startTimeUnixNano, duration),
    flags: span.flags === flags ? undefined : span.flags,
    links: someOf(span.links.map(linkExtras)),
    logs: logs.some((log) => log.extras !== null) ? logs.map((log) => log.extras) : undefined,
    resource: resourceExtras(span.resource),
    scope: scopeExtras(span.scope),
    warnings: someOf(span.warnings),
  });
  return {
    traceID: traceIdToJaegerHex(span.traceId),
    spanID: span.spanId,
    ...(flags === 0 ? {} : { flags }),
    operationName: span.name,
    references: jaegerReferencesOf(span),
    startTime,
    startTimeMillis: Math.floor(startTime / 1000),
    duration,
    tags: tags.nested,
    ...(tags.fields ? { tag: tags.fields } : {}),
    logs: logs.map((log) => log.log),
    process: processOf(span.resource, processTags),
    waymark,
  };
}

/** The resource's tags: every attribute, the one `process.serviceName` stands for as a `*`. */
export function processTagsOf(resource: Resource, policy: TagsAsFieldsPolicy): WrittenTags {
  const serviceIndex = serviceNameAttributeIndex(resource);
  return writeTags(
    resource.attributes.map((a, i): TagSlot => (i === serviceIndex ? { kind: 'service-name' } : attributeSlot(a))),
    policy,
  );
}

/** The document's `process` object, given the resource's tags as processTagsOf wrote them. */
export const processOf = (resource: Resource, tags: WrittenTags): EsProcess => ({
  serviceName: resource.serviceName,
  tags: tags.nested,
  ...(tags.fields ? { tag: tags.fields } : {}),
});

/**
 * A log is nested, as in Jaeger. Its extras carry a layout only when Jaeger's reading of the
 * fields (the first string `event` field is the name, the rest typed attributes) would be
 * inexact: an attribute called `event`, or an array, map or empty value.
 */
export function writeLog(event: SpanEvent): { log: EsLog; extras: LogExtras | null } {
  const jaegerLog = eventToJaegerLog(event);
  const named = hasEventNameField(event);
  const slots: TagSlot[] = event.attributes.map(attributeSlot);
  if (named && jaegerLog.fields[0]) slots.unshift(derived(jaegerLog.fields[0]));
  const written = writeTags(slots, undefined);
  const needsLayout = event.attributes.some((a) => a.key === OtelTag.EVENT || a.value.type === 'array' || a.value.type === 'kvlist' || a.value.type === 'empty');
  const extras: LogExtras = compact({
    layout: needsLayout ? written.layout : undefined,
    values: someOf(written.values),
    name: named ? undefined : nonEmpty(event.name),
    nanos: nanosRemainder(event.timeUnixNano, jaegerLog.timestamp),
    droppedAttributesCount: nonZero(event.droppedAttributesCount),
  });
  return { log: { timestamp: jaegerLog.timestamp, fields: written.nested }, extras: Object.keys(extras).length === 0 ? null : extras };
}

export function linkExtras(link: SpanLink): LinkExtras {
  return compact({
    traceState: nonEmpty(link.traceState),
    flags: nonZero(link.flags),
    attributes: someOf(encodeAttributes(link.attributes)),
    droppedAttributesCount: nonZero(link.droppedAttributesCount),
  });
}

export function resourceExtras(resource: Resource): WaymarkExtras['resource'] {
  const extras = compact({ droppedAttributesCount: nonZero(resource.droppedAttributesCount), schemaUrl: nonEmpty(resource.schemaUrl) });
  return Object.keys(extras).length === 0 ? undefined : extras;
}

export function scopeExtras(scope: InstrumentationScope): WaymarkExtras['scope'] {
  const extras = compact({
    attributes: someOf(encodeAttributes(scope.attributes)),
    droppedAttributesCount: nonZero(scope.droppedAttributesCount),
    schemaUrl: nonEmpty(scope.schemaUrl),
  });
  return Object.keys(extras).length === 0 ? undefined : extras;
}
