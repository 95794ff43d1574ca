import { jaegerApiV2, longToBigInt } from '@waymark/idl';
import type { Long } from '@waymark/idl';
import { boolValue, bytesValue, doubleValue, intValue, stringValue } from '@waymark/span-model';
import type { Attribute, AttributeValue } from '@waymark/span-model';
import { DecodeError, DecodeResultBuilder } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import type { JaegerProcessRecord, JaegerSpanRecord } from './jaeger-record';
import { JaegerSpanConverter } from './jaeger-to-model';

type ProtoBatch = jaegerApiV2.Batch.$Properties;
type ProtoSpan = jaegerApiV2.Span.$Properties;
type ProtoKeyValue = jaegerApiV2.KeyValue.$Properties;
type ProtoProcess = jaegerApiV2.Process.$Properties;
type ProtoTime = { seconds?: number | Long | null; nanos?: number | null } | null | undefined;

/**
 * Decodes a `jaeger.api_v2.PostSpansRequest` (the request of gRPC `CollectorService/PostSpans`,
 * :14250) and maps its batch like `jaegerProtoBatchToModel`. Malformed protobuf (including invalid
 * UTF-8 in a string field and nesting beyond protobufjs' recursion limit) throws DecodeError.
 */
export function decodeJaegerProtoBatch(bytes: Uint8Array): DecodeResult {
  let request: jaegerApiV2.PostSpansRequest;
  try {
    request = jaegerApiV2.PostSpansRequest.decode(bytes);
  } catch (error) {
    throw new DecodeError(`jaeger proto: ${error instanceof Error ? error.message : 'cannot decode PostSpansRequest'}`, { cause: error });
  }
  return jaegerProtoBatchToModel(request.batch ?? {});
}

/**
 * An api_v2 Batch (already decoded, e.g. by a gRPC server) → model spans, with the same OTCC
 * conventions as the Thrift path. A span without its own process inherits the batch's. Ids are
 * bytes: a trace id must have 16, a span id 8 (else the span is rejected with a reason). Times
 * are google.protobuf Timestamp/Duration (nanosecond precision is kept).
 */
export function jaegerProtoBatchToModel(batch: ProtoBatch): DecodeResult {
  const builder = new DecodeResultBuilder();
  const processWarnings: string[] = [];
  const converter = new JaegerSpanConverter(builder, batch.process ? toProcess(batch.process, processWarnings) : undefined);
  for (const span of batch.spans ?? []) {
    const record = toRecord(span);
    converter.add(processWarnings.length === 0 ? record : { ...record, warnings: [...processWarnings, ...record.warnings] });
  }
  return builder.build();
}

const hex = (bytes: Uint8Array | null | undefined): string => (bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : '');

/** Timestamp/Duration as nanoseconds; tolerant of hand-built messages (a fractional `nanos` is truncated). */
const nanosOf = (time: ProtoTime): bigint => (time ? longToBigInt(time.seconds) * 1_000_000_000n + BigInt(Math.trunc(time.nanos ?? 0)) : 0n);

function toRecord(span: ProtoSpan): JaegerSpanRecord {
  const warnings: string[] = [...(span.warnings ?? [])];
  return {
    traceIdHex: hex(span.traceId),
    spanIdHex: hex(span.spanId),
    parentSpanIdHex: undefined,
    operationName: span.operationName ?? '',
    references: (span.references ?? []).map((ref) => ({ refType: ref.refType ?? 0, traceIdHex: hex(ref.traceId), spanIdHex: hex(ref.spanId) })),
    flags: span.flags ?? 0,
    startTimeUnixNano: nanosOf(span.startTime),
    durationNanos: nanosOf(span.duration),
    tags: toAttributes(span.tags, warnings),
    logs: (span.logs ?? []).map((log) => ({ timeUnixNano: nanosOf(log.timestamp), fields: toAttributes(log.fields, warnings) })),
    process: span.process ? toProcess(span.process, warnings) : undefined,
    warnings,
  };
}

function toProcess(process: ProtoProcess, warnings: string[]): JaegerProcessRecord {
  return { serviceName: process.serviceName ?? '', tags: toAttributes(process.tags, warnings) };
}

function toAttributes(tags: readonly ProtoKeyValue[] | null | undefined, warnings: string[]): Attribute[] {
  return (tags ?? []).map((tag) => ({ key: tag.key ?? '', value: toValue(tag, warnings) }));
}

/** api_v2 ValueType: STRING 0, BOOL 1, INT64 2, FLOAT64 3, BINARY 4 (not the Thrift order). */
function toValue(tag: ProtoKeyValue, warnings: string[]): AttributeValue {
  const { ValueType } = jaegerApiV2;
  switch (tag.vType ?? ValueType.STRING) {
    case ValueType.STRING:
      return stringValue(tag.vStr ?? '');
    case ValueType.BOOL:
      return boolValue(tag.vBool ?? false);
    case ValueType.INT64:
      return intValue(longToBigInt(tag.vInt64));
    case ValueType.FLOAT64:
      return doubleValue(tag.vFloat64 ?? 0);
    case ValueType.BINARY:
      return bytesValue(tag.vBinary ?? new Uint8Array(0));
    default:
      warnings.push(`unknown-tag-type: tag ${JSON.stringify((tag.key ?? '').slice(0, 64))} has Jaeger value type ${String(tag.vType)}`);
      return stringValue(`<Unknown Jaeger TagType ${String(tag.vType)}>`);
  }
}
