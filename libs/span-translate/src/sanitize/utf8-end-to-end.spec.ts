import { findAttribute } from '@waymark/span-model';
import type { Span } from '@waymark/span-model';
import { encodeJaegerBatch } from '../../test/fixtures/jaeger/encode-jaeger-batch';
import { decodeJaegerThriftBatch } from '../jaeger/decode-jaeger-thrift';
import { decodeZipkinV2Json } from '../zipkin/decode-zipkin-v2-json';
import { createSanitizer } from './create-sanitizer';

/** Latin-1 "café" where UTF-8 was expected: the client's exact bytes must survive to storage. */
const CAFE_LATIN1 = [0x63, 0x61, 0x66, 0xe9];

function replaceOnce(bytes: Uint8Array, find: number[], replacement: number[]): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const at = text.indexOf(Buffer.from(find).toString('latin1'));
  expect(at).toBeGreaterThanOrEqual(0);
  return Uint8Array.from([...bytes.subarray(0, at), ...replacement, ...bytes.subarray(at + find.length)]);
}

function expectRepaired(span: Span): void {
  expect(span.name).toBe('caf\uFFFD');
  const original = findAttribute(span.attributes, 'invalid-span-name');
  expect(original?.type === 'bytes' ? [...original.value] : undefined).toEqual(CAFE_LATIN1);
  expect(span.warnings).toEqual(['invalid-utf8: replaced invalid UTF-8 with U+FFFD in span name; original bytes kept in invalid-span-name']);
}

describe('invalid UTF-8 from the wire to the sanitizer', () => {
  const sanitize = createSanitizer();

  it('Thrift: the original bytes of an invalid operation name are kept', () => {
    const body = encodeJaegerBatch({ process: { serviceName: 'svc' }, spans: [{ traceIdLow: 1n, traceIdHigh: 0n, spanId: 2n, parentSpanId: 0n, operationName: 'cafX', flags: 1, startTime: 1n, duration: 1n }] });
    const decoded = decodeJaegerThriftBatch(replaceOnce(body, [...Buffer.from('cafX')], CAFE_LATIN1));
    expectRepaired(sanitize(decoded.spans)[0] as Span);
  });

  it('Zipkin JSON: the original bytes of an invalid span name are kept', () => {
    const json = Buffer.from('[{"traceId":"5b8efff798038103d269b633813fc60c","id":"eee19b7ec3c1b174","name":"cafX","localEndpoint":{"serviceName":"svc"}}]');
    const decoded = decodeZipkinV2Json(replaceOnce(json, [...Buffer.from('cafX')], CAFE_LATIN1));
    expectRepaired(sanitize(decoded.spans)[0] as Span);
  });
});
