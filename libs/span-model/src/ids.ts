/**
 * Trace and span identifiers as validated lowercase hex strings: 32 characters (16 bytes) for a
 * trace, 16 (8 bytes) for a span. All-zero ids are invalid, as in W3C Trace Context and OTLP.
 * The brands keep a raw string from being used where a validated id is required.
 */
export type TraceId = string & { readonly __brand: 'TraceId' };
export type SpanId = string & { readonly __brand: 'SpanId' };

const HEX = /^[0-9a-f]+$/;
const ZERO = /^0+$/;

function normalizeHex(text: string, length: number): string | undefined {
  const hex = text.length === length ? text.toLowerCase() : undefined;
  if (hex === undefined || !HEX.test(hex) || ZERO.test(hex)) return undefined;
  return hex;
}

/**
 * A trace id from hex, case-insensitive. 16-character (64-bit) ids, as Jaeger and Zipkin clients
 * send them, are left-padded to 32 characters, so they match the same trace everywhere.
 */
export function traceIdFromHex(text: string): TraceId | undefined {
  const padded = text.length === 16 ? `0000000000000000${text}` : text;
  return normalizeHex(padded, 32) as TraceId | undefined;
}

export function spanIdFromHex(text: string): SpanId | undefined {
  return normalizeHex(text, 16) as SpanId | undefined;
}

const BYTE_HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i] as number];
  return out;
}

function isZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** A trace id from its 16 bytes; undefined for any other length or all zeroes. */
export function traceIdFromBytes(bytes: Uint8Array): TraceId | undefined {
  return bytes.length === 16 && !isZero(bytes) ? (bytesToHex(bytes) as TraceId) : undefined;
}

/** A span id from its 8 bytes; undefined for any other length or all zeroes. */
export function spanIdFromBytes(bytes: Uint8Array): SpanId | undefined {
  return bytes.length === 8 && !isZero(bytes) ? (bytesToHex(bytes) as SpanId) : undefined;
}

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export const traceIdToBytes = (id: TraceId): Uint8Array => hexToBytes(id);
export const spanIdToBytes = (id: SpanId): Uint8Array => hexToBytes(id);

/** Jaeger's form: 16 hex characters when the high 64 bits are zero, else 32 (`model.TraceID.String()`). */
export function traceIdToJaegerHex(id: TraceId): string {
  return id.startsWith('0000000000000000') ? id.slice(16) : id;
}
