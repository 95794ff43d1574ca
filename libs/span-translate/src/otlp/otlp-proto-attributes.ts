import type { Attribute, AttributeValue } from '@waymark/span-model';
import { DecodeError } from '../decode-result';
import { EMPTY_VALUE } from './otlp-conventions';
import type { WireReader } from './wire-reader';

// Tags (field number << 3 | wire type) of opentelemetry.proto.common.v1.
const KV_KEY = 0x0a;
const KV_VALUE = 0x12;
const ANY_STRING = 0x0a;
const ANY_BOOL = 0x10;
const ANY_INT = 0x18;
const ANY_DOUBLE = 0x21;
const ANY_ARRAY = 0x2a;
const ANY_KVLIST = 0x32;
const ANY_BYTES = 0x3a;
const LIST_VALUES = 0x0a;

/**
 * Reads one length-delimited KeyValue at the reader's position. `maxDepth` bounds AnyValue
 * nesting (the value itself is at depth 1): recursion is therefore at most `maxDepth` frames
 * deep, and deeper input is a DecodeError rather than a stack overflow.
 */
export function readKeyValue(r: WireReader, maxDepth: number): Attribute {
  return readKeyValueAt(r, 1, maxDepth);
}

function readKeyValueAt(r: WireReader, depth: number, maxDepth: number): Attribute {
  const saved = r.enter(r.length());
  let key = '';
  let value = EMPTY_VALUE;
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === KV_KEY) key = r.string();
    else if (tag === KV_VALUE) value = readAnyValue(r, depth, maxDepth);
    else r.skip(tag & 7);
  }
  r.leave(saved);
  return { key, value };
}

/**
 * Reads one length-delimited AnyValue. A oneof set twice keeps the last value, as protobuf
 * does; an AnyValue with none (or only fields unknown here, such as the profiling signal's
 * `string_value_strindex`) is `empty`.
 */
function readAnyValue(r: WireReader, depth: number, maxDepth: number): AttributeValue {
  if (depth > maxDepth) throw new DecodeError(`invalid OTLP protobuf: attribute value nested deeper than ${maxDepth} levels`);
  const saved = r.enter(r.length());
  let value = EMPTY_VALUE;
  while (r.pos < r.limit) {
    const tag = r.tag();
    switch (tag) {
      case ANY_STRING:
        value = { type: 'string', value: r.string() };
        break;
      case ANY_BOOL:
        value = { type: 'bool', value: r.bool() };
        break;
      case ANY_INT:
        value = { type: 'int', value: r.int64() };
        break;
      case ANY_DOUBLE:
        value = { type: 'double', value: r.double() };
        break;
      case ANY_ARRAY:
        value = { type: 'array', value: readList(r, depth, maxDepth, readAnyValue) };
        break;
      case ANY_KVLIST:
        value = { type: 'kvlist', value: readList(r, depth, maxDepth, readKeyValueAt) };
        break;
      case ANY_BYTES:
        value = { type: 'bytes', value: r.bytes() };
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.leave(saved);
  return value;
}

/** ArrayValue and KeyValueList: a message with one repeated field 1 of items one level deeper. */
function readList<T>(r: WireReader, depth: number, maxDepth: number, readItem: (r: WireReader, depth: number, maxDepth: number) => T): T[] {
  const saved = r.enter(r.length());
  const items: T[] = [];
  while (r.pos < r.limit) {
    const tag = r.tag();
    if (tag === LIST_VALUES) items.push(readItem(r, depth + 1, maxDepth));
    else r.skip(tag & 7);
  }
  r.leave(saved);
  return items;
}
