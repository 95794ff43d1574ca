import { DecodeError } from '../decode-result';

/**
 * Typed access to the fields of a parsed JSON object, throwing a DecodeError that names the field
 * (`span[2].localEndpoint.port: expected an integer`) when a field has the wrong type. `null` and
 * absence are the same (Zipkin's own encoders write either).
 */
export class JsonFields {
  constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    readonly path: string,
  ) {}

  /** The value at `path` as a field reader; throws unless it is a JSON object. */
  static of(value: unknown, path: string): JsonFields {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DecodeError(`zipkin json: ${path}: expected an object`);
    return new JsonFields(value as Record<string, unknown>, path);
  }

  has(name: string): boolean {
    return this.fields[name] !== undefined && this.fields[name] !== null;
  }

  fail(name: string, expected: string): never {
    throw new DecodeError(`zipkin json: ${this.path}.${name}: expected ${expected}`);
  }

  /** The field's value of any type; undefined for null or absent. */
  raw(name: string): unknown {
    const value = this.fields[name];
    return value === null ? undefined : value;
  }

  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && typeof value !== 'string') this.fail(name, 'a string');
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value !== undefined && typeof value !== 'boolean') this.fail(name, 'true or false');
    return value;
  }

  /** A whole number in [min, max]; JSON numbers above 2^53 are refused rather than silently rounded. */
  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) this.fail(name, `an integer from ${min} to ${max}`);
    return value;
  }

  object(name: string): JsonFields | undefined {
    const value = this.raw(name);
    return value === undefined ? undefined : JsonFields.of(value, `${this.path}.${name}`);
  }

  array(name: string): readonly unknown[] | undefined {
    const value = this.raw(name);
    if (value !== undefined && !Array.isArray(value)) this.fail(name, 'a list');
    return value as readonly unknown[] | undefined;
  }

  entries(): [string, unknown][] {
    return Object.entries(this.fields);
  }
}
