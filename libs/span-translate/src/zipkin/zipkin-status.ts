import type { SpanStatus } from '@waymark/span-model';
import { parseStatusCode } from '../jaeger/jaeger-status';
import { OtelTag } from '../jaeger/otel-tags';
import type { TagBag } from '../jaeger/tag-bag';

/**
 * A Zipkin span's status from its (string) tags:
 * 1. `otel.status_code` (`OK`/`ERROR`, or OTCC's old `STATUS_CODE_*`) with `otel.status_description`
 *    as the message; both removed (OTCC `populateSpanStatus`).
 * 2. A tag `error` makes the status ERROR. OTCC accepts only `"true"`; Zipkin's own convention
 *    (Brave, zipkin-js) and the OTel spec for Zipkin exporters put the error *message* in it, so any
 *    value but `"false"` counts. A value other than `"true"`/`""` becomes the status message when
 *    there is none yet. The tag is removed unless its message would be lost (it differs from an
 *    `otel.status_description` already taken); `error=false` stays an attribute.
 */
export function takeZipkinStatus(tags: TagBag): SpanStatus {
  let status: SpanStatus = { code: 'unset', message: '' };
  const code = tags.take(OtelTag.STATUS_CODE);
  if (code !== undefined) status = { code: parseStatusCode(code), message: tags.takeString(OtelTag.STATUS_DESCRIPTION) ?? '' };
  const error = tags.getString(OtelTag.ERROR);
  if (error === undefined || error === 'false') return status;
  const isMessage = error !== 'true' && error !== '';
  if (!isMessage || status.message === '' || status.message === error) tags.remove(OtelTag.ERROR);
  return { code: 'error', message: status.message === '' && isMessage ? error : status.message };
}
