import { googleRpc, longToBigInt, otlp } from '@waymark/idl';
import { WaymarkError } from '@waymark/platform';
import { exportResponseJson, exportResponseProto, statusJson, statusProto } from './otlp-responses';

describe('OTLP responses', () => {
  it('carries partial success only when spans were rejected', () => {
    const partial = otlp.collector.trace.v1.ExportTraceServiceResponse.decode(exportResponseProto({ accepted: 3, rejected: 2, rejectionMessage: '2 span(s): invalid trace id' }));
    expect(longToBigInt(partial.partialSuccess?.rejectedSpans)).toBe(2n);
    expect(partial.partialSuccess?.errorMessage).toBe('2 span(s): invalid trace id');
    expect(exportResponseProto({ accepted: 3, rejected: 0, rejectionMessage: '' })).toHaveLength(0);
    expect(JSON.parse(exportResponseJson({ accepted: 1, rejected: 4, rejectionMessage: 'x' }))).toEqual({ partialSuccess: { rejectedSpans: '4', errorMessage: 'x' } });
    expect(exportResponseJson({ accepted: 1, rejected: 0, rejectionMessage: '' })).toBe('{}');
  });

  it('puts RetryInfo in the Status of a retryable error, and none in a final one', () => {
    const retryable = googleRpc.Status.decode(statusProto(new WaymarkError('unavailable', 'kafka down', { retryAfterMs: 2500 })));
    expect([retryable.code, retryable.message]).toEqual([14, 'kafka down']);
    const detail = retryable.details[0];
    expect(detail?.type_url).toBe('type.googleapis.com/google.rpc.RetryInfo');
    expect(longToBigInt(googleRpc.RetryInfo.decode(detail?.value ?? new Uint8Array()).retryDelay?.seconds)).toBe(3n);

    const final = googleRpc.Status.decode(statusProto(new WaymarkError('too-large', 'too big')));
    expect([final.code, final.details]).toEqual([8, []]);
    expect(JSON.parse(statusJson(new WaymarkError('rate-limited', 'slow', { retryAfterMs: 1000 })))).toEqual({
      code: 14,
      message: 'slow',
      details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }],
    });
  });
});
