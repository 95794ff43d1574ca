import fc from 'fast-check';
import { otlp } from '@waymark/idl';
import type { Resource, Span } from '@waymark/span-model';
import { spanBatchArb } from '@waymark/storage-testing';
import { field, nestedAnyValue } from '../../test/fixtures/otlp/crafted-payloads';
import { createSanitizer } from '../sanitize/create-sanitizer';
import { decodeOtlpProto } from './otlp-proto-decode';
import { encodeOtlpProto } from './otlp-proto-encode';
import { scanOtlpProto } from './otlp-proto-scan';
import type { OtlpScanRules } from './otlp-proto-scan';

type SpanProps = otlp.trace.v1.Span.$Properties;
const { ExportTraceServiceRequest } = otlp.collector.trace.v1;

const NOW_MS = Date.UTC(2026, 10, 21, 12);
const NOW_NS = BigInt(NOW_MS) * 1_000_000n;
const limits = { maxAttributes: 8, maxAttributeValueLength: 40, maxEvents: 3, maxLinks: 3 };
const window = { maxFutureMs: 3_600_000, maxPastMs: 7 * 86_400_000, nowMs: NOW_MS };
const RULES: OtlpScanRules = { maxAnyValueDepth: 4, limits, window };
const sanitize = createSanitizer({ timeWindow: { maxFutureMs: window.maxFutureMs, maxPastMs: window.maxPastMs, now: () => NOW_MS }, limits });

const TRACE = Uint8Array.from(Buffer.from('5b8efff798038103d269b633813fc60c', 'hex'));
const SPAN = Uint8Array.from(Buffer.from('eee19b7ec3c1b174', 'hex'));
const PARENT = Uint8Array.from(Buffer.from('0102030405060708', 'hex'));
const span = (extra: SpanProps = {}): SpanProps => ({ traceId: TRACE, spanId: SPAN, name: 'op', startTimeUnixNano: (NOW_NS - 1000n).toString() as never, endTimeUnixNano: NOW_NS.toString() as never, ...extra });
const request = (spans: SpanProps[], service: unknown = { stringValue: 'svc' }): Uint8Array =>
  ExportTraceServiceRequest.encode({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: service as never }] }, scopeSpans: [{ scope: { name: 'lib' }, spans }] }] }).finish();

/** The grouping the tests regroup by: the trace id's first byte modulo 3. */
const byFirstByte = (bytes: Uint8Array, offset: number) => (bytes[offset] as number) % 3;
const groupOfSpan = (s: Span) => parseInt(s.traceId.slice(0, 2), 16) % 3;

/**
 * The contract: a batch only when the full path (decode, then the sanitizers) would take every
 * span as it is; and then every group decodes to exactly its spans of the full decode.
 */
function agreesWithFullPath(bytes: Uint8Array, rules: OtlpScanRules = RULES, sanitizer = sanitize): boolean {
  const batch = scanOtlpProto(bytes, rules);
  if (batch === undefined) return false;
  const full = decodeOtlpProto(bytes, { maxAnyValueDepth: rules.maxAnyValueDepth });
  expect(full.rejected).toBe(0);
  expect(full.spans.every((s) => s.warnings.length === 0)).toBe(true);
  expect(sanitizer(full.spans)).toBe(full.spans);
  expect(batch.spanCount).toBe(full.spans.length);
  expect(batch.roots).toEqual(full.spans.filter((s) => s.parentSpanId === undefined).map((s) => [s.resource.serviceName, s.name]));
  const groups = batch.regroup(byFirstByte);
  for (const [group, { bytes: groupBytes, spanCount, firstTraceId }] of groups) {
    const expected = full.spans.filter((s) => groupOfSpan(s) === group);
    expect(decodeOtlpProto(groupBytes).spans).toEqual(expected);
    expect([spanCount, firstTraceId]).toEqual([expected.length, expected[0]?.traceId]);
  }
  expect([...groups.values()].reduce((n, g) => n + g.spanCount, 0)).toBe(full.spans.length);
  return true;
}

