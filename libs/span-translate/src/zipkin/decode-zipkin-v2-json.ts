import { DecodeError, DecodeResultBuilder } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { decodeUtf8Escaped } from '../sanitize/lossless-utf8';
import { JsonFields } from './json-fields';
import { parseJsonBody, readEndpoint, readMicros } from './zipkin-json-parts';
import type { ZipkinAnnotation, ZipkinSpanRecord } from './zipkin-record';
import { ZipkinSpanConverter } from './zipkin-to-model';

/**
 * Decodes a Zipkin v2 JSON body (`POST /api/v2/spans`, `application/json`): a JSON list of spans as
 * zipkin2-api.yaml defines them, e.g. from zipkin-js (`JSON_V2`) or @opentelemetry/exporter-zipkin.
 *
 * - Not JSON, not a list, a list element that is not an object, or any field of the wrong type
 *   → DecodeError naming the field (`span[1].timestamp: expected …`); nothing is accepted.
 * - A Zipkin v1 body (a span with `binaryAnnotations` or annotations with an `endpoint`) →
 *   DecodeError, as Zipkin answers `Expected a JSON_V2 encoded list, but received: JSON_V1`.
 * - A span with a missing or invalid traceId/id/parentId → rejected with a reason; the rest decode.
 * Bytes are read as UTF-8; invalid sequences are kept recoverable for the UTF-8 sanitizer.
 */
export function decodeZipkinV2Json(body: Uint8Array | string): DecodeResult {
  const text = typeof body === 'string' ? body : decodeUtf8Escaped(body);
  let parsed: unknown;
  try {
    parsed = parseJsonBody(text);
  } catch (error) {
    throw new DecodeError(`zipkin json: not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'})`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new DecodeError('zipkin json: expected a JSON list of spans (JSON_V2)');
  const builder = new DecodeResultBuilder();
  const converter = new ZipkinSpanConverter(builder);
  const records = parsed.map((item, index) => readSpan(JsonFields.of(item, `span[${index}]`)));
  for (const record of records) {
    if (typeof record === 'string') builder.reject(record);
    else converter.add(record);
  }
  return builder.build();
}

/** A span record, or the reason it has no trace id or span id. */
function readSpan(span: JsonFields): ZipkinSpanRecord | string {
  if (span.has('binaryAnnotations')) throw new DecodeError('zipkin json: Expected a JSON_V2 encoded list, but received: JSON_V1');
  const traceId = span.string('traceId');
  const id = span.string('id');
  const record: ZipkinSpanRecord = {
    traceId: traceId ?? '',
    id: id ?? '',
    parentId: span.string('parentId'),
    kind: span.string('kind'),
    name: span.string('name') ?? '',
    timestampMicros: readMicros(span, 'timestamp'),
    durationMicros: readMicros(span, 'duration'),
    localEndpoint: readEndpoint(span.object('localEndpoint')),
    remoteEndpoint: readEndpoint(span.object('remoteEndpoint')),
    annotations: (span.array('annotations') ?? []).map((item, i) => annotation(JsonFields.of(item, `${span.path}.annotations[${i}]`))),
    tags: tags(span.object('tags')),
    debug: span.boolean('debug') ?? false,
    shared: span.boolean('shared') ?? false,
  };
  if (traceId === undefined) return 'missing traceId';
  if (id === undefined) return 'missing id';
  return record;
}

function annotation(fields: JsonFields): ZipkinAnnotation {
  if (fields.has('endpoint')) throw new DecodeError('zipkin json: Expected a JSON_V2 encoded list, but received: JSON_V1');
  return { timestampMicros: BigInt(fields.integer('timestamp', 0) ?? 0), value: fields.string('value') ?? '' };
}

/** Tag values are strings; numbers and booleans (some clients send them) are kept as their text. */
function tags(fields: JsonFields | undefined): [string, string][] {
  if (!fields) return [];
  return fields.entries().map(([key, value]) => {
    if (typeof value === 'string') return [key, value];
    if (typeof value === 'number' || typeof value === 'boolean') return [key, String(value)];
    return fields.fail(key, 'a string');
  });
}
