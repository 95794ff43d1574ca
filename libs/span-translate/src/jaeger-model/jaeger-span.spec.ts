import { spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import type { Resource, Span, SpanId, TraceId } from '@waymark/span-model';
import { eventToJaegerLog } from './event-log';
import { resourceToJaegerProcess } from './jaeger-process';
import { jaegerFlagsOf, toJaegerSpan } from './jaeger-span';

const traceId = traceIdFromHex('0000000000000000d269b633813fc60c') as TraceId;
const otherTrace = traceIdFromHex('5b8efff798038103d269b633813fc60c') as TraceId;
const id = (hex: string): SpanId => spanIdFromHex(hex) as SpanId;

const resource: Resource = {
  serviceName: 'frontend',
  attributes: [
    { key: 'host.name', value: { type: 'string', value: 'web-1' } },
    { key: 'service.name', value: { type: 'string', value: 'frontend' } },
    { key: 'process.pid', value: { type: 'int', value: 4242n } },
  ],
  droppedAttributesCount: 0,
  schemaUrl: '',
};

const base: Span = {
  traceId,
  spanId: id('eee19b7ec3c1b174'),
  parentSpanId: id('eee19b7ec3c1b173'),
  traceState: 'congo=t61rcWkgMzE',
  flags: 0x301,
  name: 'GET /api/orders',
  kind: 'server',
  startTimeUnixNano: 1485467191639875123n,
  endTimeUnixNano: 1485467191644875999n,
  attributes: [
    { key: 'http.method', value: { type: 'string', value: 'GET' } },
    { key: 'http.status_code', value: { type: 'int', value: 500n } },
    { key: 'retry', value: { type: 'bool', value: false } },
    { key: 'ratio', value: { type: 'double', value: 0.25 } },
    { key: 'blob', value: { type: 'bytes', value: new Uint8Array([0, 0, 0x30, 0x39]) } },
    { key: 'ids', value: { type: 'array', value: [{ type: 'int', value: 1n }, { type: 'string', value: 'b' }] } },
    { key: 'map', value: { type: 'kvlist', value: [{ key: 'k', value: { type: 'bool', value: true } }] } },
    { key: 'nothing', value: { type: 'empty' } },
  ],
  droppedAttributesCount: 2,
  events: [
    { timeUnixNano: 1485467191640000999n, name: 'retrying', attributes: [{ key: 'attempt', value: { type: 'int', value: 2n } }], droppedAttributesCount: 0 },
  ],
  droppedEventsCount: 0,
  links: [
    { traceId: otherTrace, spanId: id('00000000000000ff'), traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 },
    { traceId, spanId: id('0000000000000004'), traceState: '', attributes: [{ key: 'opentracing.ref_type', value: { type: 'string', value: 'child_of' } }], droppedAttributesCount: 0, flags: 0 },
  ],
  droppedLinksCount: 1,
  status: { code: 'error', message: 'upstream timed out' },
  resource,
  scope: { name: 'io.opentelemetry.http', version: '1.2.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
  warnings: ['clock skew adjusted'],
};

describe('model span → Jaeger span view', () => {
  it('maps every field the way OTCC traces_to_jaegerproto does', () => {
    expect(toJaegerSpan(base)).toEqual({
      traceID: 'd269b633813fc60c',
      spanID: 'eee19b7ec3c1b174',
      operationName: 'GET /api/orders',
      references: [
        { refType: 'CHILD_OF', traceID: 'd269b633813fc60c', spanID: 'eee19b7ec3c1b173' },
        { refType: 'FOLLOWS_FROM', traceID: '5b8efff798038103d269b633813fc60c', spanID: '00000000000000ff' },
        { refType: 'CHILD_OF', traceID: 'd269b633813fc60c', spanID: '0000000000000004' },
      ],
      flags: 1,
      startTime: 1485467191639875,
      duration: 5000,
      tags: [
        { key: 'otel.scope.name', type: 'string', value: 'io.opentelemetry.http' },
        { key: 'otel.scope.version', type: 'string', value: '1.2.0' },
        { key: 'http.method', type: 'string', value: 'GET' },
        { key: 'http.status_code', type: 'int64', value: 500n },
        { key: 'retry', type: 'bool', value: false },
        { key: 'ratio', type: 'float64', value: 0.25 },
        { key: 'blob', type: 'binary', value: new Uint8Array([0, 0, 0x30, 0x39]) },
        { key: 'ids', type: 'string', value: '[1,"b"]' },
        { key: 'map', type: 'string', value: '{"k":true}' },
        { key: 'nothing', type: 'string', value: '' },
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_description', type: 'string', value: 'upstream timed out' },
        { key: 'w3c.tracestate', type: 'string', value: 'congo=t61rcWkgMzE' },
        { key: 'otel.dropped_attributes_count', type: 'int64', value: 2n },
        { key: 'otel.dropped_links_count', type: 'int64', value: 1n },
      ],
      logs: [{ timestamp: 1485467191640000, fields: [{ key: 'event', type: 'string', value: 'retrying' }, { key: 'attempt', type: 'int64', value: 2n }] }],
      process: { serviceName: 'frontend', tags: [{ key: 'host.name', type: 'string', value: 'web-1' }, { key: 'process.pid', type: 'int64', value: 4242n }] },
      warnings: ['clock skew adjusted'],
    });
  });

  it('writes no kind, status or scope tags for their defaults, and OK without error', () => {
    const plain = { ...base, kind: 'unspecified', status: { code: 'unset', message: '' }, traceState: '', scope: { ...base.scope, name: '', version: '' } } as const;
    const keys = (span: Span) => toJaegerSpan(span).tags.map((t) => t.key);
    expect(keys({ ...plain, attributes: [], droppedAttributesCount: 0, droppedLinksCount: 0 })).toEqual([]);
    expect(toJaegerSpan({ ...plain, attributes: [], kind: 'internal', status: { code: 'ok', message: '' } }).tags).toEqual(
      expect.arrayContaining([
        { key: 'span.kind', type: 'string', value: 'internal' },
        { key: 'otel.status_code', type: 'string', value: 'OK' },
      ]),
    );
    expect(keys({ ...plain, status: { code: 'ok', message: '' } })).not.toContain('error');
    // A message without a code is still written, as OTCC does.
    expect(toJaegerSpan({ ...plain, attributes: [], status: { code: 'unset', message: 'why' } }).tags).toContainEqual({ key: 'otel.status_description', type: 'string', value: 'why' });
  });

  it('keeps only the sampled bit as Jaeger flags', () => {
    expect([0, 1, 2, 3, 0x100, 0x301].map(jaegerFlagsOf)).toEqual([0, 1, 0, 1, 0, 1]);
  });

  it('truncates times to µs and never gives a negative duration', () => {
    const backwards = toJaegerSpan({ ...base, endTimeUnixNano: base.startTimeUnixNano - 5000n });
    expect(backwards.duration).toBe(0);
    expect(toJaegerSpan({ ...base, endTimeUnixNano: base.startTimeUnixNano + 999n }).duration).toBe(0);
  });

  it('names an event with a leading event field unless an attribute is already called event', () => {
    const attrs = [{ key: 'event', value: { type: 'string', value: 'from attribute' } }] as const;
    expect(eventToJaegerLog({ timeUnixNano: 5_000n, name: 'name', attributes: attrs, droppedAttributesCount: 0 }).fields).toEqual([
      { key: 'event', type: 'string', value: 'from attribute' },
    ]);
    expect(eventToJaegerLog({ timeUnixNano: 5_999n, name: '', attributes: [], droppedAttributesCount: 0 })).toEqual({ timestamp: 5, fields: [] });
  });

  it('leaves out of the process tags only the service.name that serviceName stands for', () => {
    const renamed: Resource = { ...resource, serviceName: 'service-name-wrong-type', attributes: [{ key: 'service.name', value: { type: 'int', value: 7n } }] };
    expect(resourceToJaegerProcess(renamed)).toEqual({ serviceName: 'service-name-wrong-type', tags: [{ key: 'service.name', type: 'int64', value: 7n }] });
    const twice: Resource = { ...resource, attributes: [resource.attributes[1], resource.attributes[1]] as Resource['attributes'] };
    expect(resourceToJaegerProcess(twice).tags).toEqual([{ key: 'service.name', type: 'string', value: 'frontend' }]);
  });
});
