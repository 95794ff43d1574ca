import type { EventEmitter } from 'node:events';
import { jaegerApiV2 } from '@waymark/idl';
import { ConstSampler, RemoteReporter, Tracer as JaegerTracer } from 'jaeger-client';
import HTTPSender from 'jaeger-client/dist/src/reporters/http_sender.js';
import { Annotation, BatchRecorder, ExplicitContext, InetAddress, jsonEncoder, option, TraceId, Tracer as ZipkinTracer } from 'zipkin';
import { HttpLogger } from 'zipkin-transport-http';
import { at } from './checkout-trace';

/**
 * The non-OTLP clients the receiver tests drive, each recording a small trace with explicit
 * times (see `at`) and posting it in two requests, so that a trace arrives in two records.
 */

/** Ids of the zipkin-js cart trace. */
export const ZIPKIN_JS = { traceId: 'e5e5e5e5e5e5e5e5e5e5e5e5e5c0ffee', root: 'e5e5e5e5e5e5e501', query: 'e5e5e5e5e5e5e502' } as const;

/**
 * zipkin-js 0.22 (Tracer + BatchRecorder + zipkin-transport-http's HttpLogger, JSON_V2) posts
 * `SELECT cart` (CLIENT 2–8 ms, remote service postgres 10.0.0.9:5432, annotation cache-miss at
 * 3 ms), then its parent `GET /cart` (SERVER 0–12 ms, tag http.path, error "cart unavailable").
 */
export async function postZipkinJsTrace(endpoint: string, service: string): Promise<void> {
  const micros = (ms: number) => Number(at(ms) / 1000n);
  const logger = new HttpLogger({ endpoint, jsonEncoder: jsonEncoder.JSON_V2, httpInterval: 60_000 });
  // HttpLogger is an EventEmitter that posts its queue on processQueue (its types omit both).
  const transport = logger as unknown as EventEmitter & { processQueue(fetchImpl: typeof fetch): void };
  const post = () =>
    new Promise<void>((resolve, reject) => {
      transport.once('success', () => resolve());
      transport.once('error', reject);
      transport.processQueue(fetch);
    });
  const tracer = new ZipkinTracer({ ctxImpl: new ExplicitContext(), recorder: new BatchRecorder({ logger }), localServiceName: service });
  const record = (id: TraceId, annotations: Array<[Parameters<ZipkinTracer['recordAnnotation']>[0], number]>) => {
    tracer.setId(id);
    for (const [annotation, ms] of annotations) tracer.recordAnnotation(annotation, micros(ms));
  };
  const sampled = new option.Some(true);
  const root = new TraceId({ traceId: ZIPKIN_JS.traceId, spanId: ZIPKIN_JS.root, sampled });
  const query = new TraceId({ traceId: ZIPKIN_JS.traceId, parentId: new option.Some(ZIPKIN_JS.root), spanId: ZIPKIN_JS.query, sampled });
  record(root, [
    [new Annotation.ServiceName(service), 0],
    [new Annotation.Rpc('GET /cart'), 0],
    [new Annotation.ServerRecv(), 0],
    [new Annotation.BinaryAnnotation('http.path', '/cart'), 0],
    [new Annotation.BinaryAnnotation('error', 'cart unavailable'), 0],
  ]);
  record(query, [
    [new Annotation.ServiceName(service), 2],
    [new Annotation.Rpc('SELECT cart'), 2],
    [new Annotation.ClientSend(), 2],
    [new Annotation.ServerAddr({ serviceName: 'postgres', host: new InetAddress('10.0.0.9'), port: 5432 }), 2],
    [new Annotation.Message('cache-miss'), 3],
    [new Annotation.ClientRecv(), 8],
  ]);
  await post(); // the finished child, on its own
  record(root, [[new Annotation.ServerSend(), 12]]);
  await post(); // then the root
}

/**
 * jaeger-client 3.19 (Tracer + RemoteReporter + HTTPSender, Thrift over HTTP) flushes `SELECT
 * cart` (client 2–8 ms, a log) on its own, then `GET /checkout` (server 0–12 ms, error=true);
 * each flush's callback must report one span sent. Resolves with the ids jaeger-client chose.
 */
