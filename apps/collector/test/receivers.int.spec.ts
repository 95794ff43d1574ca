import { at, checkoutIds, exportCheckoutTrace } from './support/checkout-trace';
import { b, d, expectOtlpCheckout, i, NO_DROPS, NO_SCOPE, REGION, s, spanById } from './support/checkout-expectations';
import { startCollector } from './support/collector-under-test';
import type { CollectorUnderTest } from './support/collector-under-test';
import { grpcUnary } from './support/grpc-call';
import { jaegerPostSpans, jaegerSpanId, jaegerTraceId, postJaegerClientTrace, postZipkinJsTrace, ZIPKIN_JS } from './support/legacy-clients';
import { scrapeMetrics } from './support/metrics';
import { decodeRecords, expectTraceAffinity, traceIdsOf, traceOf } from './support/topic-spans';
import type { DecodedRecord } from './support/topic-spans';

/**
 * Every receiver fed by a real client, read back from the Kafka topic: records per partition
 * (ADR 003), every trace on the partition its id hashes to, the spans field for field with the collector
 * tag (COLLECTOR_TAGS=region=eu-1) on their resource, and a tenant header when tenancy is on.
 */
const OTLP_HTTP = '/v1/traces';
const POST_SPANS = '/jaeger.api_v2.CollectorService/PostSpans';

