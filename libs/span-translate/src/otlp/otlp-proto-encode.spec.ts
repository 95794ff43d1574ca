import { longToBigInt, otlp } from '@waymark/idl';
import type { AttributeValue, Span } from '@waymark/span-model';
import { EMPTY_SCOPE, spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import { decodeOtlpProto } from './otlp-proto-decode';
import { encodeOtlpProto } from './otlp-proto-encode';

const { ExportTraceServiceRequest } = otlp.collector.trace.v1;
const resource = { serviceName: 'svc', attributes: [{ key: 'service.name', value: { type: 'string', value: 'svc' } as const }], droppedAttributesCount: 0, schemaUrl: '' };

function span(extra: Partial<Span> = {}): Span {
  return {
    traceId: traceIdFromHex('5b8efff798038103d269b633813fc60c')!, // eslint-disable-line @typescript-eslint/no-non-null-assertion
    spanId: spanIdFromHex('eee19b7ec3c1b174')!, // eslint-disable-line @typescript-eslint/no-non-null-assertion
    parentSpanId: undefined,
    traceState: '',
    flags: 0,
    name: 'op',
    kind: 'server',
    startTimeUnixNano: 1_750_000_000_000_000_000n,
    endTimeUnixNano: 1_750_000_000_000_000_100n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 'unset', message: '' },
    resource,
    scope: EMPTY_SCOPE,
    warnings: [],
    ...extra,
  };
}

describe('encodeOtlpProto', () => {
  it('writes int64 boundary values that protobufjs reads back exactly', () => {
    const ints = [0n, 1n, 127n, 128n, 2n ** 31n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n - 1n, -1n, -(2n ** 31n), -(2n ** 53n), -(2n ** 63n)];
    const bytes = encodeOtlpProto([span({ attributes: ints.map((value, i) => ({ key: `i${i}`, value: { type: 'int', value } })) })]);
    const decoded = ExportTraceServiceRequest.decode(bytes).resourceSpans[0]?.scopeSpans?.[0]?.spans?.[0];
    expect(decoded?.attributes?.map((kv) => longToBigInt(kv.value?.intValue))).toEqual(ints);
    expect(decodeOtlpProto(bytes).spans[0]?.attributes.map((a) => (a.value as { value: bigint }).value)).toEqual(ints);
  });

  it('writes flags as fixed32 field 16, times as fixed64, and omits defaults', () => {
    const bytes = encodeOtlpProto([span({ flags: 0x301, kind: 'unspecified', name: '' })]);
    const message = ExportTraceServiceRequest.decode(bytes);
    const decoded = message.resourceSpans[0]?.scopeSpans?.[0]?.spans?.[0];
    expect(decoded?.flags).toBe(0x301);
    expect(longToBigInt(decoded?.endTimeUnixNano)).toBe(1_750_000_000_000_000_100n);
    // Only trace id, span id, the two times, flags: 18 + 10 + 9 + 9 + 6 bytes, no kind, name or status.
    expect(otlp.trace.v1.Span.encode(decoded ?? {}).finish().length).toBe(52);
    expect(message.resourceSpans[0]?.scopeSpans?.[0]?.scope).toBeFalsy();
  });

  it('writes messages of every length class (1- to 4-byte length prefixes) that protobufjs reads', () => {
    for (const length of [100, 200, 20_000, 3_000_000]) {
      const text = 'é'.repeat(length / 2);
      const bytes = encodeOtlpProto([span({ attributes: [{ key: 'big', value: { type: 'string', value: text } }] })]);
      const decoded = ExportTraceServiceRequest.decode(bytes).resourceSpans[0]?.scopeSpans?.[0]?.spans?.[0];
      expect(decoded?.attributes?.[0]?.value?.stringValue).toBe(text);
      expect(decodeOtlpProto(bytes).spans[0]?.attributes[0]?.value).toEqual({ type: 'string', value: text });
    }
  });

  it('groups spans by resource and then scope object, in first-seen order', () => {
    const other = { ...resource, serviceName: 'other' };
    const scope = { ...EMPTY_SCOPE, name: 'lib' };
    const spans = [span({ name: 'a' }), span({ name: 'b', resource: other }), span({ name: 'c', scope }), span({ name: 'd' })];
    const message = ExportTraceServiceRequest.decode(encodeOtlpProto(spans));
    const layout = message.resourceSpans.map((rs) => (rs.scopeSpans ?? []).map((ss) => (ss.spans ?? []).map((s) => s.name).join('')));
    expect(layout).toEqual([['ad', 'c'], ['b']]);
  });

  it('carries warnings as the waymark.warnings string array, last among the attributes', () => {
    const value: AttributeValue = { type: 'bool', value: true };
    const bytes = encodeOtlpProto([span({ attributes: [{ key: 'a', value }], warnings: ['clock skew', 'end before start'] })]);
    const attributes = ExportTraceServiceRequest.decode(bytes).resourceSpans[0]?.scopeSpans?.[0]?.spans?.[0]?.attributes;
    expect(attributes?.map((kv) => kv.key)).toEqual(['a', 'waymark.warnings']);
    expect(attributes?.[1]?.value?.arrayValue?.values?.map((v) => v.stringValue)).toEqual(['clock skew', 'end before start']);
    expect(decodeOtlpProto(bytes).spans[0]).toMatchObject({ attributes: [{ key: 'a', value }], warnings: ['clock skew', 'end before start'] });
  });

  it('clamps counts to uint32 and gives an empty request for no spans', () => {
    const decoded = decodeOtlpProto(encodeOtlpProto([span({ droppedAttributesCount: 2 ** 40, droppedEventsCount: -3 })])).spans[0];
    expect(decoded).toMatchObject({ droppedAttributesCount: 0xffffffff, droppedEventsCount: 0 });
    expect(encodeOtlpProto([])).toHaveLength(0);
  });
});
