import { SPAN_KINDS, STATUS_CODES } from '@waymark/span-model';
import type { Attribute, AttributeValue, SpanKind, SpanStatus, StatusCode } from '@waymark/span-model';

/**
 * The span attribute that carries `Span.warnings` through OTLP (the Kafka wire format and API v3
 * output): a string array, appended last to the span's attributes by the encoders and lifted out
 * of the attributes again by the decoders. Only an array whose every element is a string is
 * lifted; any other value under this key stays an ordinary attribute. A client may send it too:
 * its warnings are then kept as warnings, as Jaeger v2 does with `@jaeger@warnings`.
 */
export const OTLP_WARNINGS_ATTRIBUTE = 'waymark.warnings';

/** How deeply AnyValues may nest inside arrays and maps (OTLP spec PR #5186: 64). */
export const DEFAULT_MAX_ANY_VALUE_DEPTH = 64;

/** The largest depth limit accepted, so a configured limit cannot itself overflow the stack. */
const MAX_ANY_VALUE_DEPTH_LIMIT = 1000;

export interface OtlpDecodeOptions {
  /**
   * The deepest AnyValue accepted: an attribute's own value is at depth 1, a value inside its
   * array or map at depth 2, and so on. Deeper input is refused with a DecodeError. Default 64;
   * at most 1000.
   */
  readonly maxAnyValueDepth?: number;
}

export function maxDepthOf(options: OtlpDecodeOptions | undefined): number {
  const depth = options?.maxAnyValueDepth ?? DEFAULT_MAX_ANY_VALUE_DEPTH;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_ANY_VALUE_DEPTH_LIMIT) {
    throw new RangeError(`maxAnyValueDepth must be an integer from 1 to ${MAX_ANY_VALUE_DEPTH_LIMIT}, got ${depth}`);
  }
  return depth;
}

/** Rejection reasons, as counted in DecodeResult.rejections and sent back in partial_success. */
export const INVALID_TRACE_ID = 'invalid trace id (all zero or not 16 bytes)';
export const INVALID_SPAN_ID = 'invalid span id (all zero or not 8 bytes)';

/** Warnings the decoders add to a span when they had to change something. */
export const warnUnknownKind = (kind: number | string): string => `unknown span kind ${kind} stored as unspecified`;
export const warnUnknownStatus = (code: number | string): string => `unknown status code ${code} stored as unset`;
export const warnInvalidParent = (what: string): string => `invalid parent span id (${what}) ignored: stored as a root span`;
export const WARN_INVALID_LINK = 'link with an invalid trace or span id dropped (counted in droppedLinksCount)';
export const warnInvalidUtf8 = (where: string): string => `invalid UTF-8 in ${where} replaced with U+FFFD`;

/** SPAN_KINDS and STATUS_CODES list the OTLP enums in number order. */
export const kindOf = (value: number): SpanKind | undefined => SPAN_KINDS[value];
export const statusCodeOf = (value: number): StatusCode | undefined => STATUS_CODES[value];

const KIND_NUMBERS: Readonly<Record<SpanKind, number>> = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_NUMBERS: Readonly<Record<StatusCode, number>> = { unset: 0, ok: 1, error: 2 };
export const kindNumber = (kind: SpanKind): number => KIND_NUMBERS[kind];
export const statusNumber = (code: StatusCode): number => STATUS_NUMBERS[code];

/** Shared immutable defaults: most spans have no events, links or warnings, and an unset status. */
export const NO_ITEMS: readonly never[] = Object.freeze([]);
export const UNSET_STATUS: SpanStatus = Object.freeze({ code: 'unset', message: '' });
export const EMPTY_VALUE: AttributeValue = Object.freeze({ type: 'empty' });

/** The warnings an OTLP_WARNINGS_ATTRIBUTE value holds, or undefined if it is not a string array. */
export function warningsFrom(value: AttributeValue): string[] | undefined {
  if (value.type !== 'array') return undefined;
  const warnings: string[] = [];
  for (const item of value.value) {
    if (item.type !== 'string') return undefined;
    warnings.push(item.value);
  }
  return warnings;
}

/** The attribute the encoders append for a span's warnings. */
export function warningsAttribute(warnings: readonly string[]): Attribute {
  return { key: OTLP_WARNINGS_ATTRIBUTE, value: { type: 'array', value: warnings.map((value) => ({ type: 'string', value })) } };
}
