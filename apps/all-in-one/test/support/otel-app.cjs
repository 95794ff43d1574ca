// A real OpenTelemetry JS app in its own process, configured the way the README tells users:
// only OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_SERVICE_NAME) in its environment, the exporter's
// own defaults for everything else. It records one trace and exports it, then prints the
// ExportResults and the ids the SDK generated as JSON on stdout. (A child process because the
// OTLP/HTTP exporters load `http` with a dynamic import(), which Jest's CommonJS runtime cannot.)
//
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_SERVICE_NAME=shop node otel-app.cjs '{"exporter":"otlp-proto","t0":1700000000}'
//
// exporter: otlp-proto | otlp-json (OTLP/HTTP, path /v1/traces added by the exporter) | otlp-grpc.
// The trace (ms after t0, a whole number of seconds):
//   `GET /checkout` SERVER 0–12: http.request.method=GET, http.response.status_code=503, cache.hit=true; ERROR "upstream timeout"
//   `SELECT cart` CLIENT child 2–8: db.system=postgresql; event cache-miss {attempt: 2} at 3
'use strict';
const api = require('@opentelemetry/api');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');

const options = JSON.parse(process.argv[2]);

function createExporter() {
  switch (options.exporter) {
    case 'otlp-proto':
      return new (require('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter)();
    case 'otlp-json':
      return new (require('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter)();
    case 'otlp-grpc':
      return new (require('@opentelemetry/exporter-trace-otlp-grpc').OTLPTraceExporter)();
    default:
      throw new Error(`unknown exporter ${options.exporter}`);
  }
}

async function main() {
  const hr = (ms) => [options.t0 + Math.floor(ms / 1000), (ms % 1000) * 1e6];
  const results = [];
  const exporter = createExporter();
  const recording = {
    export: (spans, done) =>
      exporter.export(spans, (result) => {
        results.push({ code: result.code, error: result.error ? String(result.error.message ?? result.error) : undefined });
        done(result);
      }),
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME, 'host.name': 'test-host' }),
    spanProcessors: [new BatchSpanProcessor(recording, { scheduledDelayMillis: 60_000 })],
  });
  const tracer = provider.getTracer('waymark-aio', '0.1.0');
  const root = tracer.startSpan('GET /checkout', { kind: api.SpanKind.SERVER, startTime: hr(0), attributes: { 'http.request.method': 'GET', 'http.response.status_code': 503, 'cache.hit': true } });
  const query = tracer.startSpan('SELECT cart', { kind: api.SpanKind.CLIENT, startTime: hr(2), attributes: { 'db.system': 'postgresql' } }, api.trace.setSpan(api.ROOT_CONTEXT, root));
  query.addEvent('cache-miss', { attempt: 2 }, hr(3));
  query.end(hr(8));
  root.setStatus({ code: api.SpanStatusCode.ERROR, message: 'upstream timeout' });
  root.end(hr(12));
  await provider.forceFlush();
  await provider.shutdown();
  const ids = { traceId: root.spanContext().traceId, root: root.spanContext().spanId, query: query.spanContext().spanId };
  process.stdout.write(`${JSON.stringify({ results, ids })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
