export {
  spanIdFromBytes,
  spanIdFromHex,
  spanIdToBytes,
  traceIdFromBytes,
  traceIdFromHex,
  traceIdToBytes,
  traceIdToJaegerHex,
} from './ids';
export type { SpanId, TraceId } from './ids';
export {
  attr,
  attributeValueToString,
  boolValue,
  bytesValue,
  doubleValue,
  findAttribute,
  findString,
  intValue,
  stringValue,
} from './attributes';
export type { Attribute, AttributeType, AttributeValue } from './attributes';
export { durationNanos, EMPTY_SCOPE, groupByTrace, SPAN_KINDS, STATUS_CODES, withWarning } from './span';
export type { InstrumentationScope, Resource, Span, SpanEvent, SpanKind, SpanLink, SpanStatus, StatusCode, Trace } from './span';
export { REF_TYPE_ATTRIBUTE, referencesOf } from './references';
export type { ReferenceType, SpanReference } from './references';
export { microsToNanos, millisToNanos, nanosToMicros, nanosToMillis } from './time';
