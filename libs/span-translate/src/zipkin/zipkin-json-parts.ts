import type { JsonFields } from './json-fields';
import type { ZipkinEndpoint } from './zipkin-record';

/** Largest port; Zipkin's JSON allows 0 (absent) to 65535. */
const MAX_PORT = 0xffff;

/** Epoch microseconds: a whole, non-negative JSON number (absent → undefined). */
export function readMicros(fields: JsonFields, name: string): bigint | undefined {
  const value = fields.integer(name, 0);
  return value === undefined ? undefined : BigInt(value);
}

/** An endpoint object, shared by the v1 and v2 JSON formats. */
export function readEndpoint(fields: JsonFields | undefined): ZipkinEndpoint | undefined {
  if (!fields) return undefined;
  return {
    serviceName: fields.string('serviceName') ?? '',
    ipv4: fields.string('ipv4') ?? '',
    ipv6: fields.string('ipv6') ?? '',
    port: fields.integer('port', 0, MAX_PORT) ?? 0,
  };
}

/** Parses a JSON body (bytes read as UTF-8, invalid sequences kept recoverable; a BOM skipped). */
export function parseJsonBody(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}
