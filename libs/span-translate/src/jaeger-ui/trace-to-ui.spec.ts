import fc from 'fast-check';
import { groupByTrace, spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import { spanBatchArb } from '@waymark/storage-testing';
import type { Attribute, Resource, Span, SpanId, TraceId } from '@waymark/span-model';
import { toUiKeyValue, toUiTrace } from './trace-to-ui';

const traceId = traceIdFromHex('00000000000000000000000000000abc') as TraceId;
const id = (hex: string): SpanId => spanIdFromHex(hex) as SpanId;
const resourceOf = (serviceName: string, extra: Attribute[] = []): Resource => ({
  serviceName,
  attributes: [{ key: 'service.name', value: { type: 'string', value: serviceName } }, ...extra],
  droppedAttributesCount: 0,
  schemaUrl: '',
});

/** The span of the reference's §5.1 example (Jaeger J1 `model/json`). */
const exampleSpan: Span = {
  traceId,
  spanId: id('0000000000000002'),
  parentSpanId: id('0000000000000001'),
  traceState: '',
  flags: 1,
  name: 'GET /x',
  kind: 'unspecified',
  startTimeUnixNano: 1485467191639875000n,
  endTimeUnixNano: 1485467191639880000n,
  attributes: [{ key: 'k', value: { type: 'string', value: 'v' } }],
  droppedAttributesCount: 0,
  events: [{ timeUnixNano: 1485467191639875000n, name: 'x', attributes: [], droppedAttributesCount: 0 }],
  droppedEventsCount: 0,
  links: [],
  droppedLinksCount: 0,
  status: { code: 'unset', message: '' },
  resource: resourceOf('frontend'),
  scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
  warnings: [],
};

describe('trace → Jaeger UI JSON', () => {
  it("gives the documented response, field by field and in Go's field order", () => {
    const ui = toUiTrace({ traceId, spans: [exampleSpan] });
    expect(JSON.stringify(ui)).toBe(
      JSON.stringify({
        traceID: '0000000000000abc',
        spans: [
          {
            traceID: '0000000000000abc',
            spanID: '0000000000000002',
            flags: 1,
            operationName: 'GET /x',
            references: [{ refType: 'CHILD_OF', traceID: '0000000000000abc', spanID: '0000000000000001' }],
            startTime: 1485467191639875,
            duration: 5,
            tags: [{ key: 'k', type: 'string', value: 'v' }],
            logs: [{ timestamp: 1485467191639875, fields: [{ key: 'event', type: 'string', value: 'x' }] }],
            processID: 'p1',
            warnings: null,
          },
        ],
        processes: { p1: { serviceName: 'frontend', tags: [] } },
        warnings: null,
      }),
    );
  });

  it('numbers processes in order of first appearance, sharing one id per equal process', () => {
    const spans = [
      { ...exampleSpan, resource: resourceOf('frontend', [{ key: 'ip', value: { type: 'string', value: '10.0.0.1' } }]) },
      { ...exampleSpan, resource: resourceOf('backend') },
      { ...exampleSpan, resource: resourceOf('frontend', [{ key: 'ip', value: { type: 'string', value: '10.0.0.1' } }]) },
      { ...exampleSpan, resource: resourceOf('frontend', [{ key: 'ip', value: { type: 'string', value: '10.0.0.2' } }]) },
    ];
    const ui = toUiTrace({ traceId, spans });
    expect(ui.spans.map((s) => s.processID)).toEqual(['p1', 'p2', 'p1', 'p3']);
    expect(Object.keys(ui.processes)).toEqual(['p1', 'p2', 'p3']);
    expect(ui.processes['p3']).toEqual({ serviceName: 'frontend', tags: [{ key: 'ip', type: 'string', value: '10.0.0.2' }] });
  });

  it("types values as Jaeger's JSON does, with strings where a JSON number would lie", () => {
    const values = [
      toUiKeyValue({ key: 'error', type: 'bool', value: true }),
      toUiKeyValue({ key: 'int64', type: 'int64', value: 123n }),
      toUiKeyValue({ key: 'big', type: 'int64', value: 2n ** 53n }),
      toUiKeyValue({ key: 'float64', type: 'float64', value: 123.567 }),
      toUiKeyValue({ key: 'zero', type: 'float64', value: -0 }),
      toUiKeyValue({ key: 'nan', type: 'float64', value: NaN }),
      toUiKeyValue({ key: 'inf', type: 'float64', value: -Infinity }),
      toUiKeyValue({ key: 'binary', type: 'binary', value: new Uint8Array([1]) }),
    ];
    expect(values).toEqual([
      { key: 'error', type: 'bool', value: true },
      { key: 'int64', type: 'int64', value: 123 },
      { key: 'big', type: 'int64', value: '9007199254740992' },
      { key: 'float64', type: 'float64', value: 123.567 },
      { key: 'zero', type: 'float64', value: 0 },
      { key: 'nan', type: 'float64', value: 'NaN' },
      { key: 'inf', type: 'float64', value: '-Infinity' },
      { key: 'binary', type: 'binary', value: 'AQ==' },
    ]);
  });

  it('omits zero flags, keeps span warnings and prints a 128-bit trace id in full', () => {
    const full = traceIdFromHex('5b8efff798038103d269b633813fc60c') as TraceId;
    const ui = toUiTrace({ traceId: full, spans: [{ ...exampleSpan, traceId: full, flags: 0, warnings: ['clock skew adjusted'], kind: 'server', status: { code: 'error', message: '' } }] });
    const [span] = ui.spans;
    expect(ui.traceID).toBe('5b8efff798038103d269b633813fc60c');
    expect(span).not.toHaveProperty('flags');
    expect(span?.warnings).toEqual(['clock skew adjusted']);
    expect(span?.tags).toEqual([
      { key: 'k', type: 'string', value: 'v' },
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
    ]);
  });

  it('gives JSON-safe output for any trace: no bigints, no NaN, every process id defined', () => {
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        for (const trace of groupByTrace(spans)) {
          const ui = toUiTrace(trace);
          expect(JSON.parse(JSON.stringify(ui))).toEqual(ui);
          expect(ui.spans).toHaveLength(trace.spans.length);
          for (const span of ui.spans) expect(ui.processes[span.processID]).toBeDefined();
          expect(new Set(ui.spans.map((s) => s.processID)).size).toBe(Object.keys(ui.processes).length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
