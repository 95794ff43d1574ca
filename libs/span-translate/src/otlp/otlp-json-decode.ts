import { EMPTY_SCOPE, findString } from '@waymark/span-model';
import type { InstrumentationScope, Resource } from '@waymark/span-model';
import { DecodeError, DecodeResultBuilder } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { JsonCursor, LosslessReparseNeeded } from './json-cursor';
import { quoteLongIntegers } from './json-lossless';
import { readJsonAttributes } from './otlp-json-attributes';
import { readJsonSpan } from './otlp-json-span';
import { maxDepthOf } from './otlp-conventions';
import type { OtlpDecodeOptions } from './otlp-conventions';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` (or `TracesData`) body into model spans,
 * following the OTLP/JSON rules: lowerCamelCase keys (snake_case keys are unknown, hence
 * ignored), ids as case-insensitive hex, enums as integers, int64/uint64 as decimal strings or
 * numbers (exact, even beyond 2^53: such numbers are re-read from the text), bytes as base64,
 * unknown fields ignored. Spans, rejections, warnings and shared resource/scope objects are as in
 * `decodeOtlpProto`.
 *
 * @throws DecodeError if the body is not UTF-8 JSON, or any field has the wrong type (the message
 *   names the field's path), or an AnyValue nests deeper than `options.maxAnyValueDepth`.
 */
export function decodeOtlpJson(body: string | Uint8Array, options?: OtlpDecodeOptions): DecodeResult {
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8.decode(body);
  } catch (error) {
    throw new DecodeError('invalid OTLP/JSON: the body is not valid UTF-8', { cause: error });
  }
  try {
    return decodeValue(parse(text), options, true);
  } catch (error) {
    if (!(error instanceof LosslessReparseNeeded)) throw error;
    return decodeValue(parse(quoteLongIntegers(text)), options, false);
  }
}

/**
 * Like `decodeOtlpJson`, for a body some other layer has already parsed. Integers beyond 2^53
 * that arrived as JSON numbers were rounded by that parse; they are kept as rounded.
 */
export function decodeOtlpJsonValue(value: unknown, options?: OtlpDecodeOptions): DecodeResult {
  return decodeValue(value, options, false);
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DecodeError(`invalid OTLP/JSON: ${error instanceof Error ? error.message : 'not JSON'}`, { cause: error });
  }
}

function decodeValue(value: unknown, options: OtlpDecodeOptions | undefined, reparse: boolean): DecodeResult {
  const maxDepth = maxDepthOf(options);
  const c = new JsonCursor(reparse);
  const out = new DecodeResultBuilder();
  const request = c.object(value, 'request') ?? c.fail('request', 'an object', value);
  const resourceSpans = c.array(request.resourceSpans, 'resourceSpans');
  c.enter('resourceSpans');
  for (let i = 0; i < resourceSpans.length; i++) {
    const rs = c.object(resourceSpans[i], i) ?? {};
    c.enter(i);
    const resource = readResource(c, rs, maxDepth);
    const scopeSpans = c.array(rs.scopeSpans, 'scopeSpans');
    c.enter('scopeSpans');
    for (let j = 0; j < scopeSpans.length; j++) {
      const ss = c.object(scopeSpans[j], j) ?? {};
      c.enter(j);
      const scope = readScope(c, ss, maxDepth);
      const spans = c.array(ss.spans, 'spans');
      c.enter('spans');
      for (let k = 0; k < spans.length; k++) readJsonSpan(c, spans[k], k, { out, maxDepth, resource, scope });
      c.leave();
      c.leave();
    }
    c.leave();
    c.leave();
  }
  return out.build();
}

function readResource(c: JsonCursor, rs: Record<string, unknown>, maxDepth: number): Resource {
  const schemaUrl = c.string(rs.schemaUrl, 'schemaUrl');
  const json = c.object(rs.resource, 'resource') ?? {};
  c.enter('resource');
  const attributes = readJsonAttributes(c, json.attributes, 'attributes', maxDepth);
  const droppedAttributesCount = c.uint32(json.droppedAttributesCount, 'droppedAttributesCount');
  c.leave();
  return { serviceName: findString(attributes, 'service.name') ?? '', attributes, droppedAttributesCount, schemaUrl };
}

function readScope(c: JsonCursor, ss: Record<string, unknown>, maxDepth: number): InstrumentationScope {
  const schemaUrl = c.string(ss.schemaUrl, 'schemaUrl');
  const json = c.object(ss.scope, 'scope');
  if (json === undefined) return schemaUrl === '' ? EMPTY_SCOPE : { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl };
  c.enter('scope');
  const scope = {
    name: c.string(json.name, 'name'),
    version: c.string(json.version, 'version'),
    attributes: readJsonAttributes(c, json.attributes, 'attributes', maxDepth),
    droppedAttributesCount: c.uint32(json.droppedAttributesCount, 'droppedAttributesCount'),
    schemaUrl,
  };
  c.leave();
  return scope;
}