export async function postJaegerClientTrace(endpoint: string, service: string): Promise<{ traceId: string; root: string; query: string }> {
  const quiet = { info: () => undefined, error: () => undefined };
  const sender = new HTTPSender({ endpoint, logger: quiet });
  const flush = () => new Promise<number>((resolve, reject) => sender.flush((count, error) => (error ? reject(new Error(error)) : resolve(count))));
  const reporter = new RemoteReporter(sender, { bufferFlushInterval: 60_000, logger: quiet });
  const tracer = new JaegerTracer(service, reporter, new ConstSampler(true), { traceId128bit: true, tags: { hostname: 'test-host', 'deployment.environment': 'test' }, logger: quiet });
  const ms = (offset: number) => Number(at(offset) / 1_000_000n);

  const root = tracer.startSpan('GET /checkout', { startTime: ms(0), tags: { 'span.kind': 'server', 'http.method': 'GET' } });
  const query = tracer.startSpan('SELECT cart', { childOf: root, startTime: ms(2), tags: { 'span.kind': 'client', 'db.system': 'postgresql', 'cache.hit': false } });
  query.log({ event: 'cache-miss', attempt: 'second' }, ms(3));
  query.finish(ms(8));
  const sent = [await flush()];
  root.setTag('error', true);
  root.finish(ms(12));
  sent.push(await flush());
  await new Promise<void>((resolve) => tracer.close(resolve));
  if (sent.join() !== '1,1') throw new Error(`jaeger-client flushed ${sent.join(' and ')} spans, expected 1 and 1`);
  const hex = (bytes: Buffer) => bytes.toString('hex');
  return { traceId: hex(root.context().traceId), root: hex(root.context().spanId), query: hex(query.context().spanId) };
}

/** The trace ids of `jaegerPostSpans(seed, …)`: `n` = 1 (two spans) or 2 (one span). */
export const jaegerTraceId = (seed: string, n: 1 | 2): string => `${seed.repeat(13)}c0ffe${n}`.slice(0, 32);
export const jaegerSpanId = (seed: string, n: 1 | 2 | 3): string => `${seed.repeat(7)}0${n}`;

/**
 * A Jaeger `PostSpansRequest` built with protobufjs from the Jaeger IDL, as a Jaeger Go client
 * would send it to :14250: in the batch's process (`service`, hostname=test-host, pid=4242),
 * `POST /orders` (server 0–12 ms, http.status_code=500, error=true) and its child `INSERT order`
 * (client 2–8 ms, db.rows=1, ratio=0.5, log `retry` {attempt: 2} at 3 ms); in a second trace,
 * `consume order` (consumer) with its own process `billing`.
 */
export function jaegerPostSpans(seed: string, service: string): Uint8Array {
  const bytes = (hex: string) => Buffer.from(hex, 'hex');
  const time = (ms: number) => ({ seconds: Number(at(ms) / 1_000_000_000n), nanos: Number(at(ms) % 1_000_000_000n) });
  const duration = (ms: number) => ({ seconds: 0, nanos: ms * 1_000_000 });
  const { ValueType, SpanRefType } = jaegerApiV2;
  const str = (key: string, vStr: string) => ({ key, vType: ValueType.STRING, vStr });
  const int = (key: string, vInt64: number) => ({ key, vType: ValueType.INT64, vInt64 });
  const [first, second] = [bytes(jaegerTraceId(seed, 1)), bytes(jaegerTraceId(seed, 2))];
  return jaegerApiV2.PostSpansRequest.encode({
    batch: {
      process: { serviceName: service, tags: [str('hostname', 'test-host'), int('pid', 4242)] },
      spans: [
        {
          traceId: first,
          spanId: bytes(jaegerSpanId(seed, 1)),
          operationName: 'POST /orders',
          flags: 1,
          startTime: time(0),
          duration: duration(12),
          tags: [str('span.kind', 'server'), int('http.status_code', 500), { key: 'error', vType: ValueType.BOOL, vBool: true }],
        },
        {
          traceId: first,
          spanId: bytes(jaegerSpanId(seed, 2)),
          operationName: 'INSERT order',
          references: [{ traceId: first, spanId: bytes(jaegerSpanId(seed, 1)), refType: SpanRefType.CHILD_OF }],
          flags: 1,
          startTime: time(2),
          duration: duration(6),
          tags: [str('span.kind', 'client'), int('db.rows', 1), { key: 'ratio', vType: ValueType.FLOAT64, vFloat64: 0.5 }],
          logs: [{ timestamp: time(3), fields: [str('event', 'retry'), int('attempt', 2)] }],
        },
        {
          traceId: second,
          spanId: bytes(jaegerSpanId(seed, 3)),
          operationName: 'consume order',
          flags: 1,
          startTime: time(20),
          duration: duration(1),
          tags: [str('span.kind', 'consumer')],
          process: { serviceName: 'billing', tags: [] },
        },
      ],
    },
  }).finish();
}
