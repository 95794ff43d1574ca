import { WaymarkError } from '@waymark/platform';
import type { ErrorKind } from '@waymark/platform';
import { DecodeError } from '@waymark/span-translate';
import type { RefusalReason } from './collector-metrics';

const REASON_OF: Partial<Record<ErrorKind, RefusalReason>> = {
  'invalid-argument': 'undecodable',
  'too-large': 'too_large',
  'unsupported-media-type': 'unsupported_media_type',
  unauthenticated: 'unauthenticated',
  'permission-denied': 'permission_denied',
};

/** The metric reason for a request refused before its spans reached the pipeline. */
export const refusalReasonOf = (kind: ErrorKind): RefusalReason => REASON_OF[kind] ?? 'undecodable';

/** Runs a protocol decoder; its DecodeError becomes `invalid-argument` (400 / INVALID_ARGUMENT), cause kept. */
export function decodeOrRefuse<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof DecodeError) throw new WaymarkError('invalid-argument', error.message, { cause: error });
    throw error;
  }
}
