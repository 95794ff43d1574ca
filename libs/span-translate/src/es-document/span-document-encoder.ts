import { traceIdToJaegerHex } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource, Span } from '@waymark/span-model';
import { jaegerFlagsOf, jaegerReferencesOf } from '../jaeger-model/jaeger-span';
import { durationMicrosOf, microsOf } from '../jaeger-model/jaeger-time';
import { scopeTags, spanStateTags } from '../jaeger-model/reserved-tags';
import { canonicalResourceBytes, canonicalScopeBytes } from './canonical-span-hash';
import { spanDocumentIdWith } from './document-ids';
import { Fnv1a64 } from './fnv1a64';
import { JsonText, jsonNumber, jsonString, utf8Extra } from './json-text';
import { nanosRemainder } from './nanos-remainder';
import type { NanosRemainder } from './nanos-remainder';
import { linkExtras, processOf, processTagsOf, resourceExtras, scopeExtras, writeLog } from './span-to-es-document';
import { TagListJson } from './tag-list-json';
import { DEFAULT_DOT_REPLACEMENT, tagsPolicyProblem, WAYMARK_TAGS_POLICY } from './tags-policy';
import type { TagsAsFieldsPolicy } from './tags-policy';

/** The JSON text every span of one resource shares. */
interface ResourceParts {
  /** The UTF-8 bytes of its entry in canonicalSpanJson, for the `_id` hash. */
  readonly canonical: Uint8Array;
  /** `"process":{…}`. */
  readonly process: string;
  /** `,"processLayout":…,"processValues":…` of the `waymark` extras, or ''. */
  readonly processExtras: string;
  /** `,"resource":{…}` of the extras, or ''. */
  readonly resourceExtras: string;
  /** UTF-8 bytes of the three texts above beyond their length. */
  readonly extraBytes: number;
}

/** The JSON text every span of one scope shares. */
interface ScopeParts {
  readonly canonical: Uint8Array;
  /** `,"scope":{…}` of the extras, or ''. */
  readonly scopeExtras: string;
  readonly extraBytes: number;
}

/** A span's document, ready for a bulk request. */
export interface EncodedSpanDocument {
  /** `spanDocumentId(span)`. */
  readonly id: string;
  /** `JSON.stringify(spanToEsDocument(span, policy))`. */
  readonly json: string;
  /** The length of `json` in UTF-8 bytes. */
  readonly bytes: number;
}

// A remainder's string form is decimal digits: ASCII.
const remainderJson = (name: string, remainder: NanosRemainder | undefined): string =>
  remainder === undefined ? '' : `,"${name}":${typeof remainder === 'number' ? jsonNumber(remainder) : jsonString(remainder)}`;

/**
 * The write path's span documents as text, for one batch: `encode(span)` gives exactly
 * `spanDocumentId(span)` and `JSON.stringify(spanToEsDocument(span, policy))` (checked byte for
 * byte by span-document-encoder.spec.ts) with its UTF-8 length, at a fraction of the CPU: the
 * document is written as text in one pass instead of as an object then serialized, the `_id`
 * hash is fed the canonical bytes without building them, what the spans of a resource or scope
 * share (process tags, extras, canonical parts) is written once, and the byte length is counted
 * while writing instead of by encoding the text again.
 *
 * It remembers resources and scopes by identity (the model shares one object per resource, and
 * never changes it) and tag keys by value: make one per batch, not one per process.
 * Throws a RangeError for an unusable policy (see `tagsPolicyProblem`).
 */
export class SpanDocumentEncoder {
  private readonly resources = new Map<Resource, ResourceParts>();
  private readonly scopes = new Map<InstrumentationScope, ScopeParts>();
  private readonly text = new JsonText();
  private readonly hash = new Fnv1a64();
  private readonly tags: TagListJson;
  private readonly dotReplacementJson: string;
  /** UTF-8 bytes beyond one per code unit that every document has (a non-ASCII dot replacement). */
  private readonly baseExtraBytes: number;

  constructor(private readonly policy: TagsAsFieldsPolicy = WAYMARK_TAGS_POLICY) {
    const problem = tagsPolicyProblem(policy);
    if (problem !== undefined) throw new RangeError(problem);
    this.tags = new TagListJson(policy, this.text);
    this.dotReplacementJson = policy.dotReplacement === DEFAULT_DOT_REPLACEMENT ? '' : `,"dotReplacement":${jsonString(policy.dotReplacement)}`;
    this.baseExtraBytes = utf8Extra(this.dotReplacementJson);
  }

  encode(span: Span): EncodedSpanDocument {
    const resource = this.resourceParts(span.resource);
    const scope = this.scopeParts(span.scope);
    const id = spanDocumentIdWith(this.hash, span, resource.canonical, scope.canonical);
    this.text.extraBytes = this.baseExtraBytes + resource.extraBytes + scope.extraBytes;
    const json = this.documentJson(span, resource, scope);
    return { id, json, bytes: json.length + this.text.extraBytes };
  }

