import { DecodeError, DecodeResultBuilder } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { decodeUtf8Escaped } from '../sanitize/lossless-utf8';
import { JsonFields } from './json-fields';
import { parseJsonBody, readEndpoint, readMicros } from './zipkin-json-parts';
import type { ZipkinSpanRecord } from './zipkin-record';
import { ZipkinSpanConverter } from './zipkin-to-model';
import { v1ToV2 } from './zipkin-v1-to-v2';
import type { V1Annotation, V1BinaryAnnotation, V1Span } from './zipkin-v1-to-v2';

const V2_ONLY_FIELDS = ['localEndpoint', 'remoteEndpoint', 'kind', 'tags'] as const;

/**
 * Decodes a Zipkin v1 JSON body (`POST /api/v1/spans`; zipkin-js's default `JSON_V1` encoder):
 * each v1 span becomes one or two v2 spans (see zipkin-v1-to-v2.ts) and then follows the v2
 * conventions. Errors as for v2: malformed JSON or wrong field types → DecodeError naming the
 * field; a v2 body (a span with `localEndpoint`, `remoteEndpoint`, `kind` or `tags`) → DecodeError
 * `Expected a JSON_V1 encoded list, but received: JSON_V2`; invalid ids → the span is rejected
 * (counted once per v1 span, however many v2 spans it would have made).
 * Not supported: v1 Thrift (`application/x-thrift` on /api/v1/spans).
 */
export function decodeZipkinV1Json(body: Uint8Array | string): DecodeResult {
  let parsed: unknown;
  try {
    parsed = parseJsonBody(typeof body === 'string' ? body : decodeUtf8Escaped(body));
  } catch (error) {
    throw new DecodeError(`zipkin json: not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'})`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new DecodeError('zipkin json: expected a JSON list of spans (JSON_V1)');
  const spans = parsed.map((item, index) => readV1Span(JsonFields.of(item, `span[${index}]`)));
  const builder = new DecodeResultBuilder();
  const converter = new ZipkinSpanConverter(builder);
  for (const span of spans) {
    const records: ZipkinSpanRecord[] = v1ToV2(span);
    const [first, ...rest] = records;
    if (!first) continue;
    const before = builder.build().rejected;
    converter.add(first);
    // The parts of one v1 span share its ids: if the first is rejected, so would the rest be.
    if (builder.build().rejected === before) for (const record of rest) converter.add(record);
  }
  return builder.build();
}

function readV1Span(span: JsonFields): V1Span {
  for (const field of V2_ONLY_FIELDS) {
    if (span.has(field)) throw new DecodeError('zipkin json: Expected a JSON_V1 encoded list, but received: JSON_V2');
  }
  return {
    traceId: span.string('traceId') ?? '',
    id: span.string('id') ?? '',
    parentId: span.string('parentId'),
    name: span.string('name') ?? '',
    timestampMicros: readMicros(span, 'timestamp'),
    durationMicros: readMicros(span, 'duration'),
    debug: span.boolean('debug') ?? false,
    annotations: (span.array('annotations') ?? []).map((item, i) => annotation(JsonFields.of(item, `${span.path}.annotations[${i}]`))),
    binaryAnnotations: (span.array('binaryAnnotations') ?? []).map((item, i) => binaryAnnotation(JsonFields.of(item, `${span.path}.binaryAnnotations[${i}]`))),
  };
}

function annotation(fields: JsonFields): V1Annotation {
  return { timestampMicros: readMicros(fields, 'timestamp') ?? 0n, value: fields.string('value') ?? '', endpoint: readEndpoint(fields.object('endpoint')) };
}

/** Values are strings, or booleans and numbers for typed annotations (`type`: BOOL, I16, I32, I64, DOUBLE; BYTES as base64 text). */
function binaryAnnotation(fields: JsonFields): V1BinaryAnnotation {
  const key = fields.string('key') ?? '';
  const type = fields.string('type');
  const raw = fields.raw('value') ?? '';
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') fields.fail('value', 'a string, number or boolean');
  const isAddress = (key === 'ca' || key === 'sa' || key === 'ma') && (raw === true || (type === 'BOOL' && raw !== false && raw !== 'false'));
  return { key, value: String(raw), isAddress, endpoint: readEndpoint(fields.object('endpoint')) };
}
