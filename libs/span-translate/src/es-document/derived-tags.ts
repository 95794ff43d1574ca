import { SPAN_KINDS } from '@waymark/span-model';
import type { SpanKind, StatusCode } from '@waymark/span-model';
import { OtelTag } from '../jaeger/otel-tags';
import type { JaegerTag } from '../jaeger-model/jaeger-view';
import { ExtrasMismatch } from './typed-value';

/** The span fields that Waymark wrote as derived (`-`/`+`) tags, decoded back. */
export interface DerivedFields {
  scopeName: string;
  scopeVersion: string;
  kind: SpanKind;
  statusCode: StatusCode;
  statusMessage: string;
  traceState: string;
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

const KINDS: ReadonlySet<string> = new Set(SPAN_KINDS.filter((kind) => kind !== 'unspecified'));

function text(tag: JaegerTag): string {
  if (tag.type !== 'string') throw new ExtrasMismatch(`derived tag '${tag.key}' is not a string`);
  return tag.value;
}

function count(tag: JaegerTag): number {
  if (tag.type !== 'int64' || tag.value < 0n || tag.value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ExtrasMismatch(`derived tag '${tag.key}' is not a count`);
  return Number(tag.value);
}

/**
 * Exactly the inverse of jaeger-model/reserved-tags.ts for tags the layout marks as derived.
 * Unlike the Jaeger-conventions reader, there is nothing to guess: an attribute of the same
 * name is never among them. Throws {@link ExtrasMismatch} on a tag that writer cannot produce.
 */
export function decodeDerivedTags(tags: readonly JaegerTag[]): DerivedFields {
  const fields: DerivedFields = {
    scopeName: '',
    scopeVersion: '',
    kind: 'unspecified',
    statusCode: 'unset',
    statusMessage: '',
    traceState: '',
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
  for (const tag of tags) {
    switch (tag.key) {
      case OtelTag.SCOPE_NAME:
        fields.scopeName = text(tag);
        break;
      case OtelTag.SCOPE_VERSION:
        fields.scopeVersion = text(tag);
        break;
      case OtelTag.SPAN_KIND: {
        const kind = text(tag);
        if (!KINDS.has(kind)) throw new ExtrasMismatch(`unknown span.kind '${kind}'`);
        fields.kind = kind as SpanKind;
        break;
      }
      case OtelTag.STATUS_CODE: {
        const code = text(tag);
        if (code !== 'OK' && code !== 'ERROR') throw new ExtrasMismatch(`unknown otel.status_code '${code}'`);
        fields.statusCode = code === 'OK' ? 'ok' : 'error';
        break;
      }
      case OtelTag.ERROR:
        if (tag.type !== 'bool' || !tag.value) throw new ExtrasMismatch('derived error tag is not true');
        fields.statusCode = 'error';
        break;
      case OtelTag.STATUS_DESCRIPTION:
        fields.statusMessage = text(tag);
        break;
      case OtelTag.TRACE_STATE:
        fields.traceState = text(tag);
        break;
      case OtelTag.DROPPED_ATTRIBUTES:
        fields.droppedAttributesCount = count(tag);
        break;
      case OtelTag.DROPPED_EVENTS:
        fields.droppedEventsCount = count(tag);
        break;
      case OtelTag.DROPPED_LINKS:
        fields.droppedLinksCount = count(tag);
        break;
      default:
        throw new ExtrasMismatch(`'${tag.key}' is not a derived tag`);
    }
  }
  return fields;
}
