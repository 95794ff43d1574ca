import type { Attribute } from '@waymark/span-model';
import { REF_CHILD_OF, REF_FOLLOWS_FROM } from '../jaeger/jaeger-record';
import type { JaegerSpanRecord } from '../jaeger/jaeger-record';
import { parseEsField, parseEsKeyValue, tagToAttributeValue } from './es-tag-value';
import type { ParsedTag } from './es-tag-value';
import type { EsDocumentParts } from './parse-es-document';

/**
 * A span document read with Jaeger's conventions only, for documents Jaeger wrote (and Waymark
 * documents whose extras do not fit): the tags of both layouts, nested `tags` first and then the
 * `tag` fields (Jaeger's reader order), become a Jaeger span record, which the Jaeger decoders'
 * converter (jaeger/jaeger-to-model.ts) turns into a model span with OTCC's reverse rules: kind,
 * status, scope, trace state and dropped counts from their tags, the parent from the references,
 * `event` fields as event names, process tags as resource attributes. Tags that do not parse as
 * their type are kept as strings with a warning, never dropped.
 */
export function jaegerRecordOf(parts: EsDocumentParts, dotReplacement: string, warnings: string[]): JaegerSpanRecord {
  const tagsOf = (nested: readonly unknown[], fields: Readonly<Record<string, unknown>> | undefined): Attribute[] => {
    const parsed: ParsedTag[] = [];
    for (const raw of nested) {
      const tag = parseEsKeyValue(raw);
      if (tag) parsed.push(tag);
      else warnings.push('es-document: dropped a nested tag without a key');
    }
    for (const [name, raw] of Object.entries(fields ?? {})) parsed.push(parseEsField(name, raw, dotReplacement));
    return parsed.map(({ tag, problem }) => {
      if (problem !== undefined) warnings.push(`es-document: ${problem}`);
      return { key: tag.key, value: tagToAttributeValue(tag) };
    });
  };
  return {
    traceIdHex: parts.traceIdHex,
    spanIdHex: parts.spanIdHex,
    parentSpanIdHex: parts.parentSpanIdHex,
    operationName: parts.operationName,
    references: parts.references.map((ref) => {
      if (ref.refType !== 'CHILD_OF' && ref.refType !== 'FOLLOWS_FROM') warnings.push(`es-document: reference type ${String(ref.refType)} read as FOLLOWS_FROM`);
      return { refType: ref.refType === 'CHILD_OF' ? REF_CHILD_OF : REF_FOLLOWS_FROM, traceIdHex: ref.traceIdHex, spanIdHex: ref.spanIdHex };
    }),
    flags: parts.flags,
    startTimeUnixNano: BigInt(parts.startTime) * 1000n,
    durationNanos: BigInt(parts.duration) * 1000n,
    tags: tagsOf(parts.tags, parts.tag),
    logs: parts.logs.map((log) => ({ timeUnixNano: BigInt(log.timestamp) * 1000n, fields: tagsOf(log.fields, undefined) })),
    process: { serviceName: parts.process.serviceName, tags: tagsOf(parts.process.tags, parts.process.tag) },
    warnings,
  };
}
