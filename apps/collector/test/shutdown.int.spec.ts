import { parseMetrics } from './support/metrics';
import { startCollector } from './support/collector-under-test';
import type { CollectorUnderTest } from './support/collector-under-test';
import { grpcUnary } from './support/grpc-call';
import { post, PROTOBUF } from './support/http-post';
import { traceRequest } from './support/otlp-requests';
import { decodeRecords } from './support/topic-spans';

/**
 * Graceful stop (what SIGTERM runs: `app.lifecycle.stop()`) while requests are in flight: those
 * the pipeline already admitted finish with 200 and their spans are on the topic; everything that
 * arrives after the stop began is refused (503 + Retry-After, UNAVAILABLE, or no connection at
 * all), so a client never holds an acknowledgement for spans that were not written.
 */
const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const SPANS = 50;

interface Outcome {
  readonly traceId: string;
  /** 200 for success; else an HTTP status, `grpc:<code>`, or a connection error code. */
  readonly result: number | string;
  /** The error message of a refusal: the pipeline's own says the collector is shutting down. */
  readonly message?: string;
}

const SHUTTING_DOWN = 'collector is shutting down';

async function sendHttp(collector: CollectorUnderTest, url: string): Promise<Outcome> {
  const { traceId, body } = traceRequest(SPANS);
  try {
    const answer = await post(url, body, PROTOBUF);
    if (answer.status === 503) expect(answer.headers.get('retry-after')).toBe('1');
    return { traceId, result: answer.status, message: answer.body.toString('latin1') };
  } catch (error) {
    // fetch wraps socket errors: ECONNREFUSED once the listener is closed, a reset on a closing keep-alive connection.
    const cause = (error as { cause?: { code?: string } }).cause;
    return { traceId, result: cause?.code ?? String(error) };
  }
}

async function sendGrpc(address: string): Promise<Outcome> {
  const { traceId, body } = traceRequest(SPANS);
  const answer = await grpcUnary(address, EXPORT, body, { deadlineMs: 10_000 });
  return { traceId, result: answer.code === 0 ? 200 : `grpc:${answer.code}`, message: answer.details };
}

async function inFlightSpans(collector: CollectorUnderTest): Promise<number> {
  const metric = await collector.app.registry.getSingleMetric('waymark_collector_in_flight_spans')?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('graceful stop with requests in flight', () => {
  let collector: CollectorUnderTest;
  beforeAll(async () => {
    collector = await startCollector('shutdown');
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it('finishes the admitted requests with 200 and their spans on the topic, and refuses everything after', async () => {
    const httpUrl = collector.url('otlp-http', '/v1/traces');
    const grpcAddress = collector.address('otlp-grpc');
    expect((await sendHttp(collector, httpUrl)).result).toBe(200);

    // A burst, and the stop as soon as some of it waits for Kafka's acknowledgement.
    const burst = [...Array.from({ length: 30 }, () => sendHttp(collector, httpUrl)), ...Array.from({ length: 10 }, () => sendGrpc(grpcAddress))];
    let waiting = 0;
    const deadline = performance.now() + 10_000;
    while ((waiting = await inFlightSpans(collector)) === 0 && performance.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(waiting).toBeGreaterThan(0);
    const stopping = collector.app.lifecycle.stop();

    // After the stop began: refused, one way or another, never acknowledged.
    const stopStarted = performance.now();
    const late = await Promise.all([sendHttp(collector, httpUrl), sendHttp(collector, httpUrl), sendGrpc(grpcAddress), sendGrpc(grpcAddress)]);
    const answered = await Promise.all(burst);
    await stopping;
    const stopMs = performance.now() - stopStarted;
    const metrics = parseMetrics(await collector.app.registry.metrics());

    for (const { result } of late) expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 503, 'grpc:14']).toContain(result);
    for (const { result } of answered) expect([200, 503, 'ECONNRESET', 'UND_ERR_SOCKET', 'grpc:14']).toContain(result);
    const acknowledged = answered.filter((o) => o.result === 200);
    // Everything the pipeline had admitted when the stop began was finished, not dropped.
    expect(acknowledged.length).toBeGreaterThanOrEqual(waiting / SPANS);
    console.log(
      `[shutdown] ${waiting / SPANS} requests waiting for Kafka at stop; burst: ${acknowledged.length} acknowledged, ` +
        `${answered.length - acknowledged.length} refused (${[...new Set(answered.filter((o) => o.result !== 200).map((o) => o.result))].join(', ') || 'none'}); ` +
        `after the stop began: ${late.map((o) => o.result).join(', ')}; stop took ${stopMs.toFixed(0)} ms`,
    );
    // Keep-alive connections must not hold the stop until their keep-alive timeout (72 s).
    expect(stopMs).toBeLessThan(5000);

    const stored = new Map<string, number>();
    for (const { record, spans } of decodeRecords(await collector.records())) stored.set(record.key, (stored.get(record.key) ?? 0) + spans.length);
    expect(acknowledged.filter((o) => stored.get(o.traceId) !== SPANS).map((o) => o.traceId)).toEqual([]);
    // Refused with a status: never written.
    for (const o of [...late, ...answered]) if (o.result === 503 || o.result === 'grpc:14') expect(stored.has(o.traceId)).toBe(false);

    // The warm-up request plus the acknowledged burst, each span counted once; the pipeline's own
    // refusals (as opposed to a closed listener's) counted as shutting_down.
    const refusedByPipeline = [...late, ...answered].filter((o) => o.message?.includes(SHUTTING_DOWN)).length;
    expect(metrics.value('waymark_collector_spans_accepted_total')).toBe((acknowledged.length + 1) * SPANS);
    expect(metrics.value('waymark_collector_spans_refused_total', { reason: 'shutting_down' })).toBe(refusedByPipeline * SPANS);
    expect(metrics.value('waymark_collector_spans_refused_total')).toBe(refusedByPipeline * SPANS);
  });
});
