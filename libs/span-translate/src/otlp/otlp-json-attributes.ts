import type { Attribute, AttributeValue } from '@waymark/span-model';
import { DecodeError } from '../decode-result';
import type { JsonCursor, Key } from './json-cursor';
import { EMPTY_VALUE } from './otlp-conventions';

/** Reads an OTLP/JSON `attributes` array (KeyValue objects) at `field` of the current object. */
export function readJsonAttributes(c: JsonCursor, value: unknown, field: string, maxDepth: number): Attribute[] {
  const list = c.array(value, field);
  const attributes: Attribute[] = new Array<Attribute>(list.length);
  c.enter(field);
  for (let i = 0; i < list.length; i++) attributes[i] = readKeyValue(c, list[i], i, 1, maxDepth);
  c.leave();
  return attributes;
}

function readKeyValue(c: JsonCursor, value: unknown, index: number, depth: number, maxDepth: number): Attribute {
  const kv = c.object(value, index) ?? c.fail(index, 'a KeyValue object', value);
  c.enter(index);
  const attribute = { key: c.string(kv.key, 'key'), value: readAnyValue(c, kv.value, 'value', depth, maxDepth) };
  c.leave();
  return attribute;
}

/**
 * An AnyValue object: exactly one of stringValue, boolValue, intValue (string or number),
 * doubleValue, bytesValue (base64), arrayValue {values}, kvlistValue {values}; none (or `{}`)
 * is the empty value. Other keys are ignored. Nesting deeper than `maxDepth` is refused.
 */
function readAnyValue(c: JsonCursor, value: unknown, field: Key, depth: number, maxDepth: number): AttributeValue {
  const any = c.object(value, field);
  if (any === undefined) return EMPTY_VALUE;
  if (depth > maxDepth) throw new DecodeError(`invalid OTLP/JSON: attribute value nested deeper than ${maxDepth} levels`);
  c.enter(field);
  let result = EMPTY_VALUE;
  let found = 0;
  for (const key in any) {
    const v = any[key];
    if (v === null || v === undefined) continue;
    switch (key) {
      case 'stringValue':
        result = { type: 'string', value: c.string(v, key) };
        break;
      case 'boolValue':
        result = { type: 'bool', value: c.bool(v, key) };
        break;
      case 'intValue':
        result = { type: 'int', value: c.int64(v, key) };
        break;
      case 'doubleValue':
        result = { type: 'double', value: c.double(v, key) };
        break;
      case 'bytesValue':
        result = { type: 'bytes', value: c.bytes(v, key) };
        break;
      case 'arrayValue':
        result = { type: 'array', value: readList(c, v, key, depth, maxDepth, readAnyValueAt) };
        break;
      case 'kvlistValue':
        result = { type: 'kvlist', value: readList(c, v, key, depth, maxDepth, readKeyValue) };
        break;
      default:
        continue; // unknown field: ignored, as OTLP/JSON requires
    }
    if (++found > 1) c.fail(key, 'one value per AnyValue (a oneof)', v);
  }
  c.leave();
  return result;
}

const readAnyValueAt = (c: JsonCursor, value: unknown, index: number, depth: number, maxDepth: number): AttributeValue =>
  readAnyValue(c, value, index, depth, maxDepth);

/** ArrayValue / KeyValueList: `{"values": [...]}`, items one level deeper. */
function readList<T>(
  c: JsonCursor,
  value: unknown,
  field: string,
  depth: number,
  maxDepth: number,
  readItem: (c: JsonCursor, value: unknown, index: number, depth: number, maxDepth: number) => T,
): T[] {
  const list = c.object(value, field) ?? {};
  c.enter(field);
  const values = c.array(list.values, 'values');
  c.enter('values');
  const items = values.map((item, index) => readItem(c, item, index, depth + 1, maxDepth));
  c.leave();
  c.leave();
  return items;
}
