import type { AttributeValue, SpanKind, SpanStatus, StatusCode } from '@waymark/span-model';
import { OtelTag } from './otel-tags';
import type { TagBag } from './tag-bag';

const UNSET: SpanStatus = Object.freeze({ code: 'unset', message: '' });

/**
 * A Jaeger span's status from its tags, as OTCC's `setInternalSpanStatus` derives it:
 * 1. `error=true` wins: ERROR, message from `otel.status_description`, else `http.status_message`.
 *    Besides the bool OTCC reads, the string `"true"` counts too, as the Jaeger UI shows it as an
 *    error. The `error` tag is removed; `error=false` stays an attribute.
 * 2. else `otel.status_code` (`OK`/`ERROR`, any case; anything else gives UNSET) with
 *    `otel.status_description` as the message. `otel.status_code` is removed in every case.
 * 3. else `http.status_code` (int or decimal string): outside 100–399 → ERROR, except 4xx on a
 *    SERVER span → UNSET; message from `http.status_message`. The HTTP tags stay as attributes.
 */
export function takeJaegerStatus(tags: TagBag, kind: SpanKind): SpanStatus {
  if (isTrue(tags.get(OtelTag.ERROR))) {
    tags.remove(OtelTag.ERROR);
    tags.remove(OtelTag.STATUS_CODE);
    const message = tags.takeString(OtelTag.STATUS_DESCRIPTION) ?? tags.getString(OtelTag.HTTP_STATUS_MESSAGE) ?? '';
    return { code: 'error', message };
  }
  const statusCode = tags.take(OtelTag.STATUS_CODE);
  if (statusCode !== undefined) {
    return { code: parseStatusCode(statusCode), message: tags.takeString(OtelTag.STATUS_DESCRIPTION) ?? '' };
  }
  const httpCode = httpStatusCode(tags.get(OtelTag.HTTP_STATUS_CODE));
  if (httpCode === undefined) return UNSET;
  const code = statusFromHttp(httpCode, kind);
  return code === 'unset' ? UNSET : { code, message: tags.getString(OtelTag.HTTP_STATUS_MESSAGE) ?? '' };
}

function isTrue(value: AttributeValue | undefined): boolean {
  return (value?.type === 'bool' && value.value) || (value?.type === 'string' && value.value === 'true');
}

/** `OK`/`ERROR` in any case; OTCC's zipkin path also wrote `STATUS_CODE_OK`/`STATUS_CODE_ERROR`. */
export function parseStatusCode(value: AttributeValue): StatusCode {
  if (value.type !== 'string') return 'unset';
  const text = value.value.toUpperCase();
  if (text === 'OK' || text === 'STATUS_CODE_OK') return 'ok';
  if (text === 'ERROR' || text === 'STATUS_CODE_ERROR') return 'error';
  return 'unset';
}

function httpStatusCode(value: AttributeValue | undefined): number | undefined {
  if (value?.type === 'int') return Number(value.value);
  if (value?.type === 'double' && Number.isInteger(value.value)) return value.value;
  if (value?.type === 'string' && /^-?\d{1,10}$/.test(value.value)) return Number(value.value);
  return undefined;
}

/** OTel HTTP semantic conventions: 4xx is the client's fault, so only a CLIENT span errs on it. */
function statusFromHttp(code: number, kind: SpanKind): StatusCode {
  if (code >= 400 && code < 500) return kind === 'server' ? 'unset' : 'error';
  return code >= 100 && code < 400 ? 'unset' : 'error';
}
