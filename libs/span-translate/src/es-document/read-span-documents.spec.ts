import { makeSpan } from '@waymark/storage-testing';
import { DecodeError } from '../decode-result';
import { esDocumentToSpan, readSpanDocuments } from './read-span-documents';
import { spanToEsDocument } from './span-to-es-document';

/** A span document as Jaeger v1 writes it (dbmodel, default nested layout): no `tag`, no `waymark`. */
const jaegerWritten = {
  traceID: '5b8efff798038103d269b633813fc60c',
  spanID: 'eee19b7ec3c1b174',
  flags: 1,
  operationName: 'HTTP GET /customer',
  references: [
    { refType: 'CHILD_OF', traceID: '5b8efff798038103d269b633813fc60c', spanID: 'eee19b7ec3c1b173' },
    { refType: 'FOLLOWS_FROM', traceID: '00000000000000ff', spanID: '00000000000000fe' },
  ],
  startTime: 1485467191639875,
  startTimeMillis: 1485467191639,
  duration: 5000,
  tags: [
    { key: 'otel.library.name', type: 'string', value: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp' },
    { key: 'otel.library.version', type: 'string', value: '0.42.0' },
    { key: 'span.kind', type: 'string', value: 'server' },
    { key: 'http.method', type: 'string', value: 'GET' },
    { key: 'http.status_code', type: 'int64', value: '500' },
    { key: 'error', type: 'bool', value: 'true' },
    { key: 'otel.status_description', type: 'string', value: 'boom' },
    { key: 'temperature', type: 'float64', value: '72.5' },
    { key: 'ratio', type: 'float64', value: '+Inf' },
    { key: 'blob', type: 'binary', value: '00003039' },
    { key: 'internal.span.format', type: 'string', value: 'proto' },
  ],
  logs: [
    {
      timestamp: 1485467191640000,
      fields: [
        { key: 'event', type: 'string', value: 'Searching for customer' },
        { key: 'level', type: 'string', value: 'info' },
      ],
    },
    { timestamp: 1485467191641000, fields: [{ key: 'error', type: 'string', value: 'connection reset' }] },
  ],
  process: {
    serviceName: 'customer',
    tags: [
      { key: 'hostname', type: 'string', value: 'web-1' },
      { key: 'ip', type: 'string', value: '10.0.0.7' },
      { key: 'jaeger.version', type: 'string', value: 'Go-2.30.0' },
    ],
  },
};

describe('Elasticsearch span document → span', () => {
  it("reads a document Jaeger wrote (nested tags) with OTCC's conventions", () => {
    const span = esDocumentToSpan(jaegerWritten);
    expect(span.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(span.spanId).toBe('eee19b7ec3c1b174');
    expect(span.parentSpanId).toBe('eee19b7ec3c1b173');
    expect(span.flags).toBe(1);
    expect(span.name).toBe('HTTP GET /customer');
    expect(span.kind).toBe('server');
    expect(span.startTimeUnixNano).toBe(1485467191639875000n);
    expect(span.endTimeUnixNano).toBe(1485467191644875000n);
    expect(span.status).toEqual({ code: 'error', message: 'boom' });
    expect(span.scope).toMatchObject({ name: 'go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', version: '0.42.0' });
    expect(span.attributes).toEqual([
      { key: 'http.method', value: { type: 'string', value: 'GET' } },
      { key: 'http.status_code', value: { type: 'int', value: 500n } },
      { key: 'temperature', value: { type: 'double', value: 72.5 } },
      { key: 'ratio', value: { type: 'double', value: Infinity } },
      { key: 'blob', value: { type: 'bytes', value: new Uint8Array([0, 0, 0x30, 0x39]) } },
      { key: 'internal.span.format', value: { type: 'string', value: 'proto' } },
    ]);
    expect(span.events).toEqual([
      { timeUnixNano: 1485467191640000000n, name: 'Searching for customer', attributes: [{ key: 'level', value: { type: 'string', value: 'info' } }], droppedAttributesCount: 0 },
      { timeUnixNano: 1485467191641000000n, name: '', attributes: [{ key: 'error', value: { type: 'string', value: 'connection reset' } }], droppedAttributesCount: 0 },
    ]);
    expect(span.links).toEqual([
      {
        traceId: '000000000000000000000000000000ff',
        spanId: '00000000000000fe',
        traceState: '',
        attributes: [{ key: 'opentracing.ref_type', value: { type: 'string', value: 'follows_from' } }],
        droppedAttributesCount: 0,
        flags: 0,
      },
    ]);
    expect(span.resource.serviceName).toBe('customer');
    expect(span.resource.attributes).toEqual([
      { key: 'service.name', value: { type: 'string', value: 'customer' } },
      { key: 'host.name', value: { type: 'string', value: 'web-1' } },
      { key: 'ip', value: { type: 'string', value: '10.0.0.7' } },
      { key: 'opencensus.exporterversion', value: { type: 'string', value: 'Jaeger-Go-2.30.0' } },
    ]);
    expect(span.warnings).toEqual([]);
  });

  it("reads Jaeger's tags-as-fields and mixed layouts: nested tags first, then the fields", () => {
    const span = esDocumentToSpan({
      ...jaegerWritten,
      tags: [{ key: 'blob', type: 'binary', value: 'ff' }],
      tag: { 'http@method': 'GET', 'http@status_code': 200, 'sampler@param': true, ratio: 1.5, 'span@kind': 'client' },
      process: { serviceName: 'customer', tags: [], tag: { 'k8s@pod@name': 'customer-7d9' } },
    });
    expect(span.kind).toBe('client');
    expect(span.status).toEqual({ code: 'unset', message: '' });
    expect(span.attributes).toEqual([
      { key: 'blob', value: { type: 'bytes', value: new Uint8Array([0xff]) } },
      { key: 'http.method', value: { type: 'string', value: 'GET' } },
      { key: 'http.status_code', value: { type: 'int', value: 200n } },
      { key: 'sampler.param', value: { type: 'bool', value: true } },
      { key: 'ratio', value: { type: 'double', value: 1.5 } },
    ]);
    expect(span.resource.attributes).toEqual([
      { key: 'service.name', value: { type: 'string', value: 'customer' } },
      { key: 'k8s.pod.name', value: { type: 'string', value: 'customer-7d9' } },
    ]);
  });

  it('honours another dot replacement and left-pads legacy short ids', () => {
    const span = esDocumentToSpan({ ...jaegerWritten, traceID: '1', spanID: '2', references: [], tags: [], tag: { 'http#method': 'GET' } }, { dotReplacement: '#' });
    expect(span.traceId).toBe('00000000000000000000000000000001');
    expect(span.spanId).toBe('0000000000000002');
    expect(span.attributes).toEqual([{ key: 'http.method', value: { type: 'string', value: 'GET' } }]);
  });

  it('keeps a tag whose value does not parse as its type as a string, with a warning', () => {
    const span = esDocumentToSpan({ ...jaegerWritten, tags: [{ key: 'blob', type: 'binary', value: '0000…' }], logs: [] });
    expect(span.attributes).toEqual([{ key: 'blob', value: { type: 'string', value: '0000…' } }]);
    expect(span.warnings).toEqual([expect.stringContaining("tag 'blob'")]);
  });

  it("falls back to Jaeger's conventions, with a warning, when a Waymark document's extras do not fit", () => {
    const original = makeSpan({ attributes: { 'http.method': 'GET' }, kind: 'server' });
    const doc = JSON.parse(JSON.stringify(spanToEsDocument(original)));
    doc.waymark.tagLayout = 'SS+';
    const span = esDocumentToSpan(doc);
    expect(span.kind).toBe('server');
    expect(span.attributes).toEqual([{ key: 'http.method', value: { type: 'string', value: 'GET' } }]);
    expect(span.warnings).toEqual([expect.stringMatching(/^es-document: waymark extras do not fit the document/)]);
    const future = esDocumentToSpan({ ...doc, waymark: { v: 2 } });
    expect(future.warnings).toEqual(['es-document: unknown waymark extras version 2; read with Jaeger\'s conventions']);
  });

  it('rejects, with a reason, documents that cannot be spans', () => {
    const result = readSpanDocuments([jaegerWritten, null, { ...jaegerWritten, spanID: 'not hex' }, { ...jaegerWritten, startTime: 'soon' }, { ...jaegerWritten, spanID: '0' }]);
    expect(result.spans).toHaveLength(1);
    expect(result.rejected).toBe(4);
    const reasons = [...result.rejections.keys()];
    expect(reasons.slice(0, 3)).toEqual([
      'span document is not an object',
      'span document without a valid traceID and spanID',
      'span document without a valid startTime and duration',
    ]);
    expect(reasons[3]).toMatch(/span id/);
    expect(() => esDocumentToSpan({ traceID: 'x' })).toThrow(DecodeError);
  });
});
