import type { SpanEvent } from '@waymark/span-model';
import { OtelTag } from '../jaeger/otel-tags';
import { attributeToJaegerTag } from './attribute-tag';
import { microsOf } from './jaeger-time';
import type { JaegerLog, JaegerTag } from './jaeger-view';

/**
 * Whether the event's log carries its name as a leading `event` field: only when the name is
 * non-empty and no attribute is already called `event` (OTCC: the attribute takes precedence,
 * and the name is then not in the log at all).
 */
export const hasEventNameField = (event: SpanEvent): boolean => event.name !== '' && !event.attributes.some((a) => a.key === OtelTag.EVENT);

/** An event as a Jaeger log: `event` = name first (see {@link hasEventNameField}), then the attributes. */
export function eventToJaegerLog(event: SpanEvent): JaegerLog {
  const fields: JaegerTag[] = hasEventNameField(event) ? [{ key: OtelTag.EVENT, type: 'string', value: event.name }] : [];
  for (const attribute of event.attributes) fields.push(attributeToJaegerTag(attribute.key, attribute.value));
  return { timestamp: microsOf(event.timeUnixNano), fields };
}
