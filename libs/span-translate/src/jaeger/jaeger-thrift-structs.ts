import { boolValue, bytesValue, doubleValue, intValue, stringValue } from '@waymark/span-model';
import type { Attribute, AttributeValue } from '@waymark/span-model';
import type { ThriftReader } from '../thrift/thrift-reader';
import { readList, readStruct } from '../thrift/thrift-struct';
import { TType } from '../thrift/thrift-type';
import type { JaegerLogRecord, JaegerProcessRecord, JaegerReference } from './jaeger-record';

/**
 * Readers for the small structs of jaeger.thrift (IDL `thrift/jaeger.thrift`). As generated
 * Thrift code does, a missing `required` field is a decode error naming the struct and field;
 * unknown fields are skipped.
 */
export function requireField<T>(value: T | undefined, struct: string, field: string, reader: ThriftReader): T {
  if (value === undefined) reader.fail(`required field ${struct}.${field} is not set`);
  return value;
}

/** jaeger.thrift TagType. */
const TagType = { STRING: 0, DOUBLE: 1, BOOL: 2, LONG: 3, BINARY: 4 } as const;
const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** A Tag as an attribute; `warnings` receives a note for a tag type the IDL does not define. */
export function readTag(reader: ThriftReader, warnings: string[]): Attribute {
  let key: string | undefined;
  let vType: number | undefined;
  const v = { vStr: '', vDouble: 0, vBool: false, vLong: 0n, vBinary: EMPTY_BYTES };
  // The hottest struct (clients send every optional field of every tag): a plain loop, no callback.
  reader.nested(() => {
    for (let field = reader.readFieldBegin(); field; field = reader.readFieldBegin()) {
      const { id, type } = field;
      if (id === 1 && type === TType.STRING) key = reader.readString();
      else if (id === 2 && type === TType.I32) vType = reader.readI32();
      else if (id === 3 && type === TType.STRING) v.vStr = reader.readString();
      else if (id === 4 && type === TType.DOUBLE) v.vDouble = reader.readDouble();
      else if (id === 5 && type === TType.BOOL) v.vBool = reader.readBool();
      else if (id === 6 && type === TType.I64) v.vLong = reader.readI64();
      else if (id === 7 && type === TType.STRING) v.vBinary = reader.readBinary();
      else reader.skip(type);
    }
  });
  const tagKey = requireField(key, 'Tag', 'key', reader);
  const tagType = requireField(vType, 'Tag', 'vType', reader);
  return { key: tagKey, value: tagValue(tagType, v, tagKey, warnings) };
}

function tagValue(vType: number, v: { vStr: string; vDouble: number; vBool: boolean; vLong: bigint; vBinary: Uint8Array }, key: string, warnings: string[]): AttributeValue {
  switch (vType) {
    case TagType.STRING:
      return stringValue(v.vStr);
    case TagType.DOUBLE:
      return doubleValue(v.vDouble);
    case TagType.BOOL:
      return boolValue(v.vBool);
    case TagType.LONG:
      return intValue(v.vLong);
    case TagType.BINARY:
      return bytesValue(v.vBinary);
    default:
      // OTCC writes the same placeholder; the warning says which tag lost its value.
      warnings.push(`unknown-tag-type: tag ${JSON.stringify(key.slice(0, 64))} has Jaeger tag type ${vType}`);
      return stringValue(`<Unknown Jaeger TagType ${vType}>`);
  }
}

export function readTags(reader: ThriftReader, warnings: string[]): Attribute[] {
  return readList(reader, TType.STRUCT, () => readTag(reader, warnings)) ?? [];
}

export function readLog(reader: ThriftReader, warnings: string[]): JaegerLogRecord {
  let timestamp: bigint | undefined;
  let fields: Attribute[] | undefined;
  readStruct(reader, ({ id, type }) => {
    if (id === 1 && type === TType.I64) timestamp = reader.readI64();
    else if (id === 2 && type === TType.LIST) fields = readTags(reader, warnings);
    else return false;
    return true;
  });
  return { timeUnixNano: requireField(timestamp, 'Log', 'timestamp', reader) * 1000n, fields: requireField(fields, 'Log', 'fields', reader) };
}

export function readSpanRef(reader: ThriftReader): JaegerReference {
  let refType: number | undefined;
  let low: string | undefined;
  let high: string | undefined;
  let spanId: string | undefined;
  readStruct(reader, ({ id, type }) => {
    if (id === 1 && type === TType.I32) refType = reader.readI32();
    else if (id === 2 && type === TType.I64) low = reader.readI64Hex();
    else if (id === 3 && type === TType.I64) high = reader.readI64Hex();
    else if (id === 4 && type === TType.I64) spanId = reader.readI64Hex();
    else return false;
    return true;
  });
  return {
    refType: requireField(refType, 'SpanRef', 'refType', reader),
    traceIdHex: requireField(high, 'SpanRef', 'traceIdHigh', reader) + requireField(low, 'SpanRef', 'traceIdLow', reader),
    spanIdHex: requireField(spanId, 'SpanRef', 'spanId', reader),
  };
}

export function readProcess(reader: ThriftReader, warnings: string[]): JaegerProcessRecord {
  let serviceName: string | undefined;
  let tags: Attribute[] = [];
  readStruct(reader, ({ id, type }) => {
    if (id === 1 && type === TType.STRING) serviceName = reader.readString();
    else if (id === 2 && type === TType.LIST) tags = readTags(reader, warnings);
    else return false;
    return true;
  });
  return { serviceName: requireField(serviceName, 'Process', 'serviceName', reader), tags };
}
