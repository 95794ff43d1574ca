import { spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import type { Attribute, Span, SpanId, TraceId } from '@waymark/span-model';
import { readSpanDocuments } from './read-span-documents';
import { spanToEsDocument } from './span-to-es-document';
import { JAEGER_TAGS_POLICY } from './tags-policy';

const id = (hex: string): SpanId => spanIdFromHex(hex) as SpanId;
const attr = (key: string, value: Attribute['value']): Attribute => ({ key, value });

const span: Span = {
  traceId: traceIdFromHex('d269b633813fc60c') as TraceId,
  spanId: id('eee19b7ec3c1b174'),
  parentSpanId: id('eee19b7ec3c1b173'),
  traceState: '',
  flags: 1,
  name: 'GET /api/orders',
  kind: 'client',
  startTimeUnixNano: 1485467191639875000n,
  endTimeUnixNano: 1485467191639880000n,
  attributes: [
    attr('http.method', { type: 'string', value: 'GET' }),
    attr('http.status_code', { type: 'int', value: 500n }),
    attr('two', { type: 'double', value: 2 }),
    attr('big', { type: 'int', value: 9007199254740993n }),
    attr('nan', { type: 'double', value: NaN }),
    attr('negzero', { type: 'double', value: -0 }),
    attr('blob', { type: 'bytes', value: new Uint8Array([0, 0, 0x30, 0x39]) }),
    attr('list', { type: 'array', value: [{ type: 'int', value: 1n }] }),
    attr('a@b', { type: 'string', value: 'kept nested' }),
    attr('42', { type: 'bool', value: true }),
    attr('error', { type: 'string', value: 'an attribute, not the status' }),
  ],
  droppedAttributesCount: 0,
  events: [{ timeUnixNano: 1485467191639877000n, name: 'sent', attributes: [], droppedAttributesCount: 0 }],
  droppedEventsCount: 0,
  links: [],
  droppedLinksCount: 0,
  status: { code: 'error', message: '' },
  resource: {
    serviceName: 'frontend',
    attributes: [attr('service.name', { type: 'string', value: 'frontend' }), attr('host.name', { type: 'string', value: 'web-1' })],
    droppedAttributesCount: 0,
    schemaUrl: '',
  },
  scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
  warnings: [],
};

describe('span → Elasticsearch span document', () => {
  it("writes Jaeger's fields and scalar tags as fields (Waymark's layout)", () => {
    expect(spanToEsDocument(span)).toEqual({
      traceID: 'd269b633813fc60c',
      spanID: 'eee19b7ec3c1b174',
      flags: 1,
      operationName: 'GET /api/orders',
      references: [{ refType: 'CHILD_OF', traceID: 'd269b633813fc60c', spanID: 'eee19b7ec3c1b173' }],
      startTime: 1485467191639875,
      startTimeMillis: 1485467191639,
      duration: 5,
      tags: [
        { key: 'big', type: 'int64', value: '9007199254740993' },
        { key: 'nan', type: 'float64', value: 'NaN' },
        { key: 'negzero', type: 'float64', value: '-0' },
        { key: 'blob', type: 'binary', value: '00003039' },
        { key: 'list', type: 'string', value: '[1]' },
        { key: 'a@b', type: 'string', value: 'kept nested' },
        { key: '42', type: 'bool', value: 'true' },
        { key: 'error', type: 'bool', value: 'true' },
      ],
      tag: {
        'http@method': 'GET',
        'http@status_code': 500,
        two: 2,
        error: 'an attribute, not the status',
        'span@kind': 'client',
        'otel@status_code': 'ERROR',
      },
      logs: [{ timestamp: 1485467191639877, fields: [{ key: 'event', type: 'string', value: 'sent' }] }],
      process: { serviceName: 'frontend', tags: [], tag: { 'host@name': 'web-1' } },
      waymark: { v: 1, tagLayout: 'SIDiddxasbS++-', tagValues: [['a', [['i', '1']]]], processLayout: '*S' },
    });
  });

  it("writes every tag nested with Jaeger's default policy", () => {
    const doc = spanToEsDocument(span, JAEGER_TAGS_POLICY);
    expect(doc.tag).toBeUndefined();
    expect(doc.process.tag).toBeUndefined();
    expect(doc.tags.slice(0, 3)).toEqual([
      { key: 'http.method', type: 'string', value: 'GET' },
      { key: 'http.status_code', type: 'int64', value: '500' },
      { key: 'two', type: 'float64', value: '2' },
    ]);
    expect(doc.tags).toHaveLength(14);
    expect(doc.process.tags).toEqual([{ key: 'host.name', type: 'string', value: 'web-1' }]);
    expect(doc.waymark?.tagLayout).toBe('sididdxasbs---');
  });

  it('leaves out flags when 0 and writes the whole OTLP flags in the extras', () => {
    expect(spanToEsDocument({ ...span, flags: 0 })).not.toHaveProperty('flags');
    const remote = spanToEsDocument({ ...span, flags: 0x301 });
    expect(remote.flags).toBe(1);
    expect(remote.waymark?.flags).toBe(0x301);
  });

  it('stores tag values longer than 256 characters whole', () => {
    const long = 'x'.repeat(5000);
    const doc = spanToEsDocument({ ...span, attributes: [attr('sql', { type: 'string', value: long })] });
    expect(doc.tag?.['sql']).toBe(long);
  });

  it('keeps a tag called __proto__ as a plain field that reads back', () => {
    const odd = { ...span, attributes: [attr('__proto__', { type: 'string', value: 'x' }), attr('constructor', { type: 'int', value: 1n })] };
    const doc = spanToEsDocument(odd);
    expect(Object.keys(doc.tag ?? {})).toEqual(['__proto__', 'constructor', 'span@kind', 'otel@status_code', 'error']);
    expect(readSpanDocuments([JSON.parse(JSON.stringify(doc))]).spans).toEqual([odd]);
  });

  it('keeps sub-microsecond times and negative durations in the extras, never in Jaeger fields', () => {
    const backwards = spanToEsDocument({ ...span, startTimeUnixNano: 1485467191639875123n, endTimeUnixNano: 1485467191639875000n });
    expect(backwards.duration).toBe(0);
    expect(backwards.waymark).toMatchObject({ startNanos: 123, durationNanos: -123 });
  });

  it('records a non-default dot replacement in the extras and refuses an unusable one', () => {
    const hashed = spanToEsDocument(span, { allAsFields: true, include: new Set(), dotReplacement: '#' });
    expect(hashed.tag).toHaveProperty(['http#method'], 'GET');
    expect(hashed.waymark?.dotReplacement).toBe('#');
    expect(spanToEsDocument(span).waymark).not.toHaveProperty('dotReplacement');
    expect(() => spanToEsDocument(span, { allAsFields: true, include: new Set(), dotReplacement: '' })).toThrow(RangeError);
    expect(() => readSpanDocuments([], { dotReplacement: 'a.b' })).toThrow(RangeError);
  });
});
