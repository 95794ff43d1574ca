import type { Attribute } from '@waymark/span-model';
import { DecodeError, DecodeResultBuilder } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import { ThriftReader } from '../thrift/thrift-reader';
import { readList, readStruct } from '../thrift/thrift-struct';
import { TType } from '../thrift/thrift-type';
import type { JaegerLogRecord, JaegerProcessRecord, JaegerReference, JaegerSpanRecord } from './jaeger-record';
import { readLog, readProcess, readSpanRef, readTags, requireField } from './jaeger-thrift-structs';
import { JaegerSpanConverter } from './jaeger-to-model';

/**
 * Decodes the body of Jaeger's `POST /api/traces` (`application/x-thrift`,
 * `application/vnd.apache.thrift.binary`): one bare `jaeger.Batch` struct in TBinaryProtocol, as
 * jaeger-client's HTTPSender and Jaeger's Go `TDeserializer` write and read it. Trailing bytes
 * after the struct are ignored, as the Go deserializer ignores them.
 *
 * Throws DecodeError for anything that is not a well-formed Batch (truncated, impossible sizes,
 * nesting, a missing required field); never any other exception, and memory stays linear in the
 * input. Spans with invalid ids are rejected with a reason in the result.
 */
export function decodeJaegerThriftBatch(bytes: Uint8Array): DecodeResult {
  const reader = new ThriftReader(bytes);
  let process: JaegerProcessRecord | undefined;
  let spans: JaegerSpanRecord[] | undefined;
  const processWarnings: string[] = [];
  try {
    readStruct(reader, ({ id, type }) => {
      if (id === 1 && type === TType.STRUCT) process = readProcess(reader, processWarnings);
      else if (id === 2 && type === TType.LIST) spans = readList(reader, TType.STRUCT, () => readSpan(reader)) ?? [];
      else return false; // seqNo (3) and stats (4) carry client bookkeeping only
      return true;
    });
    requireField(process, 'Batch', 'process', reader);
    requireField(spans, 'Batch', 'spans', reader);
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    // A bug here must still answer 400 rather than crash the receiver; keep the cause for the log.
    throw new DecodeError('thrift: cannot decode jaeger.Batch', { cause: error });
  }
  const builder = new DecodeResultBuilder();
  const converter = new JaegerSpanConverter(builder, process);
  for (const span of spans ?? []) converter.add(processWarnings.length === 0 ? span : { ...span, warnings: [...processWarnings, ...span.warnings] });
  return builder.build();
}

function readSpan(reader: ThriftReader): JaegerSpanRecord {
  const warnings: string[] = [];
  let low: string | undefined;
  let high: string | undefined;
  let spanId: string | undefined;
  let parentSpanId: string | undefined;
  let operationName: string | undefined;
  let references: JaegerReference[] = [];
  let flags: number | undefined;
  let startTime: bigint | undefined;
  let duration: bigint | undefined;
  let tags: Attribute[] = [];
  let logs: JaegerLogRecord[] = [];
  readStruct(reader, ({ id, type }) => {
    if (id === 1 && type === TType.I64) low = reader.readI64Hex();
    else if (id === 2 && type === TType.I64) high = reader.readI64Hex();
    else if (id === 3 && type === TType.I64) spanId = reader.readI64Hex();
    else if (id === 4 && type === TType.I64) parentSpanId = reader.readI64Hex();
    else if (id === 5 && type === TType.STRING) operationName = reader.readString();
    else if (id === 6 && type === TType.LIST) references = readList(reader, TType.STRUCT, () => readSpanRef(reader)) ?? [];
    else if (id === 7 && type === TType.I32) flags = reader.readI32();
    else if (id === 8 && type === TType.I64) startTime = reader.readI64();
    else if (id === 9 && type === TType.I64) duration = reader.readI64();
    else if (id === 10 && type === TType.LIST) tags = readTags(reader, warnings);
    else if (id === 11 && type === TType.LIST) logs = readList(reader, TType.STRUCT, () => readLog(reader, warnings)) ?? [];
    else return false; // 12: incomplete (never sent by clients)
    return true;
  });
  return {
    traceIdHex: requireField(high, 'Span', 'traceIdHigh', reader) + requireField(low, 'Span', 'traceIdLow', reader),
    spanIdHex: requireField(spanId, 'Span', 'spanId', reader),
    parentSpanIdHex: requireField(parentSpanId, 'Span', 'parentSpanId', reader),
    operationName: requireField(operationName, 'Span', 'operationName', reader),
    references,
    flags: requireField(flags, 'Span', 'flags', reader),
    startTimeUnixNano: requireField(startTime, 'Span', 'startTime', reader) * 1000n,
    durationNanos: requireField(duration, 'Span', 'duration', reader) * 1000n,
    tags,
    logs,
    process: undefined,
    warnings,
  };
}