describe('scanOtlpProto: clean requests pass', () => {
  it('passes a request with nothing to repair, and regroups it into requests that decode to the same spans', () => {
    const traces = ['01', '02', '03', '04'].map((b) => Uint8Array.from(Buffer.from(`${b}8efff798038103d269b633813fc60c`, 'hex')));
    const spans = traces.flatMap((traceId, i) => [
      span({ traceId, spanId: Uint8Array.of(1, 0, 0, 0, 0, 0, 0, i + 1), name: '/ping/GRM', kind: 2, attributes: [{ key: 'http.route', value: { stringValue: '/ping' } }, { key: 'n', value: { intValue: -3 } }] }),
      span({ traceId, spanId: Uint8Array.of(2, 0, 0, 0, 0, 0, 0, i + 1), parentSpanId: Uint8Array.of(1, 0, 0, 0, 0, 0, 0, i + 1), name: 'ping', status: { code: 2, message: 'é' }, events: [{ name: 'e', timeUnixNano: 5 as never }], links: [{ traceId: TRACE, spanId: SPAN }] }),
    ]);
    const bytes = request(spans);
    expect(agreesWithFullPath(bytes)).toBe(true);
    expect(scanOtlpProto(bytes, RULES)?.roots).toHaveLength(4);
  });

  it('treats an all-zero parent as a root, as the decoder does', () => {
    const batch = scanOtlpProto(request([span({ parentSpanId: new Uint8Array(8) })]), RULES);
    expect(batch?.roots).toEqual([['svc', 'op']]);
  });

  it('keeps unknown fields of spans, scopes and resources in the regrouped requests', () => {
    const unknown = field(99, [...Buffer.from('future')]);
    const spanBytes = [...otlp.trace.v1.Span.encode(span()).finish(), ...unknown];
    const resource = field(1, field(1, [...field(1, [...Buffer.from('service.name')]), ...field(2, field(1, [...Buffer.from('svc')]))]));
    const bytes = Uint8Array.from(field(1, [...resource, ...unknown, ...field(2, [...unknown, ...field(2, spanBytes)])]));
    expect(agreesWithFullPath(bytes)).toBe(true);
    const [group] = scanOtlpProto(bytes, RULES)?.regroup(() => 0).values() ?? [];
    expect(Buffer.from(group?.bytes ?? []).indexOf(Buffer.from(unknown))).toBeGreaterThanOrEqual(0);
    expect(group?.bytes.length).toBe(bytes.length);
  });
});

