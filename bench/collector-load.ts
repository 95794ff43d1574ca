/**
 * The load generator: `senders` concurrent OTLP/HTTP protobuf POSTs over keep-alive connections,
 * either as fast as the collector answers (max throughput) or paced to a fixed offered rate.
 */
import { Agent, request } from 'node:http';
import { otlp } from '@waymark/idl';

export interface LoadOptions {
  readonly port: number;
  readonly senders: number;
  readonly seconds: number;
  readonly spansPerRequest: number;
  /** Offered spans/s shared by all senders; undefined = each sender sends again at once. */
  readonly rate?: number;
  readonly nextBody: () => Buffer;
}

export interface LoadResult {
  readonly elapsedSeconds: number;
  readonly requests: number;
  readonly acceptedRequests: number;
  readonly acceptedSpans: number;
  /** Spans the collector rejected inside a 200 (OTLP partial success). */
  readonly partiallyRejectedSpans: number;
  /** Non-2xx answers by status. */
  readonly statuses: ReadonlyMap<number, number>;
  /** Requests that got no answer at all (connection errors, timeouts), by message. */
  readonly errors: ReadonlyMap<string, number>;
  /** Send → answer, ms, ascending. */
  readonly latencies: readonly number[];
  /** Paced runs: scheduled time → answer, ms, ascending (counts the wait of a late send, i.e. no coordinated omission). */
  readonly scheduledLatencies: readonly number[];
  /** Paced runs: sends that left later than 1 ms after their slot because every sender was busy. */
  readonly lateSends: number;
}

interface Answer {
  readonly status: number;
  readonly body: Buffer;
}

function post(agent: Agent, port: number, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: '127.0.0.1', port, method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Spans refused inside a 200 answer (an empty body means none). */
function rejectedIn(answer: Answer): number {
  if (answer.body.length === 0) return 0;
  const response = otlp.collector.trace.v1.ExportTraceServiceResponse.decode(answer.body);
  return Number(response.partialSuccess?.rejectedSpans ?? 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.senders });
  const statuses = new Map<number, number>();
  const errors = new Map<string, number>();
  const latencies: number[] = [];
  const scheduledLatencies: number[] = [];
  let requests = 0;
  let acceptedRequests = 0;
  let acceptedSpans = 0;
  let partiallyRejectedSpans = 0;
  let lateSends = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const interval = options.rate === undefined ? 0 : (options.spansPerRequest / options.rate) * 1000;
  let nextSlot = started;

  const sender = async () => {
    while (performance.now() < deadline) {
      let slot: number | undefined;
      if (options.rate !== undefined) {
        slot = nextSlot;
        nextSlot += interval;
        if (slot >= deadline) return;
        const wait = slot - performance.now();
        if (wait > 0) await sleep(wait);
        else if (wait < -1) lateSends++;
      }
      const body = options.nextBody();
      const sent = performance.now();
      requests++;
      try {
        const answer = await post(agent, options.port, body);
        const done = performance.now();
        latencies.push(done - sent);
        if (slot !== undefined) scheduledLatencies.push(done - Math.min(slot, sent));
        if (answer.status >= 200 && answer.status < 300) {
          const rejected = rejectedIn(answer);
          acceptedRequests++;
          acceptedSpans += options.spansPerRequest - rejected;
          partiallyRejectedSpans += rejected;
        } else {
          bump(statuses, answer.status);
        }
      } catch (error) {
        bump(errors, error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: options.senders }, sender));
  const elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  const ascending = (a: number, b: number) => a - b;
  return {
    elapsedSeconds,
    requests,
    acceptedRequests,
    acceptedSpans,
    partiallyRejectedSpans,
    statuses,
    errors,
    latencies: latencies.sort(ascending),
    scheduledLatencies: scheduledLatencies.sort(ascending),
    lateSends,
  };
}

/** The q-quantile (0..1) of ascending values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
