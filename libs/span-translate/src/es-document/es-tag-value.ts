import type { AttributeValue } from '@waymark/span-model';
import type { JaegerTag } from '../jaeger-model/jaeger-view';
import type { EsFieldValue, EsKeyValue } from './es-span-document';

/**
 * Tag values as the span document stores them, and back. Writing follows Jaeger's `AsString`
 * (bool `true`/`false`, int64 decimal, binary hex) except that floats keep every digit (Jaeger
 * writes 10 significant digits) and binary values are never truncated. Reading accepts what Go's
 * `strconv` accepts, so documents Jaeger wrote read back as Jaeger reads them.
 */

export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Object.is(value, -0) ? '-0' : String(value);
}

const INFINITY = /^([+-]?)inf(inity)?$/i;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Go's `strconv.ParseFloat` forms (decimal, `NaN`, `[+-]Inf[inity]`), or undefined. */
export function parseFloatText(text: string): number | undefined {
  if (/^nan$/i.test(text)) return NaN;
  const inf = INFINITY.exec(text);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return DECIMAL.test(text) ? Number(text) : undefined;
}

const BOOLS: Readonly<Record<string, boolean>> = { true: true, True: true, TRUE: true, t: true, T: true, '1': true, false: false, False: false, FALSE: false, f: false, F: false, '0': false };
const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;

function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?\d{1,19}$/.test(text)) return undefined;
  const value = BigInt(text.replace(/^\+/, ''));
  return value >= INT_MIN && value <= INT_MAX ? value : undefined;
}

function parseHex(text: string): Uint8Array | undefined {
  return /^(?:[0-9a-fA-F]{2})*$/.test(text) ? new Uint8Array(Buffer.from(text, 'hex')) : undefined;
}

export function toEsKeyValue(tag: JaegerTag): EsKeyValue {
  switch (tag.type) {
    case 'string':
      return { key: tag.key, type: tag.type, value: tag.value };
    case 'bool':
    case 'int64':
      return { key: tag.key, type: tag.type, value: String(tag.value) };
    case 'float64':
      return { key: tag.key, type: tag.type, value: formatFloat(tag.value) };
    case 'binary':
      return { key: tag.key, type: tag.type, value: Buffer.from(tag.value.buffer, tag.value.byteOffset, tag.value.byteLength).toString('hex') };
  }
}

/** A field's JSON value; only for tags `fieldNameFor` accepted (int64 within 2^53, finite floats). */
export function toEsFieldValue(tag: JaegerTag): EsFieldValue {
  if (tag.type === 'int64') return Number(tag.value);
  if (tag.type === 'binary') throw new TypeError(`binary tag '${tag.key}' cannot be a field`);
  return tag.value;
}

/** A stored tag read back; `problem` says why it was kept as a string instead of its type. */
export interface ParsedTag {
  readonly tag: JaegerTag;
  readonly problem?: string;
}

function typedTag(key: string, type: unknown, text: string): JaegerTag | undefined {
  switch (type) {
    case undefined:
    case 'string':
      return { key, type: 'string', value: text };
    case 'bool': {
      const value = BOOLS[text];
      return value === undefined ? undefined : { key, type: 'bool', value };
    }
    case 'int64': {
      const value = parseInt64(text);
      return value === undefined ? undefined : { key, type: 'int64', value };
    }
    case 'float64': {
      const value = parseFloatText(text);
      return value === undefined ? undefined : { key, type: 'float64', value };
    }
    case 'binary': {
      const value = parseHex(text);
      return value === undefined ? undefined : { key, type: 'binary', value };
    }
  }
  return undefined;
}

/** A nested `{key, type, value}`; undefined when it has no string key. */
export function parseEsKeyValue(raw: unknown): ParsedTag | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { key, type, value } = raw as { key?: unknown; type?: unknown; value?: unknown };
  if (typeof key !== 'string') return undefined;
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value ?? null);
  const tag = typedTag(key, type, text);
  return tag ? { tag } : { tag: { key, type: 'string', value: text }, problem: `tag '${key}': '${text.slice(0, 40)}' is not a valid ${String(type)}` };
}

/**
 * A `tag.<name>` field: a JSON string, bool or number (Jaeger writes the typed value). An
 * integral number reads as int64 (as Jaeger's reader does; the layout says when it was a double).
 */
export function parseEsField(name: string, raw: unknown, dotReplacement: string): ParsedTag {
  const key = name.replaceAll(dotReplacement, '.');
  if (typeof raw === 'string') return { tag: { key, type: 'string', value: raw } };
  if (typeof raw === 'boolean') return { tag: { key, type: 'bool', value: raw } };
  if (typeof raw === 'number') {
    const asInt = Number.isInteger(raw) && Math.abs(raw) < 2 ** 63;
    return { tag: asInt ? { key, type: 'int64', value: BigInt(raw) } : { key, type: 'float64', value: raw } };
  }
  const text = JSON.stringify(raw ?? null);
  return { tag: { key, type: 'string', value: text }, problem: `field tag '${key}' holds ${text.slice(0, 40)}, not a scalar` };
}

export function tagToAttributeValue(tag: JaegerTag): AttributeValue {
  switch (tag.type) {
    case 'string':
      return { type: 'string', value: tag.value };
    case 'bool':
      return { type: 'bool', value: tag.value };
    case 'int64':
      return { type: 'int', value: tag.value };
    case 'float64':
      return { type: 'double', value: tag.value };
    case 'binary':
      return { type: 'bytes', value: tag.value };
  }
}
