import { Buffer } from 'node:buffer';
import { DecodeError } from '../decode-result';

const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^-?[0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;

/**
 * Thrown (and caught by decodeOtlpJson) when an int64 field held a JSON number beyond 2^53 and
 * the source text is at hand: JSON.parse already rounded it, so the text is parsed again with
 * such numbers kept as strings.
 */
export class LosslessReparseNeeded extends Error {}

export type JsonObject = Record<string, unknown>;

/** A field name, or an index in an array. */
export type Key = string | number;

/**
 * Typed reads of OTLP/JSON values (proto3 JSON mapping) that track where they are, so a value of
 * the wrong type fails with a DecodeError naming its path, e.g.
 * `resourceSpans[0].scopeSpans[0].spans[3].attributes[1].value.intValue`. `null` means absent,
 * as in proto3 JSON; absent scalars read as their defaults.
 */
export class JsonCursor {
  private readonly path: (string | number)[] = [];

  /** @param reparseOnUnsafeInteger whether an unsafe int64 number may be re-read from the source text. */
  constructor(private readonly reparseOnUnsafeInteger: boolean) {}

  enter(key: string | number): void {
    this.path.push(key);
  }

  leave(): void {
    this.path.pop();
  }

  fail(field: Key, expected: string, got: unknown): never {
    let where = '';
    for (const key of [...this.path, field]) where += typeof key === 'number' ? `[${key}]` : where === '' ? key : `.${key}`;
    const kind = got === null ? 'null' : Array.isArray(got) ? 'array' : typeof got;
    throw new DecodeError(`invalid OTLP/JSON: ${where || 'request'}: expected ${expected}, got ${kind}`);
  }

  object(value: unknown, field: Key): JsonObject | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) this.fail(field, 'an object', value);
    return value as JsonObject;
  }

  array(value: unknown, field: Key): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(field, 'an array', value);
    return value;
  }

  string(value: unknown, field: Key): string {
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') this.fail(field, 'a string', value);
    return value;
  }

  bool(value: unknown, field: Key): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') this.fail(field, 'true or false', value);
    return value;
  }

  /** uint32 (counts, flags): a JSON number or a decimal string. */
  uint32(value: unknown, field: Key): number {
    if (value === undefined || value === null) return 0;
    const n = typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) this.fail(field, 'a uint32 number', value);
    return n;
  }

  /** An enum: OTLP/JSON sends the integer; names are not OTLP/JSON. */
  enumNumber(value: unknown, field: Key): number {
    if (value === undefined || value === null) return 0;
    if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 0x7fffffff) this.fail(field, 'an integer enum value', value);
    return value;
  }

  /** fixed64/uint64 (times in nanoseconds): a decimal string, or a number. */
  uint64(value: unknown, field: Key): bigint {
    const n = this.integer(value, field, 'a uint64 as a decimal string or number');
    if (n < 0n || n > UINT64_MAX) this.fail(field, 'a uint64 within 0..2^64-1', value);
    return n;
  }

  /** int64 (intValue): a decimal string, or a number. */
  int64(value: unknown, field: Key): bigint {
    const n = this.integer(value, field, 'an int64 as a decimal string or number');
    if (n < INT64_MIN || n > INT64_MAX) this.fail(field, 'an int64 within -2^63..2^63-1', value);
    return n;
  }

  private integer(value: unknown, field: Key, expected: string): bigint {
    if (value === undefined || value === null) return 0n;
    if (typeof value === 'string' && DECIMAL.test(value)) return BigInt(value);
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.fail(field, expected, value);
    // Beyond 2^53 JSON.parse has rounded the number; re-read the text if we can, else keep the double.
    if (!Number.isSafeInteger(value) && this.reparseOnUnsafeInteger) throw new LosslessReparseNeeded();
    return BigInt(value);
  }

  /** double: a JSON number, or "NaN", "Infinity", "-Infinity" or a numeric string (proto3 JSON). */
  double(value: unknown, field: Key): number {
    if (value === undefined || value === null) return 0;
    if (typeof value === 'number') return value;
    if (typeof value === 'string') {
      if (value === 'NaN') return NaN;
      const n = Number(value);
      if (value.trim() !== '' && !Number.isNaN(n)) return n;
    }
    return this.fail(field, 'a number', value);
  }

  /** bytes: standard or URL-safe base64, padding optional. */
  bytes(value: unknown, field: Key): Uint8Array {
    const text = this.string(value, field);
    if (!BASE64.test(text) || text.replace(/=+$/, '').length % 4 === 1) this.fail(field, 'base64', value);
    return new Uint8Array(Buffer.from(text, 'base64'));
  }
}
