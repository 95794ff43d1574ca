import type { InstrumentationScope, Span } from '@waymark/span-model';
import { OtelTag } from '../jaeger/otel-tags';
import type { JaegerTag } from './jaeger-view';

/**
 * The tags with which a span's OTLP-only fields travel in Jaeger's model (OTCC
 * `traces_to_jaegerproto.go`, spec `common/mapping-to-non-otlp.md`). The reverse direction is
 * jaeger/otel-tags.ts and jaeger/jaeger-status.ts.
 */

const str = (key: string, value: string): JaegerTag => ({ key, type: 'string', value });
const int = (key: string, value: number): JaegerTag => ({ key, type: 'int64', value: BigInt(value) });

/**
 * `otel.scope.name` and `otel.scope.version`, each only when non-empty. OTCC puts them before the
 * span's attributes. The deprecated `otel.library.*` copies are not written (OTCC stopped writing
 * them too); readers still accept them.
 */
export function scopeTags(scope: InstrumentationScope): JaegerTag[] {
  const tags: JaegerTag[] = [];
  if (scope.name !== '') tags.push(str(OtelTag.SCOPE_NAME, scope.name));
  if (scope.version !== '') tags.push(str(OtelTag.SCOPE_VERSION, scope.version));
  return tags;
}

/**
 * The tags OTCC appends after the attributes, in its order: `span.kind` (none for UNSPECIFIED;
 * `internal` for INTERNAL, as OTCC does although the spec says SHOULD NOT), `otel.status_code`
 * (`OK` | `ERROR`, none for UNSET), `error=true` (bool, ERROR only), `otel.status_description`
 * (when the message is non-empty, whatever the code), `w3c.tracestate` (when non-empty). Then,
 * as the spec asks and OTCC does not, `otel.dropped_{attributes,events,links}_count` (int64) when
 * non-zero.
 */
export function spanStateTags(span: Span): JaegerTag[] {
  const tags: JaegerTag[] = [];
  if (span.kind !== 'unspecified') tags.push(str(OtelTag.SPAN_KIND, span.kind));
  if (span.status.code === 'ok') tags.push(str(OtelTag.STATUS_CODE, 'OK'));
  if (span.status.code === 'error') tags.push(str(OtelTag.STATUS_CODE, 'ERROR'), { key: OtelTag.ERROR, type: 'bool', value: true });
  if (span.status.message !== '') tags.push(str(OtelTag.STATUS_DESCRIPTION, span.status.message));
  if (span.traceState !== '') tags.push(str(OtelTag.TRACE_STATE, span.traceState));
  if (span.droppedAttributesCount !== 0) tags.push(int(OtelTag.DROPPED_ATTRIBUTES, span.droppedAttributesCount));
  if (span.droppedEventsCount !== 0) tags.push(int(OtelTag.DROPPED_EVENTS, span.droppedEventsCount));
  if (span.droppedLinksCount !== 0) tags.push(int(OtelTag.DROPPED_LINKS, span.droppedLinksCount));
  return tags;
}
