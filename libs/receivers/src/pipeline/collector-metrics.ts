import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { InFlightBudget } from './in-flight-budget';

export type SpanFormat = 'otlp' | 'jaeger' | 'zipkin';
export type Transport = 'grpc' | 'http';

/**
 * Why spans or requests were refused. A closed set, so label cardinality stays bounded
 * whatever clients send.
 */
export type RefusalReason =
  | 'invalid_span'
  | 'undecodable'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unauthenticated'
  | 'permission_denied'
  | 'at_capacity'
  | 'writer_unavailable'
  | 'writer_failed'
  | 'shutting_down';

/** Every span counted at every step: received = accepted + rejected + refused. */
export class CollectorMetrics {
  readonly spansReceived: Counter<'format' | 'transport'>;
  readonly spansAccepted: Counter<'format' | 'transport'>;
  readonly spansRefused: Counter<'format' | 'transport' | 'reason'>;
  readonly requestsRefused: Counter<'format' | 'transport' | 'reason'>;
  readonly requestDuration: Histogram<'format' | 'transport' | 'outcome'>;
  readonly otlpProtoReads: Counter<'path'>;

  constructor(registry: Registry, budget: InFlightBudget) {
    const registers = [registry];
    this.otlpProtoReads = new Counter({
      name: 'waymark_collector_otlp_proto_requests_total',
      help: 'OTLP protobuf requests by how they were read: copied (passed the scan; their bytes go to Kafka without decoding) or decoded (fast path off, or something in them to repair, reject or sanitize).',
      labelNames: ['path'],
      registers,
    });
    this.spansReceived = new Counter({ name: 'waymark_collector_spans_received_total', help: 'Spans decoded from requests.', labelNames: ['format', 'transport'], registers });
    this.spansAccepted = new Counter({
      name: 'waymark_collector_spans_accepted_total',
      help: 'Spans acknowledged to clients after the writer (Kafka) made them durable.',
      labelNames: ['format', 'transport'],
      registers,
    });
    this.spansRefused = new Counter({
      name: 'waymark_collector_spans_refused_total',
      help: 'Spans not accepted, by reason; the client was told each time (partial success or an error status).',
      labelNames: ['format', 'transport', 'reason'],
      registers,
    });
    this.requestsRefused = new Counter({
      name: 'waymark_collector_requests_refused_total',
      help: 'Requests refused whole, by reason (their spans, if decodable, are also in spans_refused).',
      labelNames: ['format', 'transport', 'reason'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'waymark_collector_request_duration_seconds',
      help: 'Time from a request being decoded to its answer, by outcome.',
      labelNames: ['format', 'transport', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    new Gauge({ name: 'waymark_collector_in_flight_spans', help: 'Spans waiting for the writer to acknowledge them.', registers, collect() { this.set(budget.inFlightSpans); } });
    new Gauge({ name: 'waymark_collector_in_flight_bytes', help: 'Request bytes waiting for the writer to acknowledge them.', registers, collect() { this.set(budget.inFlightBytes); } });
  }
}