  /** `spanDocumentId(span)`. */
  documentId(span: Span): string {
    return spanDocumentIdWith(this.hash, span, this.resourceParts(span.resource).canonical, this.scopeParts(span.scope).canonical);
  }

  /** The document in the field order of span-to-es-document.ts; counts its non-ASCII bytes in `text`. */
  private documentJson(span: Span, resource: ResourceParts, scope: ScopeParts): string {
    const { text } = this;
    const startTime = microsOf(span.startTimeUnixNano);
    const duration = durationMicrosOf(span.startTimeUnixNano, span.endTimeUnixNano);
    const flags = jaegerFlagsOf(span.flags);
    const counted = text.extraBytes;
    const traceId = text.string(traceIdToJaegerHex(span.traceId));
    const traceIdExtra = text.extraBytes - counted;
    let out = `{"traceID":${traceId},"spanID":${text.string(span.spanId)}`;
    if (flags !== 0) out += `,"flags":${jsonNumber(flags)}`;
    out += `,"operationName":${text.string(span.name)},"references":`;
    if (span.links.length > 0) out += text.json(JSON.stringify(jaegerReferencesOf(span)));
    else if (span.parentSpanId !== undefined) {
      out += `[{"refType":"CHILD_OF","traceID":${traceId},"spanID":${text.string(span.parentSpanId)}}]`;
      text.extraBytes += traceIdExtra;
    } else out += '[]';
    out += `,"startTime":${jsonNumber(startTime)},"startTimeMillis":${jsonNumber(Math.floor(startTime / 1000))},"duration":${jsonNumber(duration)}`;

    // The same tags in the same order as jaegerSpanTags: scope tags, attributes, span state.
    const { tags } = this;
    tags.begin();
    if (span.scope.name !== '' || span.scope.version !== '') for (const tag of scopeTags(span.scope)) tags.derived(tag);
    const { attributes } = span;
    for (let i = 0; i < attributes.length; i++) tags.attribute(attributes[i] as Attribute);
    for (const tag of spanStateTags(span)) tags.derived(tag);
    out += `,"tags":[${tags.nested}]`;
    if (tags.fields !== '') out += `,"tag":{${tags.fields}}`;

    let logExtras = '';
    if (span.events.length === 0) out += ',"logs":[],';
    else {
      const logs = span.events.map(writeLog);
      out += `,"logs":${text.json(JSON.stringify(logs.map((log) => log.log)))},`;
      if (logs.some((log) => log.extras !== null)) logExtras = `,"logs":${text.json(JSON.stringify(logs.map((log) => log.extras)))}`;
    }
    out += resource.process;

    out += `,"waymark":{"v":1${this.dotReplacementJson}`;
    // Layouts and values: ASCII letters and marks; JSON counted by `tags`.
    if (tags.layout !== '') out += `,"tagLayout":${jsonString(tags.layout)}`;
    if (tags.values !== '') out += `,"tagValues":[${tags.values}]`;
    out += resource.processExtras;
    out += remainderJson('startNanos', nanosRemainder(span.startTimeUnixNano, startTime));
    out += remainderJson('durationNanos', nanosRemainder(span.endTimeUnixNano - span.startTimeUnixNano, duration));
    if (span.flags !== flags) out += `,"flags":${jsonNumber(span.flags)}`;
    if (span.links.length > 0) out += `,"links":${text.json(JSON.stringify(span.links.map(linkExtras)))}`;
    out += logExtras;
    out += resource.resourceExtras;
    out += scope.scopeExtras;
    if (span.warnings.length > 0) out += `,"warnings":${text.json(JSON.stringify(span.warnings))}`;
    return `${out}}}`;
  }

  private resourceParts(resource: Resource): ResourceParts {
    let parts = this.resources.get(resource);
    if (parts === undefined) {
      const tags = processTagsOf(resource, this.policy);
      const extras = resourceExtras(resource);
      const process = `"process":${JSON.stringify(processOf(resource, tags))}`;
      const processExtras =
        (tags.layout === '' ? '' : `,"processLayout":${jsonString(tags.layout)}`) + (tags.values.length === 0 ? '' : `,"processValues":${JSON.stringify(tags.values)}`);
      const resourceJson = extras === undefined ? '' : `,"resource":${JSON.stringify(extras)}`;
      parts = {
        canonical: canonicalResourceBytes(resource),
        process,
        processExtras,
        resourceExtras: resourceJson,
        extraBytes: utf8Extra(process) + utf8Extra(processExtras) + utf8Extra(resourceJson),
      };
      this.resources.set(resource, parts);
    }
    return parts;
  }

  private scopeParts(scope: InstrumentationScope): ScopeParts {
    let parts = this.scopes.get(scope);
    if (parts === undefined) {
      const extras = scopeExtras(scope);
      const scopeJson = extras === undefined ? '' : `,"scope":${JSON.stringify(extras)}`;
      parts = { canonical: canonicalScopeBytes(scope), scopeExtras: scopeJson, extraBytes: utf8Extra(scopeJson) };
      this.scopes.set(scope, parts);
    }
    return parts;
  }
}
