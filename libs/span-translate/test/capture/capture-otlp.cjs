#!/usr/bin/env node
// Captures golden OTLP requests from the real OpenTelemetry JS exporters, for the OTLP translator
// tests: the same deterministic two-span trace is exported once through each of
//   @opentelemetry/exporter-trace-otlp-proto  (protobuf over HTTP) → otlp-proto-http.bin
//   @opentelemetry/exporter-trace-otlp-http   (JSON over HTTP)     → otlp-http-json.json
//   @opentelemetry/exporter-trace-otlp-grpc   (protobuf over gRPC) → otlp-grpc.bin
// to servers on 127.0.0.1 (random ports) that store the request bodies as received, plus
// manifest.json (package versions, content types, sizes).
//
//   node libs/span-translate/test/capture/capture-otlp.cjs [output dir]
//
// Needs @opentelemetry/{sdk-trace-base,resources,core} 2.x, the three exporters 0.2xx and
// @grpc/grpc-js. When they are not in the workspace's node_modules, install them anywhere and
// point NODE_PATH at that node_modules directory. Ids come from a fixed IdGenerator and every
// time is passed explicitly, so a re-capture differs only where an SDK version changes its output.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const api = require('@opentelemetry/api');
const { BasicTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const outDir = path.resolve(process.argv[2] || path.join(__dirname, '..', 'fixtures', 'otlp'));

/** The trace every exporter sends (the fixtures' tests assert exactly these values). */
const TRACE = {
  traceId: '5b8efff798038103d269b633813fc60c',
  remoteParent: { spanId: 'a1b2c3d4e5f60718', traceState: 'rojo=00f067aa0ba902b7' },
  serverSpanId: 'eee19b7ec3c1b174',
  clientSpanId: 'eee19b7ec3c1b175',
  link: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' },
};
const at = (nanos) => [1750000000, nanos]; // HrTime: [seconds, nanoseconds]

class FixedIdGenerator {
  constructor() {
    this.spanIds = [TRACE.serverSpanId, TRACE.clientSpanId];
  }
  generateTraceId() {
    return TRACE.traceId;
  }
  generateSpanId() {
    return this.spanIds.shift() ?? 'ffffffffffffffff';
  }
}

function recordTrace(provider) {
  const tracer = provider.getTracer('waymark.capture', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
  const parent = api.trace.setSpanContext(api.ROOT_CONTEXT, {
    traceId: TRACE.traceId,
    spanId: TRACE.remoteParent.spanId,
    traceFlags: api.TraceFlags.SAMPLED,
    isRemote: true,
    traceState: api.createTraceState(TRACE.remoteParent.traceState),
  });
  const server = tracer.startSpan(
    '/ping/{id}',
    {
      kind: api.SpanKind.SERVER,
      startTime: at(123456789),
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/ping/{id}',
        'http.response.status_code': 500,
        'waymark.test.big_int': 2 ** 53 + 2, // an integer above 2^53, still exact as a double
        'waymark.test.negative_int': -42,
        'waymark.test.double': 0.25,
        'waymark.test.bool': true,
        'waymark.test.unicode': 'grüße 🌍',
        'waymark.test.strings': ['a', 'b'],
        'waymark.test.ints': [1, 2, 3],
        'waymark.test.doubles': [1.5, -2.5],
        'waymark.test.bools': [true, false],
      },
    },
    parent,
  );
  server.setStatus({ code: api.SpanStatusCode.ERROR, message: 'upstream failed' });
  const client = tracer.startSpan(
    'GET redis',
    {
      kind: api.SpanKind.CLIENT,
      startTime: at(200000000),
      attributes: { 'db.system': 'redis', 'server.address': 'redis', 'server.port': 6379 },
      links: [{ context: { ...TRACE.link, traceFlags: api.TraceFlags.SAMPLED }, attributes: { 'link.reason': 'retry-of', 'link.attempt': 1 } }],
    },
    api.trace.setSpan(api.ROOT_CONTEXT, server),
  );
  client.addEvent('cache.miss', { 'cache.key': 'user:42', 'cache.attempt': 2, 'cache.hit_ratio': 0.5, 'cache.stale': false }, at(300000001));
  client.setStatus({ code: api.SpanStatusCode.OK });
  client.end(at(700000000));
  server.end(at(987654321));
}

async function exportWith(exporter) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'waymark-capture',
      'service.version': '1.0.0',
      'deployment.environment.name': 'test',
      'host.name': 'capture-host',
      'process.pid': 4242,
    }),
    idGenerator: new FixedIdGenerator(),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  recordTrace(provider);
  await provider.forceFlush();
  await provider.shutdown();
}

function startHttp(received) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const contentType = req.headers['content-type'] ?? '';
      received.push({ path: req.url, contentType, contentEncoding: req.headers['content-encoding'] ?? 'identity', body: Buffer.concat(chunks) });
      const json = contentType.startsWith('application/json');
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      res.end(json ? '{}' : Buffer.alloc(0)); // an empty ExportTraceServiceResponse: full success
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function startGrpc(received) {
  const server = new grpc.Server();
  const raw = (bytes) => bytes;
  server.addService(
    {
      Export: {
        path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        requestStream: false,
        responseStream: false,
        requestDeserialize: raw, // keep the request message bytes exactly as sent
        requestSerialize: raw,
        responseSerialize: raw,
        responseDeserialize: raw,
      },
    },
    {
      Export: (call, callback) => {
        received.push({ path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export', contentType: 'application/grpc', contentEncoding: 'identity', body: call.request });
        callback(null, Buffer.alloc(0));
      },
    },
  );
  return new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve({ server, port }))),
  );
}

/** A package's version, from the package.json above its entry point (many do not export it). */
function version(name) {
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).name === name) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
  }
  return 'unknown';
}

async function main() {
  const received = [];
  const httpServer = await startHttp(received);
  const { server: grpcServer, port: grpcPort } = await startGrpc(received);
  const httpUrl = `http://127.0.0.1:${httpServer.address().port}/v1/traces`;
  const runs = [
    { file: 'otlp-proto-http.bin', pkg: '@opentelemetry/exporter-trace-otlp-proto', options: { url: httpUrl } },
    { file: 'otlp-http-json.json', pkg: '@opentelemetry/exporter-trace-otlp-http', options: { url: httpUrl } },
    { file: 'otlp-grpc.bin', pkg: '@opentelemetry/exporter-trace-otlp-grpc', options: { url: `http://127.0.0.1:${grpcPort}` } },
  ];
  const manifest = { capturedWith: 'libs/span-translate/test/capture/capture-otlp.cjs', node: process.version, trace: TRACE, packages: {}, requests: [] };
  for (const name of ['@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/resources', '@grpc/grpc-js']) manifest.packages[name] = version(name);
  fs.mkdirSync(outDir, { recursive: true });
  for (const run of runs) {
    const { OTLPTraceExporter } = require(run.pkg);
    manifest.packages[run.pkg] = version(run.pkg);
    const before = received.length;
    await exportWith(new OTLPTraceExporter(run.options));
    if (received.length !== before + 1) throw new Error(`${run.pkg}: expected one request, got ${received.length - before}`);
    const request = received[received.length - 1];
    fs.writeFileSync(path.join(outDir, run.file), request.body);
    manifest.requests.push({ file: run.file, exporter: run.pkg, path: request.path, contentType: request.contentType, contentEncoding: request.contentEncoding, bytes: request.body.length });
  }
  fs.writeFileSync(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  httpServer.close();
  grpcServer.forceShutdown();
  console.log(`captured ${manifest.requests.length} requests into ${outDir}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
