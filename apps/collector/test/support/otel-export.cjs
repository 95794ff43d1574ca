// A real OpenTelemetry JS app in its own process: records the "checkout" trace with a
// BasicTracerProvider and exports it with one of the real exporters, then prints every
// ExportResult as JSON on stdout. The integration tests run it as a child process because the
// OTLP/HTTP exporters load `http` with a dynamic import(), which Jest's CommonJS runtime cannot
// run; a separate process is also what a real client is.
//
//   node otel-export.cjs '{"exporter":"otlp-proto","url":"http://127.0.0.1:4318/v1/traces","service":"checkout",
//                          "t0":1700000000,"ids":{"traceId":"…","root":"…","query":"…","render":"…"},"headers":{"x-tenant":"acme"}}'
//
// exporter: otlp-proto | otlp-json (HTTP) | otlp-grpc (headers become gRPC metadata) | zipkin.
// The trace (times in ms after t0, a whole number of seconds; apps/collector/test/support/checkout-trace.ts mirrors it):
//   root `GET /checkout` SERVER 0–12: http.request.method=GET, http.response.status_code=503, ratio=0.25,
//        cache.hit=true, feature.flags=[a,b]; status ERROR "upstream timeout"
//   `SELECT cart` CLIENT child 2–8: db.system=postgresql, peer.service=postgres; event cache-miss {attempt: 2} at 3
//   `render` INTERNAL child 9–10: link to `SELECT cart` {reason: after-query}; status OK
// Resource: service.name=<service>, service.version=1.4.0, host.name=test-host. Scope: waymark-int 1.2.3.
'use strict';
const api = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');

const options = JSON.parse(process.argv[2]);
const headers = options.headers ?? {};

function createExporter() {
  switch (options.exporter) {
    case 'otlp-proto':
      return new (require('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter)({ url: options.url, headers });
    case 'otlp-json':
      return new (require('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter)({ url: options.url, headers });
    case 'otlp-grpc': {
      const { Metadata } = require('@grpc/grpc-js');
      const metadata = new Metadata();
      for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
      return new (require('@opentelemetry/exporter-trace-otlp-grpc').OTLPTraceExporter)({ url: options.url, metadata });
    }
    case 'zipkin':
      return new (require('@opentelemetry/exporter-zipkin').ZipkinExporter)({ url: options.url, headers });
    default:
      throw new Error(`unknown exporter ${options.exporter}`);
  }
}

/** Keeps every ExportResult the exporter reports. */
function recording(inner, results) {
  return {
    export: (spans, done) =>
      inner.export(spans, (result) => {
        results.push({ code: result.code, error: result.error ? String(result.error.message ?? result.error) : undefined });
        done(result);
      }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => (inner.forceFlush ? inner.forceFlush() : Promise.resolve()),
  };
}

async function main() {
  const { ids } = options;
  const spanIds = [ids.root, ids.query, ids.render];
  const hr = (ms) => [options.t0 + Math.floor(ms / 1000), (ms % 1000) * 1e6];
  const results = [];
  const provider = new BasicTracerProvider({
    idGenerator: { generateTraceId: () => ids.traceId, generateSpanId: () => spanIds.shift() ?? 'ffffffffffffffff' },
    resource: resourceFromAttributes({ 'service.name': options.service, 'service.version': '1.4.0', 'host.name': 'test-host' }),
    // One export for the whole trace: the long delay leaves the flush to forceFlush.
    spanProcessors: [new BatchSpanProcessor(recording(createExporter(), results), { scheduledDelayMillis: 60_000 })],
  });
  const tracer = provider.getTracer('waymark-int', '1.2.3');
  const root = tracer.startSpan('GET /checkout', {
    kind: api.SpanKind.SERVER,
    startTime: hr(0),
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 503, ratio: 0.25, 'cache.hit': true, 'feature.flags': ['a', 'b'] },
  });
  const parent = api.trace.setSpan(api.ROOT_CONTEXT, root);
  const query = tracer.startSpan('SELECT cart', { kind: api.SpanKind.CLIENT, startTime: hr(2), attributes: { 'db.system': 'postgresql', 'peer.service': 'postgres' } }, parent);
  query.addEvent('cache-miss', { attempt: 2 }, hr(3));
  query.end(hr(8));
  const render = tracer.startSpan('render', { startTime: hr(9), links: [{ context: query.spanContext(), attributes: { reason: 'after-query' } }] }, parent);
  render.setStatus({ code: api.SpanStatusCode.OK });
  render.end(hr(10));
  root.setStatus({ code: api.SpanStatusCode.ERROR, message: 'upstream timeout' });
  root.end(hr(12));
  await provider.forceFlush();
  await provider.shutdown();
  process.stdout.write(`${JSON.stringify({ results })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
