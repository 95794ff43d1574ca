import { googleProtobuf, googleRpc, otlp, bigIntToLong } from '@waymark/idl';
import { grpcCodeOf } from '@waymark/platform';
import type { WaymarkError } from '@waymark/platform';
import type { IngestOutcome } from '../pipeline/span-pipeline';

const { ExportTraceServiceResponse } = otlp.collector.trace.v1;
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** OTLP's success answer: `partial_success` only when spans were rejected (§partial-success). */
export function exportResponseProto(outcome: IngestOutcome): Uint8Array {
  const message = outcome.rejected > 0 ? { partialSuccess: { rejectedSpans: bigIntToLong(BigInt(outcome.rejected)), errorMessage: outcome.rejectionMessage } } : {};
  return ExportTraceServiceResponse.encode(ExportTraceServiceResponse.create(message)).finish();
}

/** The same in OTLP/JSON (int64 as a decimal string). */
export function exportResponseJson(outcome: IngestOutcome): string {
  return JSON.stringify(outcome.rejected > 0 ? { partialSuccess: { rejectedSpans: String(outcome.rejected), errorMessage: outcome.rejectionMessage } } : {});
}

function retryDelaySeconds(error: WaymarkError): number | undefined {
  return error.retryable ? Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000)) : undefined;
}

/** `google.rpc.Status` for an error, with `RetryInfo` in its details when the client should retry. */
export function statusProto(error: WaymarkError): Uint8Array {
  const delay = retryDelaySeconds(error);
  const details =
    delay === undefined
      ? []
      : [googleProtobuf.Any.create({ type_url: RETRY_INFO_TYPE, value: googleRpc.RetryInfo.encode({ retryDelay: { seconds: bigIntToLong(BigInt(delay)), nanos: 0 } }).finish() })];
  return googleRpc.Status.encode(googleRpc.Status.create({ code: grpcCodeOf(error), message: error.message, details })).finish();
}

export function statusJson(error: WaymarkError): string {
  const delay = retryDelaySeconds(error);
  return JSON.stringify({
    code: grpcCodeOf(error),
    message: error.message,
    details: delay === undefined ? [] : [{ '@type': RETRY_INFO_TYPE, retryDelay: `${delay}s` }],
  });
}
