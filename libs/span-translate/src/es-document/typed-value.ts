import type { Attribute, AttributeValue } from '@waymark/span-model';

/**
 * An attribute value as JSON, exactly: what Jaeger's tags cannot hold (arrays, maps, empty
 * values, link and scope attributes) is kept in this form in the `waymark` extras, and the
 * document `_id`'s content hash is computed over it. A tuple of a type letter and the value:
 * `['s', text]`, `['b', bool]`, `['i', decimal]` (int64 as a string, so nothing above 2^53 is
 * rounded), `['d', number]` (or `'NaN'`, `'Infinity'`, `'-Infinity'`, `'-0'`, which JSON numbers
 * cannot carry), `['x', base64]`, `['a', values]`, `['m', [[key, value], …]]`, `['e']` (empty).
 */
export type TypedValue =
  | readonly ['s', string]
  | readonly ['b', boolean]
  | readonly ['i', string]
  | readonly ['d', number | string]
  | readonly ['x', string]
  | readonly ['a', readonly TypedValue[]]
  | readonly ['m', readonly TypedAttribute[]]
  | readonly ['e'];

export type TypedAttribute = readonly [string, TypedValue];

/** Thrown when stored extras do not decode; the reader then falls back to Jaeger's fields. */
export class ExtrasMismatch extends Error {
  override readonly name = 'ExtrasMismatch';
}

const SPECIAL_DOUBLES: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** A double as JSON: a number when JSON can carry it exactly, else its name. */
export function encodeDouble(value: number): number | string {
  if (Object.is(value, -0)) return '-0';
  return Number.isFinite(value) ? value : String(value);
}

export function decodeDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  const special = typeof value === 'string' ? SPECIAL_DOUBLES[value] : undefined;
  if (special === undefined) throw new ExtrasMismatch(`not a double: ${String(value)}`);
  return special;
}

export function encodeValue(value: AttributeValue): TypedValue {
  switch (value.type) {
    case 'string':
      return ['s', value.value];
    case 'bool':
      return ['b', value.value];
    case 'int':
      return ['i', value.value.toString()];
    case 'double':
      return ['d', encodeDouble(value.value)];
    case 'bytes':
      return ['x', Buffer.from(value.value.buffer, value.value.byteOffset, value.value.byteLength).toString('base64')];
    case 'array':
      return ['a', value.value.map(encodeValue)];
    case 'kvlist':
      return ['m', encodeAttributes(value.value)];
    case 'empty':
      return ['e'];
  }
}

export const encodeAttributes = (attributes: readonly Attribute[]): TypedAttribute[] => attributes.map((a) => [a.key, encodeValue(a.value)]);

const INT64 = /^-?\d{1,19}$/;

/** The value back; throws {@link ExtrasMismatch} on anything {@link encodeValue} cannot have written. */
export function decodeValue(raw: unknown): AttributeValue {
  if (!Array.isArray(raw)) throw new ExtrasMismatch('typed value is not a tuple');
  const [type, value] = raw as [unknown, unknown];
  switch (type) {
    case 's':
      if (typeof value === 'string') return { type: 'string', value };
      break;
    case 'b':
      if (typeof value === 'boolean') return { type: 'bool', value };
      break;
    case 'i':
      if (typeof value === 'string' && INT64.test(value)) return { type: 'int', value: BigInt(value) };
      break;
    case 'd':
      return { type: 'double', value: decodeDouble(value) };
    case 'x':
      if (typeof value === 'string') return { type: 'bytes', value: new Uint8Array(Buffer.from(value, 'base64')) };
      break;
    case 'a':
      if (Array.isArray(value)) return { type: 'array', value: value.map(decodeValue) };
      break;
    case 'm':
      return { type: 'kvlist', value: decodeAttributes(value) };
    case 'e':
      return { type: 'empty' };
  }
  throw new ExtrasMismatch(`bad typed value of type ${String(type)}`);
}

export function decodeAttributes(raw: unknown): Attribute[] {
  if (!Array.isArray(raw)) throw new ExtrasMismatch('typed attributes are not a list');
  return raw.map((pair: unknown) => {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') throw new ExtrasMismatch('typed attribute is not a [key, value] pair');
    return { key: pair[0], value: decodeValue(pair[1]) };
  });
}