describe('scanOtlpProto: anything the full path would change takes the full path', () => {
  const cases: Array<[string, Uint8Array]> = [
    ['an invalid trace id', request([span({ traceId: new Uint8Array(16) })])],
    ['a short span id', request([span({ spanId: Uint8Array.of(1) })])],
    ['a malformed parent', request([span({ parentSpanId: Uint8Array.of(1, 2) })])],
    ['an empty name', request([span({ name: '' })])],
    ['an unknown kind', request([span({ kind: 9 as never })])],
    ['an unknown status code', request([span({ status: { code: 7 as never } })])],
    ['an invalid link', request([span({ links: [{ traceId: TRACE, spanId: new Uint8Array(8) }] })])],
    ['a waymark.warnings attribute', request([span({ attributes: [{ key: 'waymark.warnings', value: { stringValue: 'x' } }] })])],
    ['an end before the start', request([span({ startTimeUnixNano: NOW_NS.toString() as never, endTimeUnixNano: (NOW_NS - 1n).toString() as never })])],
    ['a start too far back', request([span({ startTimeUnixNano: (NOW_NS - 8n * 86_400_000_000_000n).toString() as never })])],
    ['an end too far ahead', request([span({ endTimeUnixNano: (NOW_NS + 3_600_000_000_001n).toString() as never })])],
    ['too many attributes', request([span({ attributes: Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, value: { boolValue: true } })) })])],
    ['too many events', request([span({ events: Array.from({ length: 4 }, () => ({ name: 'e' })) })])],
    ['a value too long', request([span({ attributes: [{ key: 'k', value: { stringValue: 'x'.repeat(41) } }] })])],
    ['a nested value too long', request([span({ attributes: [{ key: 'k', value: { arrayValue: { values: [{ bytesValue: new Uint8Array(41) }] } } }] })])],
    ['a value nested too deep', request([span({ attributes: [{ key: 'k', value: { arrayValue: { values: [{ arrayValue: { values: [{ arrayValue: { values: [{ arrayValue: { values: [{ intValue: 1 }] } }] } }] } }] } } }] })])],
    ['no service.name', ExportTraceServiceRequest.encode({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [span()] }] }] }).finish()],
    ['an empty service.name', request([span()], { stringValue: '' })],
    ['a service.name that is not a string', request([span()], { intValue: 5 })],
    ['invalid UTF-8 in a span name', Uint8Array.from(field(1, [...field(1, field(1, [...field(1, [...Buffer.from('service.name')]), ...field(2, field(1, [...Buffer.from('s')]))])), ...field(2, field(2, [...field(1, [...TRACE]), ...field(2, [...SPAN]), ...field(5, [0x61, 0xff])]))]))],
    ['a truncated request', request([span()]).subarray(0, 30)],
  ];

  it.each(cases)('%s', (_what, bytes) => {
    expect(scanOtlpProto(bytes, RULES)).toBeUndefined();
  });

  it('passes those spans\' clean neighbours only in requests of their own', () => {
    expect(scanOtlpProto(request([span(), span({ name: '' })]), RULES)).toBeUndefined();
    expect(scanOtlpProto(request([span(), span({ parentSpanId: PARENT })]), RULES)).toBeDefined();
  });
});

describe('scanOtlpProto: agrees with the full path', () => {
  // Without a window (random times are mostly far from now) and with generous limits, most generated batches are clean.
  const lenient: OtlpScanRules = { maxAnyValueDepth: 64 };
  const lenientSanitize = createSanitizer();

  it('for any batch: a scan only when decode and sanitize would change nothing, and regrouped requests decode to the same spans', () => {
    let clean = 0;
    fc.assert(
      fc.property(spanBatchArb, fc.boolean(), (spans, strict) => {
        const bytes = encodeOtlpProto(spans);
        if (strict) agreesWithFullPath(bytes);
        else if (agreesWithFullPath(bytes, lenient, lenientSanitize)) clean++;
      }),
      { numRuns: 400 },
    );
    expect(clean).toBeGreaterThan(20);
  });

  /** Generated spans made clean (no warnings, a name, a service, end ≥ start), so mutations start from passing requests. */
  const cleaned = (spans: readonly Span[]): Span[] => {
    const resources = new Map<Resource, Resource>();
    const cleanResource = (resource: Resource): Resource => {
      let clean = resources.get(resource);
      if (!clean) {
        const attributes = [{ key: 'service.name', value: { type: 'string' as const, value: resource.serviceName || 'svc' } }, ...resource.attributes.filter((a) => a.key !== 'service.name')];
        resources.set(resource, (clean = { ...resource, serviceName: resource.serviceName || 'svc', attributes }));
      }
      return clean;
    };
    return spans.map((s) => ({ ...s, warnings: [], name: s.name || 'op', endTimeUnixNano: s.endTimeUnixNano < s.startTimeUnixNano ? s.startTimeUnixNano : s.endTimeUnixNano, resource: cleanResource(s.resource) }));
  };

  it('for mutated requests: never a batch the full path would refuse, repair or reject', () => {
    const mutated = fc
      .tuple(spanBatchArb.filter((spans) => spans.length > 0).map(cleaned), fc.array(fc.tuple(fc.nat(), fc.nat(7), fc.constantFrom('flip', 'insert', 'delete')), { minLength: 1, maxLength: 3 }))
      .map(([spans, edits]) => {
        const bytes = Array.from(encodeOtlpProto(spans));
        for (const [at, bit, edit] of edits) {
          const i = at % bytes.length;
          if (edit === 'flip') bytes[i] = (bytes[i] as number) ^ (1 << bit);
          else if (edit === 'insert') bytes.splice(i, 0, (at >> 3) & 0xff);
          else if (bytes.length > 1) bytes.splice(i, 1);
        }
        return Uint8Array.from(bytes);
      });
    let scanned = 0;
    fc.assert(
      fc.property(mutated, (bytes) => {
        if (agreesWithFullPath(bytes, lenient, lenientSanitize)) scanned++;
      }),
      { numRuns: 1500 },
    );
    // Mutations that keep a request clean are what test the scan's judgement.
    expect(scanned).toBeGreaterThan(50);
  });
});

