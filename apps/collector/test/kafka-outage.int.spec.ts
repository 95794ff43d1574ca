import { connect } from 'node:net';
import { canControlInfra, kafkaBrokers, startInfra, stopInfra } from '@waymark/test-infra';
import { startCollector } from './support/collector-under-test';
import type { CollectorUnderTest } from './support/collector-under-test';
import { decodeRpcStatus, grpcUnary, statusDetails } from './support/grpc-call';
import { post, PROTOBUF } from './support/http-post';
import { scrapeMetrics } from './support/metrics';
import { traceRequest } from './support/otlp-requests';
import { decodeRecords, expectTraceAffinity } from './support/topic-spans';

/**
 * Kafka stopped while clients keep sending: the collector answers every request it cannot make
 * durable with a status OTLP clients retry (HTTP 503 + Retry-After, gRPC UNAVAILABLE + RetryInfo),
 * never a 2xx; readiness keeps answering; once Kafka is back, requests succeed again and every
 * span that was ever acknowledged is on the topic. The collector runs with its default Kafka
 * timeouts, so the time to a 503 measured here is what production clients see.
 */
const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const SPANS_PER_REQUEST = 3;

interface Outcome {
  readonly traceId: string;
  readonly transport: 'http' | 'grpc';
  readonly ok: boolean;
  readonly ms: number;
  readonly sentAt: number;
  readonly doneAt: number;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Whether the broker's port refuses connections right now. The infrastructure is shared: another
 * test run's global setup may start Kafka again while this test has it stopped, so the outage is
 * only taken as real while this probe says so.
 */
function brokerRefuses(): Promise<boolean> {
  const [host = '127.0.0.1', port = '9092'] = (kafkaBrokers()[0] ?? '').split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('collector while Kafka is down', () => {
  let collector: CollectorUnderTest;
  const outcomes: Outcome[] = [];

  /** One OTLP request over HTTP or gRPC; checks the shape of every refusal as it comes. */
  async function send(transport: 'http' | 'grpc'): Promise<Outcome> {
    const { traceId, body } = traceRequest(SPANS_PER_REQUEST);
    const sentAt = performance.now();
    let ok: boolean;
    if (transport === 'http') {
      const answer = await post(collector.url('otlp-http', '/v1/traces'), body, PROTOBUF);
      ok = answer.status === 200;
      if (!ok) {
        expect({ status: answer.status, retryAfter: answer.headers.get('retry-after') }).toEqual({ status: 503, retryAfter: '1' });
        expect(decodeRpcStatus(answer.body)).toMatchObject({ code: 14, message: expect.stringContaining('spans not stored, retry: kafka:'), retryDelaySeconds: 1 });
      }
    } else {
      const answer = await grpcUnary(collector.address('otlp-grpc'), EXPORT, body);
      ok = answer.code === 0;
      if (!ok) {
        expect(answer.code).toBe(14); // UNAVAILABLE
        expect(statusDetails(answer)).toMatchObject({ code: 14, retryDelaySeconds: 1 });
      }
    }
    const outcome = { traceId, transport, ok, ms: performance.now() - sentAt, sentAt, doneAt: performance.now() };
    outcomes.push(outcome);
    return outcome;
  }

  /** Two clients, one per transport, sending back to back until `stop()`; resolves when both have finished. */
  function steadyLoad() {
    let running = true;
    const client = async (transport: 'http' | 'grpc') => {
      while (running) {
        await send(transport);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const clients = Promise.all([client('http'), client('grpc')]);
    return async () => {
      running = false;
      await clients;
    };
  }

  beforeAll(async () => {
    collector = await startCollector('outage');
  });
  afterAll(async () => {
    await collector?.stop();
  });

  it('answers 503 / UNAVAILABLE with a retry delay while Kafka is down, and loses no acknowledged span', async () => {
    if (!canControlInfra()) {
      throw new Error(
        'kafka-outage.int.spec.ts stops and restarts Kafka, which it may do only with the infrastructure this test run started ' +
          `(deploy/local/infra.sh through jest.int.config.js; WAYMARK_INFRA_MODE=local). It is ${process.env['WAYMARK_INFRA_MODE'] ?? 'unset'}: ` +
          'unset KAFKA_BROKERS / ELASTICSEARCH_URL and run `npx jest -c jest.int.config.js apps/collector`.',
      );
    }
    for (const transport of ['http', 'grpc', 'http'] as const) expect((await send(transport)).ok).toBe(true);

    const stopLoad = steadyLoad();
    let down = { from: Infinity, to: Infinity };
    const during: Outcome[] = [];
    try {
      try {
        await stopInfra('kafka');
        down = { from: performance.now(), to: Infinity };
        // Kafka is gone: requests sent from now on are refused, each answered on its own.
        for (let n = 0; n < 6 && (await brokerRefuses()); n++) {
          const outcome = await send(n % 2 === 0 ? 'http' : 'grpc');
          if (await brokerRefuses()) during.push(outcome);
        }
        if (during.length < 6) {
          throw new Error(
            `Kafka answered again ${during.length} requests into the outage, before this test restarted it: another process using the ` +
              'same deploy/local/infra.sh Kafka (a test run, a benchmark) started it. Run this test while nothing else uses the local infrastructure.',
          );
        }
        const readyAt = performance.now();
        const [ready, health] = await Promise.all([fetch(collector.adminUrl('/ready')), fetch(collector.adminUrl('/health'))]);
        // Still ready: the collector itself answers every client (503 + Retry-After); every replica
        // shares the same Kafka, so taking this one out of a load balancer would help no one.
        expect([ready.status, health.status, performance.now() - readyAt < 1000]).toEqual([200, 200, true]);
      } finally {
        // The outage is over at the last request that saw the broker down both before and after it.
        down = { ...down, to: Math.max(down.from, ...during.map((o) => o.doneAt)) };
        await startInfra('kafka');
      }
      // Back: the next requests succeed (the producer reconnects on its own).
      const deadline = performance.now() + 60_000;
      while (!(await send('http')).ok && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await stopLoad();
    }
    for (const transport of ['http', 'grpc', 'http', 'grpc'] as const) expect((await send(transport)).ok).toBe(true);

    // Sent and answered while Kafka was down: never acknowledged.
    const whileDown = outcomes.filter((o) => o.sentAt >= down.from && o.doneAt <= down.to);
    expect(whileDown.length).toBeGreaterThanOrEqual(during.length);
    expect(whileDown.filter((o) => o.ok)).toEqual([]);
    expect(new Set(whileDown.map((o) => o.transport))).toEqual(new Set(['http', 'grpc']));
    const p50 = median(during.map((o) => o.ms));
    console.log(
      `[kafka-outage] time to 503/UNAVAILABLE while Kafka is down: p50 ${p50.toFixed(0)} ms, max ${Math.max(...during.map((o) => o.ms)).toFixed(0)} ms ` +
        `(${during.length} sequential requests); ${outcomes.length} requests in all, ${outcomes.filter((o) => o.ok).length} acknowledged`,
    );
    expect(p50).toBeLessThan(2500);

    // Every acknowledged request — before, during the transitions and after — is on the topic.
    const topic = decodeRecords(await collector.records());
    expectTraceAffinity(topic);
    const stored = new Map<string, Set<string>>();
    for (const { spans } of topic) for (const span of spans) stored.set(span.traceId, (stored.get(span.traceId) ?? new Set()).add(span.spanId));
    const acknowledged = outcomes.filter((o) => o.ok);
    expect(acknowledged.filter((o) => stored.get(o.traceId)?.size !== SPANS_PER_REQUEST).map((o) => o.traceId)).toEqual([]);

    // Every span counted: accepted for the acknowledged, refused as writer_unavailable for the others.
    const refused = outcomes.filter((o) => !o.ok);
    const metrics = await scrapeMetrics(collector.adminUrl('/metrics'));
    for (const transport of ['http', 'grpc'] as const) {
      const labels = { format: 'otlp', transport };
      const mine = outcomes.filter((o) => o.transport === transport);
      expect({
        transport,
        received: metrics.value('waymark_collector_spans_received_total', labels),
        accepted: metrics.value('waymark_collector_spans_accepted_total', labels),
        refused: metrics.value('waymark_collector_spans_refused_total', { ...labels, reason: 'writer_unavailable' }),
        refusedRequests: metrics.value('waymark_collector_requests_refused_total', { ...labels, reason: 'writer_unavailable' }),
      }).toEqual({
        transport,
        received: mine.length * SPANS_PER_REQUEST,
        accepted: mine.filter((o) => o.ok).length * SPANS_PER_REQUEST,
        refused: mine.filter((o) => !o.ok).length * SPANS_PER_REQUEST,
        refusedRequests: mine.filter((o) => !o.ok).length,
      });
    }
    expect(refused.length).toBeGreaterThanOrEqual(6);
    expect(metrics.value('waymark_collector_spans_refused_total')).toBe(refused.length * SPANS_PER_REQUEST);
  });
});