describe('receivers → Kafka, each fed by a real client', () => {
  let collector: CollectorUnderTest;
  let topic: DecodedRecord[] = [];
  const read = async () => {
    topic = decodeRecords(await collector.records());
    expectTraceAffinity(topic);
    // Tenancy is off: no record carries a tenant.
    for (const { record } of topic) expect(record.headers).toEqual({});
    return topic;
  };

  beforeAll(async () => {
    collector = await startCollector('receivers', { COLLECTOR_TAGS: 'region=eu-1' });
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it.each([
    ['otlp-proto', 'OTLP/HTTP protobuf (@opentelemetry/exporter-trace-otlp-proto)', 'a1'],
    ['otlp-json', 'OTLP/HTTP JSON (@opentelemetry/exporter-trace-otlp-http)', 'b2'],
    ['otlp-grpc', 'OTLP/gRPC (@opentelemetry/exporter-trace-otlp-grpc)', 'c3'],
  ] as const)('%s: %s delivers the whole trace, losslessly, in one record', async (exporter, _what, seed) => {
    const ids = checkoutIds(seed);
    const url = exporter === 'otlp-grpc' ? `http://${collector.address('otlp-grpc')}` : collector.url('otlp-http', OTLP_HTTP);
    expect(await exportCheckoutTrace(exporter, url, ids, `shop-${exporter}`)).toEqual([{ code: 0 }]);

    const trace = traceOf(await read(), ids.traceId);
    expect(trace.records).toHaveLength(1);
    expectOtlpCheckout(trace.spans, ids, `shop-${exporter}`);
  });

  it('Zipkin: @opentelemetry/exporter-zipkin delivers what Zipkin can carry', async () => {
    const ids = checkoutIds('d4');
    expect(await exportCheckoutTrace('zipkin', collector.url('zipkin-http', '/api/v2/spans'), ids, 'shop-zipkin')).toEqual([{ code: 0 }]);

    const trace = traceOf(await read(), ids.traceId);
    expect(trace.records).toHaveLength(1);
    // Zipkin has no scope, no INTERNAL kind, no links, no event attributes and string tags only:
    // the exporter drops or stringifies those; the resource tags it copies into every span come back as one resource.
    const resource = {
      serviceName: 'shop-zipkin',
      attributes: [{ key: 'service.name', value: s('shop-zipkin') }, { key: 'service.version', value: s('1.4.0') }, { key: 'host.name', value: s('test-host') }, REGION],
      droppedAttributesCount: 0,
      schemaUrl: '',
    };
    const common = { ...NO_DROPS, traceId: ids.traceId, traceState: '', flags: 0, resource, scope: NO_SCOPE, links: [] };
    expect(spanById(trace.spans, ids.root)).toEqual({
      ...common,
      spanId: ids.root,
      parentSpanId: undefined,
      name: 'GET /checkout',
      kind: 'server',
      startTimeUnixNano: at(0),
      endTimeUnixNano: at(12),
      attributes: [
        { key: 'http.request.method', value: s('GET') },
        { key: 'http.response.status_code', value: s('503') },
        { key: 'ratio', value: s('0.25') },
        { key: 'cache.hit', value: s('true') },
        { key: 'feature.flags', value: s('a,b') },
      ],
      events: [],
      status: { code: 'error', message: 'upstream timeout' },
    });
    expect(spanById(trace.spans, ids.query)).toEqual({
      ...common,
      spanId: ids.query,
      parentSpanId: ids.root,
      name: 'SELECT cart',
      kind: 'client',
      startTimeUnixNano: at(2),
      endTimeUnixNano: at(8),
      attributes: [
        { key: 'db.system', value: s('postgresql') },
        { key: 'peer.service', value: s('postgres') },
      ],
      events: [{ timeUnixNano: at(3), name: 'cache-miss', attributes: [], droppedAttributesCount: 0 }],
      status: { code: 'unset', message: '' },
    });
    expect(spanById(trace.spans, ids.render)).toEqual({
      ...common,
      spanId: ids.render,
      parentSpanId: ids.root,
      name: 'render',
      kind: 'unspecified',
      startTimeUnixNano: at(9),
      endTimeUnixNano: at(10),
      attributes: [],
      events: [],
      status: { code: 'ok', message: '' },
    });
  });

  it('Zipkin: zipkin-js HttpLogger (JSON_V2) posting one trace in two requests lands it on one partition', async () => {
    await postZipkinJsTrace(collector.url('zipkin-http', '/api/v2/spans'), 'shop-zipkin-js');
    const { traceId, root: rootId, query: queryId } = ZIPKIN_JS;

    const trace = traceOf(await read(), traceId);
    expect(trace.records).toHaveLength(2); // two requests, two records, one key → one partition (checked in read)
    const resource = { serviceName: 'shop-zipkin-js', attributes: [{ key: 'service.name', value: s('shop-zipkin-js') }, REGION], droppedAttributesCount: 0, schemaUrl: '' };
    const common = { ...NO_DROPS, traceId, traceState: '', flags: 0, resource, scope: NO_SCOPE, links: [] };
    expect(spanById(trace.spans, queryId)).toEqual({
      ...common,
      spanId: queryId,
      parentSpanId: rootId,
      name: 'select cart', // zipkin-js lowercases span names
      kind: 'client',
      startTimeUnixNano: at(2),
      endTimeUnixNano: at(8),
      attributes: [
        { key: 'peer.service', value: s('postgres') },
        { key: 'net.peer.ip', value: s('10.0.0.9') },
        { key: 'net.peer.port', value: i(5432) },
      ],
      events: [{ timeUnixNano: at(3), name: 'cache-miss', attributes: [], droppedAttributesCount: 0 }],
      status: { code: 'unset', message: '' },
    });
    expect(spanById(trace.spans, rootId)).toEqual({
      ...common,
      spanId: rootId,
      parentSpanId: undefined,
      name: 'get /cart',
      kind: 'server',
      startTimeUnixNano: at(0),
      endTimeUnixNano: at(12),
      attributes: [{ key: 'http.path', value: s('/cart') }],
      events: [],
      status: { code: 'error', message: 'cart unavailable' },
    });
  });

  it("Jaeger Thrift: jaeger-client's HTTPSender posting one trace in two flushes lands it on one partition", async () => {
    const { traceId, root: rootId, query: queryId } = await postJaegerClientTrace(collector.url('jaeger-thrift-http', '/api/traces'), 'shop-jaeger-thrift');

    const trace = traceOf(await read(), traceId);
    expect(trace.records).toHaveLength(2);
    const rootSpan = spanById(trace.spans, rootId);
    const querySpan = spanById(trace.spans, queryId);
    // The process: service name, its tags (hostname → host.name, jaeger.version → opencensus.exporterversion), then the collector tag.
    expect(rootSpan.resource.serviceName).toBe('shop-jaeger-thrift');
    expect(rootSpan.resource.attributes.map((a) => a.key)).toEqual(['service.name', 'host.name', 'deployment.environment', 'opencensus.exporterversion', 'ip', 'client-uuid', 'region']);
    expect(rootSpan.resource.attributes).toEqual(
      expect.arrayContaining([{ key: 'host.name', value: s('test-host') }, { key: 'opencensus.exporterversion', value: s('Jaeger-Node-3.19.0') }, REGION]),
    );
    expect(querySpan.resource).toEqual(rootSpan.resource);
    expect(rootSpan).toMatchObject({
      ...NO_DROPS,
      traceId,
      parentSpanId: undefined,
      flags: 1,
      name: 'GET /checkout',
      kind: 'server',
      startTimeUnixNano: at(0),
      endTimeUnixNano: at(12),
      // jaeger-client tags a sampled root span with its sampler.
      attributes: [
        { key: 'sampler.type', value: s('const') },
        { key: 'sampler.param', value: b(true) },
        { key: 'http.method', value: s('GET') },
      ],
      events: [],
      links: [],
      status: { code: 'error', message: '' },
      scope: NO_SCOPE,
    });
    expect(querySpan).toMatchObject({
      ...NO_DROPS,
      traceId,
      parentSpanId: rootId,
      flags: 1,
      name: 'SELECT cart',
      kind: 'client',
      startTimeUnixNano: at(2),
      endTimeUnixNano: at(8),
      attributes: [
        { key: 'db.system', value: s('postgresql') },
        { key: 'cache.hit', value: b(false) },
      ],
      events: [{ timeUnixNano: at(3), name: 'cache-miss', attributes: [{ key: 'attempt', value: s('second') }], droppedAttributesCount: 0 }],
      links: [],
      status: { code: 'unset', message: '' },
    });
  });

  it('Jaeger gRPC: a PostSpansRequest (built with protobufjs from the Jaeger IDL) through a grpc-js client', async () => {
    // Jaeger's gRPC clients are Go (and Java) only; the request is built from the same IDL and sent
    // over a real HTTP/2 gRPC channel to /jaeger.api_v2.CollectorService/PostSpans.
    const answer = await grpcUnary(collector.address('jaeger-grpc'), POST_SPANS, jaegerPostSpans('f6', 'shop-jaeger-grpc'));
    expect([answer.code, answer.details]).toEqual([0, '']);
    expect(answer.response).toEqual(Buffer.alloc(0)); // PostSpansResponse{}

    const first = traceOf(await read(), jaegerTraceId('f6', 1));
    const second = traceOf(topic, jaegerTraceId('f6', 2));
    expect([first.records.length, second.records.length]).toEqual([1, 1]);
    const resource = {
      serviceName: 'shop-jaeger-grpc',
      attributes: [{ key: 'service.name', value: s('shop-jaeger-grpc') }, { key: 'host.name', value: s('test-host') }, { key: 'pid', value: i(4242) }, REGION],
      droppedAttributesCount: 0,
      schemaUrl: '',
    };
    const common = { ...NO_DROPS, traceState: '', flags: 1, scope: NO_SCOPE, links: [] };
    expect(spanById(first.spans, jaegerSpanId('f6', 1))).toEqual({
      ...common,
      traceId: jaegerTraceId('f6', 1),
      spanId: jaegerSpanId('f6', 1),
      parentSpanId: undefined,
      name: 'POST /orders',
      kind: 'server',
      startTimeUnixNano: at(0),
      endTimeUnixNano: at(12),
      attributes: [{ key: 'http.status_code', value: i(500) }],
      events: [],
      status: { code: 'error', message: '' },
      resource,
    });
    expect(spanById(first.spans, jaegerSpanId('f6', 2))).toEqual({
      ...common,
      traceId: jaegerTraceId('f6', 1),
      spanId: jaegerSpanId('f6', 2),
      parentSpanId: jaegerSpanId('f6', 1),
      name: 'INSERT order',
      kind: 'client',
      startTimeUnixNano: at(2),
      endTimeUnixNano: at(8),
      attributes: [{ key: 'db.rows', value: i(1) }, { key: 'ratio', value: d(0.5) }],
      events: [{ timeUnixNano: at(3), name: 'retry', attributes: [{ key: 'attempt', value: i(2) }], droppedAttributesCount: 0 }],
      status: { code: 'unset', message: '' },
      resource,
    });
    // A span with its own process keeps it, rather than the batch's.
    expect(spanById(second.spans, jaegerSpanId('f6', 3))).toMatchObject({
      name: 'consume order',
      kind: 'consumer',
      resource: { serviceName: 'billing', attributes: [{ key: 'service.name', value: s('billing') }, REGION] },
    });
  });

  it('counts every span received as accepted, per format and transport, none refused', async () => {
    const metrics = await scrapeMetrics(collector.adminUrl('/metrics'));
    const expected: Array<[format: string, transport: string, spans: number]> = [
      ['otlp', 'http', 6], // proto + JSON exporters, 3 spans each
      ['otlp', 'grpc', 3],
      ['zipkin', 'http', 5], // exporter-zipkin 3 + zipkin-js 2
      ['jaeger', 'http', 2],
      ['jaeger', 'grpc', 3],
    ];
    for (const [format, transport, spans] of expected) {
      const labels = { format, transport };
      expect({ labels, received: metrics.value('waymark_collector_spans_received_total', labels), accepted: metrics.value('waymark_collector_spans_accepted_total', labels) }).toEqual({
        labels,
        received: spans,
        accepted: spans,
      });
    }
    expect(metrics.value('waymark_collector_spans_refused_total')).toBe(0);
    expect(metrics.value('waymark_collector_requests_refused_total')).toBe(0);
    expect(metrics.value('waymark_kafka_spans_produced_total', { result: 'ok' })).toBe(19);
    expect(metrics.value('waymark_kafka_spans_produced_total', { result: 'error' })).toBe(0);
    // The OTLP protobuf exporters (HTTP and gRPC) took the fast path: their bytes went to Kafka, with the collector tag added, undecoded (ADR 011).
    expect(metrics.value('waymark_collector_otlp_proto_requests_total', { path: 'copied' })).toBe(2);
    expect(metrics.value('waymark_collector_otlp_proto_requests_total', { path: 'decoded' })).toBe(0);
  });
});

describe('receivers with tenancy on (TENANCY_ENABLED=true, TENANCY_TENANTS=acme)', () => {
  let collector: CollectorUnderTest;
  beforeAll(async () => {
    collector = await startCollector('receivers-tenant', { COLLECTOR_TAGS: 'region=eu-1', TENANCY_ENABLED: 'true', TENANCY_TENANTS: 'acme' });
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it('carries the tenant of the x-tenant header (HTTP) or metadata (gRPC) in every record', async () => {
    const tenant = { 'x-tenant': 'acme' };
    const [proto, grpc] = [checkoutIds('a7'), checkoutIds('b8')];
    expect(await exportCheckoutTrace('otlp-proto', collector.url('otlp-http', OTLP_HTTP), proto, 'tenant-proto', tenant)).toEqual([{ code: 0 }]);
    expect(await exportCheckoutTrace('otlp-grpc', `http://${collector.address('otlp-grpc')}`, grpc, 'tenant-grpc', tenant)).toEqual([{ code: 0 }]);
    const jaeger = await grpcUnary(collector.address('jaeger-grpc'), POST_SPANS, jaegerPostSpans('c9', 'tenant-jaeger'), { metadata: tenant });
    expect(jaeger.code).toBe(0);

    const topic = decodeRecords(await collector.records());
    expectTraceAffinity(topic);
    expect(traceIdsOf(topic)).toEqual([proto.traceId, grpc.traceId, jaegerTraceId('c9', 1), jaegerTraceId('c9', 2)].sort());
    for (const { record } of topic) expect(record.headers).toEqual({ 'x-tenant': 'acme' });
    expectOtlpCheckout(traceOf(topic, proto.traceId).spans, proto, 'tenant-proto');
    expectOtlpCheckout(traceOf(topic, grpc.traceId).spans, grpc, 'tenant-grpc');

    const metrics = await scrapeMetrics(collector.adminUrl('/metrics'));
    expect(metrics.value('waymark_collector_spans_received_total')).toBe(9);
    expect(metrics.value('waymark_collector_spans_accepted_total')).toBe(9);
    expect(metrics.value('waymark_collector_requests_refused_total')).toBe(0);
  });
});
