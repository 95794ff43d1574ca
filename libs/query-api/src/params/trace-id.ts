import { traceIdFromHex } from '@waymark/span-model';
import type { TraceId } from '@waymark/span-model';
import { invalidArgument } from '@waymark/platform';

const HEX_ID = /^[0-9a-fA-F]{1,32}$/;
const MAX_ECHO = 40;

/** Echoes client input in an error message without letting it grow the message without bound. */
export const clip = (text: string): string => (text.length > MAX_ECHO ? `${text.slice(0, MAX_ECHO)}…` : text);

/**
 * A trace id as Jaeger's `model.TraceIDFromString` reads it: 1 to 32 hex characters, case
 * insensitive, shorter ids left-padded with zeros (`abc` is `000…0abc`, so legacy ids without
 * leading zeros still match). All zeros is no trace. Throws `invalid-argument` naming `param`.
 */
export function parseTraceIdParam(text: string, param: string): TraceId {
  const id = HEX_ID.test(text) ? traceIdFromHex(text.toLowerCase().padStart(32, '0')) : undefined;
  if (id === undefined) throw invalidArgument(`malformed '${param}' parameter: '${clip(text)}' is not a trace id (1 to 32 hex characters, not all zero)`);
  return id;
}
