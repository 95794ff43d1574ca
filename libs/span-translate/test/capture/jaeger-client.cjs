// Captures a golden Jaeger Thrift fixture from the real jaeger-client npm tracer.
//
//   node libs/span-translate/test/capture/jaeger-client.cjs
//
// Starts an HTTP server on 127.0.0.1 (random port), points jaeger-client's HTTPSender at
// http://127.0.0.1:<port>/api/traces, records one small deterministic trace and writes the exact
// request body to test/fixtures/jaeger/jaeger-client-batch.bin (plus the request headers to
// jaeger-client-batch.headers.json). Ids, times, hostname, ip and client-uuid are pinned so the
// fixture is reproducible byte for byte with the same jaeger-client version.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { Tracer, RemoteReporter, ConstSampler } = require('jaeger-client');
const HTTPSender = require('jaeger-client/dist/src/reporters/http_sender.js').default;
const Utils = require('jaeger-client/dist/src/util.js').default;
const opentracing = require('opentracing');

const OUT = path.join(__dirname, '..', 'fixtures', 'jaeger');

// Deterministic ids; high bits set so the decoder's signed-i64 handling is exercised.
const ids = ['f1e2d3c4b5a69788', '0123456789abcdef', '8000000000000001', '00000000000000a2', 'ffffffffffffff03'];
let next = 0;
Utils.getRandom128 = () => Buffer.from(ids[0] + ids[1], 'hex');
Utils.getRandom64 = () => Buffer.from(ids[2 + (next++ % 3)], 'hex');

const T0 = 1_700_000_000_000; // ms; jaeger-client takes milliseconds, sends microseconds

function capture() {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        res.writeHead(202).end();
        server.close();
        resolve({ url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      });
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => drive(server.address().port).catch(reject));
  });
}

async function drive(port) {
  const sender = new HTTPSender({ endpoint: `http://127.0.0.1:${port}/api/traces` });
  const reporter = new RemoteReporter(sender, { bufferFlushInterval: 60_000 });
  const tracer = new Tracer('checkout', reporter, new ConstSampler(true), {
    traceId128bit: true,
    tags: { hostname: 'capture-host', ip: '10.1.2.3', 'deployment.environment': 'test' },
  });
  // client-uuid is a fresh uuid v4 per tracer: pin it and hand the process to the reporter again.
  tracer._process.tags = tracer._process.tags.map((t) => (t.key === 'client-uuid' ? { key: t.key, value: '00000000-0000-4000-8000-000000000001' } : t));
  reporter.setProcess(tracer._process.serviceName, tracer._process.tags);

  const root = tracer.startSpan('GET /checkout', { startTime: T0, tags: { 'span.kind': 'server' } });
  root.setTag('http.method', 'GET'); // STRING
  root.setTag('http.status_code', 200); // DOUBLE (jaeger-client sends every number as DOUBLE)
  root.setTag('ratio', 0.25); // DOUBLE
  root.setTag('cache.hit', true); // BOOL
  root.setTag('payload', Buffer.from([0xde, 0xad, 0xbe, 0xef])); // BINARY
  root.setTag('request.meta', { retry: false }); // objects are sent as JSON STRING

  const enqueue = tracer.startSpan('enqueue order', { childOf: root, startTime: T0 + 1.5, tags: { 'span.kind': 'producer' } });
  enqueue.finish(T0 + 2.25);

  const query = tracer.startSpan('SELECT cart', {
    startTime: T0 + 3,
    tags: { 'span.kind': 'client', 'db.system': 'postgresql' },
    references: [opentracing.childOf(root.context()), opentracing.followsFrom(enqueue.context())],
  });
  query.log({ event: 'cache-miss', message: 'cart not cached', attempt: 2 }, T0 + 3.5);
  query.setTag('error', true);
  query.finish(T0 + 10.75);
  root.finish(T0 + 12);

  await new Promise((resolve) => tracer.close(resolve));
}

capture()
  .then(({ url, headers, body }) => {
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, 'jaeger-client-batch.bin'), body);
    const kept = { url, 'content-type': headers['content-type'], 'content-length': headers['content-length'] };
    fs.writeFileSync(path.join(OUT, 'jaeger-client-batch.headers.json'), `${JSON.stringify(kept, null, 2)}\n`);
    process.stdout.write(`captured ${body.length} bytes from jaeger-client ${require('jaeger-client/package.json').version}\n`);
  })
  .catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  });
