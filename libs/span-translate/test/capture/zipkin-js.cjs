// Captures golden Zipkin JSON fixtures from the real zipkin-js tracer and its HTTP transport.
//
//   node libs/span-translate/test/capture/zipkin-js.cjs
//
// Starts an HTTP server on 127.0.0.1 (random port) and points zipkin-transport-http's HttpLogger
// at it, once with jsonEncoder JSON_V2 (→ test/fixtures/zipkin/zipkin-js-v2.json, what
// `POST /api/v2/spans` receives) and once with JSON_V1 (→ zipkin-js-v1.json, for the v1 path).
// Ids and times are fixed (explicit TraceIds and annotation timestamps), so the fixtures are
// reproducible with the same zipkin-js version.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { Annotation, BatchRecorder, ExplicitContext, InetAddress, TraceId, Tracer, jsonEncoder, option } = require('zipkin');
const { HttpLogger } = require('zipkin-transport-http');

const OUT = path.join(__dirname, '..', 'fixtures', 'zipkin');
const T0 = 1_700_000_000_000_000; // µs; zipkin-js annotation timestamps are epoch microseconds
const TRACE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const ROOT = 'c0ffee0000000001';
const QUERY = 'c0ffee0000000002';

function capture(encoderName) {
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
    server.listen(0, '127.0.0.1', () => {
      try {
        drive(`http://127.0.0.1:${server.address().port}/api/v2/spans`, jsonEncoder[encoderName]);
      } catch (error) {
        reject(error);
      }
    });
  });
}

function drive(endpoint, encoder) {
  const logger = new HttpLogger({ endpoint, jsonEncoder: encoder, httpInterval: 60_000 });
  const recorder = new BatchRecorder({ logger });
  const tracer = (localServiceName) => new Tracer({ ctxImpl: new ExplicitContext(), recorder, localServiceName, log: { info() {}, error() {} } });
  const checkout = tracer('checkout');
  const cartDb = tracer('cart-db');
  const at = (t, id, annotations) => {
    t.setId(id);
    for (const [annotation, offsetMicros] of annotations) t.recordAnnotation(annotation, T0 + offsetMicros);
  };
  const sampled = new option.Some(true);

  // Root SERVER span: local and client addresses, an error tag, a message annotation.
  const root = new TraceId({ traceId: TRACE, spanId: ROOT, sampled });
  at(checkout, root, [
    [new Annotation.ServiceName('checkout'), 0],
    [new Annotation.Rpc('GET /checkout'), 0],
    [new Annotation.ServerRecv(), 0],
    [new Annotation.LocalAddr({ host: new InetAddress('10.1.2.3'), port: 8080 }), 0],
    [new Annotation.ClientAddr({ host: new InetAddress('192.168.0.7'), port: 51000 }), 0],
    [new Annotation.BinaryAnnotation('http.path', '/checkout'), 0],
    [new Annotation.BinaryAnnotation('http.status_code', '503'), 0],
    [new Annotation.BinaryAnnotation('error', 'upstream timeout'), 0],
    [new Annotation.Message('retrying'), 1_000],
  ]);

  // CLIENT child with a remote service, and the SERVER side of the same call sharing its id.
  const query = new TraceId({ traceId: TRACE, parentId: new option.Some(ROOT), spanId: QUERY, sampled });
  at(checkout, query, [
    [new Annotation.ServiceName('checkout'), 2_000],
    [new Annotation.Rpc('SELECT cart'), 2_000],
    [new Annotation.ClientSend(), 2_000],
    [new Annotation.ServerAddr({ serviceName: 'postgres', host: new InetAddress('10.0.0.9'), port: 5432 }), 2_000],
    [new Annotation.BinaryAnnotation('db.statement', 'SELECT * FROM cart'), 2_000],
    [new Annotation.Message('cache-miss'), 3_000],
  ]);
  const shared = new TraceId({ traceId: TRACE, parentId: new option.Some(ROOT), spanId: QUERY, sampled, shared: true });
  at(cartDb, shared, [
    [new Annotation.ServiceName('cart-db'), 2_500],
    [new Annotation.Rpc('select'), 2_500],
    [new Annotation.ServerRecv(), 2_500],
    [new Annotation.ServerSend(), 7_500],
  ]);
  at(checkout, query, [[new Annotation.ClientRecv(), 8_000]]);
  at(checkout, root, [[new Annotation.ServerSend(), 12_000]]);

  // A debug PRODUCER span in its own 64-bit trace.
  const publish = new TraceId({ traceId: 'f00dfeed12345678', spanId: 'f00dfeed12345678', debug: true });
  at(checkout, publish, [
    [new Annotation.ServiceName('checkout'), 9_000],
    [new Annotation.Rpc('publish order'), 9_000],
    [new Annotation.ProducerStart(), 9_000],
    [new Annotation.MessageAddr({ serviceName: 'kafka', host: new InetAddress('10.0.0.20'), port: 9092 }), 9_000],
    [new Annotation.ProducerStop(), 10_000],
  ]);

  logger.processQueue(logger.fetchImplementation);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const [encoder, file] of [['JSON_V2', 'zipkin-js-v2.json'], ['JSON_V1', 'zipkin-js-v1.json']]) {
    const { body, headers } = await capture(encoder);
    // Pretty-printed for review; the tests parse it, so the content is unchanged.
    fs.writeFileSync(path.join(OUT, file), `${JSON.stringify(JSON.parse(body.toString('utf8')), null, 2)}\n`);
    process.stdout.write(`${file}: ${body.length} bytes, content-type ${headers['content-type']}, zipkin-js ${require('zipkin/package.json').version}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