describe('scanOtlpProto: resource tags (the collector\'s COLLECTOR_TAGS)', () => {
  const tags = [
    { key: 'region', value: 'eu-1' },
    { key: 'host.name', value: 'collector-7' },
  ];
  const withTags = (spans: readonly Span[]): Span[] => {
    const tagged = new Map<Resource, Resource>();
    return spans.map((s) => {
      let resource = tagged.get(s.resource);
      if (!resource) {
        const missing = tags.filter((t) => !s.resource.attributes.some((a) => a.key === t.key)).map((t) => ({ key: t.key, value: { type: 'string' as const, value: t.value } }));
        tagged.set(s.resource, (resource = { ...s.resource, attributes: [...s.resource.attributes, ...missing] }));
      }
      return { ...s, resource };
    });
  };

  it('adds the tags a resource lacks after its own attributes, keeping the client\'s value for a key it has', () => {
    const bytes = ExportTraceServiceRequest.encode({
      resourceSpans: [
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] }, scopeSpans: [{ spans: [span()] }] },
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'b' } }, { key: 'region', value: { stringValue: 'client' } }] }, scopeSpans: [{ spans: [span({ spanId: PARENT })] }] },
      ],
    }).finish();
    const batch = scanOtlpProto(bytes, { ...RULES, resourceTags: tags });
    const [group] = batch?.regroup(() => 0).values() ?? [];
    const decoded = decodeOtlpProto(group?.bytes ?? new Uint8Array()).spans;
    expect(decoded.map((s) => s.resource.attributes.map((a) => `${a.key}=${a.value.type === 'string' ? a.value.value : '?'}`))).toEqual([
      ['service.name=a', 'region=eu-1', 'host.name=collector-7'],
      ['service.name=b', 'region=client', 'host.name=collector-7'],
    ]);
  });

  it('gives exactly what tagging the decoded spans gives, for any batch', () => {
    const lenient: OtlpScanRules = { maxAnyValueDepth: 64, resourceTags: tags };
    let clean = 0;
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const bytes = encodeOtlpProto(spans);
        const batch = scanOtlpProto(bytes, lenient);
        if (batch === undefined) return;
        clean++;
        const expected = withTags(decodeOtlpProto(bytes).spans);
        for (const [group, { bytes: groupBytes }] of batch.regroup(byFirstByte)) {
          expect(decodeOtlpProto(groupBytes).spans).toEqual(expected.filter((s) => groupOfSpan(s) === group));
        }
      }),
      { numRuns: 300 },
    );
    expect(clean).toBeGreaterThan(10);
  });
});

describe('OtlpProtoBatch.decode', () => {
  it('decodes values as deep as the scan allowed (beyond the decoder\'s default of 64)', () => {
    const deep = [...field(1, [...Buffer.from('deep')]), ...field(2, [...nestedAnyValue(100)])];
    const spanBytes = [...field(1, [...TRACE]), ...field(2, [...SPAN]), ...field(5, [...Buffer.from('op')]), ...field(9, deep)];
    const resource = field(1, field(1, [...field(1, [...Buffer.from('service.name')]), ...field(2, field(1, [...Buffer.from('svc')]))]));
    const batch = scanOtlpProto(Uint8Array.from(field(1, [...resource, ...field(2, field(2, spanBytes))])), { maxAnyValueDepth: 100 });
    expect(batch?.decode()).toHaveLength(1);
  });
});
