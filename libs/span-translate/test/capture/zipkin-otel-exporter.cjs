// Captures a golden Zipkin v2 JSON fixture from @opentelemetry/exporter-zipkin.
//
//   node libs/span-translate/test/capture/zipkin-otel-exporter.cjs
//
// Needs @opentelemetry/sdk-trace-base, @opentelemetry/resources and @opentelemetry/exporter-zipkin
// (2.x), which are NOT installed in this workspace yet: the script says so and exits 2 until they
// are. It starts an HTTP server on 127.0.0.1 (random port), exports one deterministic trace through
// a BasicTracerProvider + BatchSpanProcessor + ZipkinExporter pointed at
// http://127.0.0.1:<port>/api/v2/spans, and writes the body to
// test/fixtures/zipkin/otel-exporter-zipkin.json.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

function load(name) {
  try {
    return require(name);
  } catch {
    process.stderr.write(`missing package ${name}: install @opentelemetry/{sdk-trace-base,resources,exporter-zipkin} 2.x to capture this fixture\n`);
    process.exit(2);
  }
}

const api = load('@opentelemetry/api');
const { BasicTracerProvider, BatchSpanProcessor } = load('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = load('@opentelemetry/resources');
const { ZipkinExporter } = load('@opentelemetry/exporter-zipkin');

const OUT = path.join(__dirname, '..', 'fixtures', 'zipkin');
const T0 = 1_700_000_000; // seconds
const at = (micros) => [T0 + Math.floor(micros / 1e6), (micros % 1e6) * 1000]; // HrTime

// Deterministic ids, as an IdGenerator.
const spanIds = ['c0ffee0000000001', 'c0ffee0000000002', 'c0ffee0000000003'];
const idGenerator = { generateTraceId: () => 'a1b2c3d4e5f60718293a4b5c6d7e8f90', generateSpanId: () => spanIds.shift() ?? 'c0ffee00000000ff' };

function capture() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        res.writeHead(202).end();
        server.close();
        resolve({ headers: req.headers, body: Buffer.concat(chunks) });
      });
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => drive(server.address().port).catch(reject));
  });
}

async function drive(port) {
  const exporter = new ZipkinExporter({ url: `http://127.0.0.1:${port}/api/v2/spans` });
  const provider = new BasicTracerProvider({
    idGenerator,
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.version': '1.4.0', 'deployment.environment': 'test', 'host.name': 'capture-host' }),
    // Batch, not Simple: one POST with every span, flushed below.
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 })],
  });
  const tracer = provider.getTracer('capture-lib', '1.2.3');

  const root = tracer.startSpan('GET /checkout', { kind: api.SpanKind.SERVER, startTime: at(0), attributes: { 'http.request.method': 'GET', 'http.response.status_code': 503, ratio: 0.25, 'cache.hit': true } });
  const parent = api.trace.setSpan(api.ROOT_CONTEXT, root);
  const query = tracer.startSpan('SELECT cart', { kind: api.SpanKind.CLIENT, startTime: at(2_000), attributes: { 'db.system': 'postgresql', 'peer.service': 'postgres' } }, parent);
  query.addEvent('cache-miss', { attempt: 2 }, at(3_000));
  query.end(at(8_000));
  const internal = tracer.startSpan('render', { startTime: at(9_000), links: [{ context: query.spanContext(), attributes: { reason: 'after-query' } }] }, parent);
  internal.setStatus({ code: api.SpanStatusCode.OK });
  internal.end(at(10_000));
  root.setStatus({ code: api.SpanStatusCode.ERROR, message: 'upstream timeout' });
  root.end(at(12_000));

  await provider.forceFlush();
  await provider.shutdown();
}

capture()
  .then(({ body, headers }) => {
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'otel-exporter-zipkin.json'), `${JSON.stringify(JSON.parse(body.toString('utf8')), null, 2)}\n`);
    process.stdout.write(`otel-exporter-zipkin.json: ${body.length} bytes, content-type ${headers['content-type']}\n`);
  })
  .catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  });
