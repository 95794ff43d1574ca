import { BurstLog, WaymarkError } from '@waymark/platform';
import type { Logger } from '@waymark/platform';
import { describeRejections, OtlpProtoBatch } from '@waymark/span-translate';
import type { DecodeResult } from '@waymark/span-translate';
import type { Attribute, Resource, Span } from '@waymark/span-model';
import { SpanWriteError } from '@waymark/storage-api';
import type { SpanWriter } from '@waymark/storage-api';
import type { CollectorMetrics, RefusalReason, SpanFormat, Transport } from './collector-metrics';
import type { InFlightBudget } from './in-flight-budget';
import type { RootSpanCounter } from '../sampling/root-span-counter';

export interface IngestInput {
  readonly format: SpanFormat;
  readonly transport: Transport;
  readonly tenant: string | undefined;
  /** Size of the decoded request body, charged against the in-flight budget. */
  readonly bytes: number;
  readonly decoded: Decoded;
}

/**
 * A request's spans: decoded, or (the fast path for OTLP protobuf, see `scanOtlpProto`) still
 * encoded, when a scan found nothing in them to reject, repair or sanitize.
 */
export type Decoded = DecodeResult | OtlpProtoBatch;

/** What the receiver answers: every span is either accepted or counted as rejected with a reason. */
export interface IngestOutcome {
  readonly accepted: number;
  readonly rejected: number;
  /** Empty when nothing was rejected; else a line for OTLP `partial_success.error_message`. */
  readonly rejectionMessage: string;
}

export interface SpanPipelineDeps {
  readonly writer: SpanWriter;
  readonly budget: InFlightBudget;
  readonly sanitize: (spans: Span[]) => Span[];
  /** Added to every resource unless the client set the same key (the client's value wins). */
  readonly collectorTags: readonly Attribute[];
  readonly metrics: CollectorMetrics;
  readonly logger: Logger;
  /** Retry-After for writer outages. */
  readonly retryAfterMs: number;
  /** More spans than this in one request: refused whole as too large. */
  readonly maxSpansPerRequest: number;
  /** Counts root spans of stored requests for adaptive sampling (only after the writer resolved). */
  readonly rootSpans?: RootSpanCounter;
}

/**
 * The collector's path from decoded spans to an acknowledgement: sanitize → collector tags →
 * in-flight budget → writer. `ingest` resolves only after the writer made every accepted span
 * durable; otherwise it throws a WaymarkError the receiver maps to a status the client retries
 * (unavailable) or not (final). Rejected spans (invalid ids) are counted and reported.
 */
export class SpanPipeline {
  private readonly burst: BurstLog;
  private closed = false;

  constructor(private readonly deps: SpanPipelineDeps) {
    this.burst = new BurstLog(deps.logger);
  }

  /** After this, every request is refused as retryable: the client sends it to another replica or later. */
  close(): void {
    this.closed = true;
  }

  async ingest(input: IngestInput): Promise<IngestOutcome> {
    const stopTimer = this.deps.metrics.requestDuration.startTimer({ format: input.format, transport: input.transport });
    try {
      const outcome = await this.process(input);
      stopTimer({ outcome: outcome.rejected > 0 ? 'partial' : 'ok' });
      return outcome;
    } catch (error) {
      stopTimer({ outcome: error instanceof WaymarkError && error.retryable ? 'retryable' : 'final' });
      throw error;
    }
  }

  private async process(input: IngestInput): Promise<IngestOutcome> {
    const { metrics, writer, rootSpans } = this.deps;
    const labels = { format: input.format, transport: input.transport };
    const encoded = input.decoded instanceof OtlpProtoBatch ? input.decoded : undefined;
    const decoded = encoded ? undefined : (input.decoded as DecodeResult);
    const rejected = decoded?.rejected ?? 0;
    const accepted = decoded?.spans.length ?? encoded?.spanCount ?? 0;
    metrics.spansReceived.inc(labels, accepted + rejected);
    if (accepted + rejected > this.deps.maxSpansPerRequest) {
      metrics.spansRefused.inc({ ...labels, reason: 'too_large' }, accepted + rejected);
      metrics.requestsRefused.inc({ ...labels, reason: 'too_large' });
      throw new WaymarkError('too-large', `request has ${accepted + rejected} spans; at most ${this.deps.maxSpansPerRequest} are accepted per request`);
    }
    if (rejected > 0) metrics.spansRefused.inc({ ...labels, reason: 'invalid_span' }, rejected);
    const outcome = { accepted, rejected, rejectionMessage: decoded && rejected > 0 ? describeRejections(decoded) : '' };
    if (accepted === 0) return outcome;

    const context = input.tenant === undefined ? undefined : { tenant: input.tenant };
    // A batch still encoded needs no sanitizing, and its scan already added the collector tags.
    const spans = decoded ? this.withCollectorTags(this.deps.sanitize(decoded.spans)) : undefined;
    const reservation = this.admit(input, accepted);
    try {
      if (spans) await writer.write(spans, context);
      else if (encoded && writer.writeEncoded) await writer.writeEncoded(encoded, context);
      else if (encoded) await writer.write(encoded.decode(), context);
    } catch (error) {
      throw this.writeFailure(input, accepted, error);
    } finally {
      reservation.release();
    }
    metrics.spansAccepted.inc(labels, accepted);
    if (spans) rootSpans?.record(spans, input.tenant);
    else if (encoded) rootSpans?.recordRoots(encoded.roots, input.tenant);
    return outcome;
  }

  /** Counts a request refused before its spans reached the pipeline (decode, size, tenancy). */
  refuseRequest(format: SpanFormat, transport: Transport, reason: RefusalReason): void {
    this.deps.metrics.requestsRefused.inc({ format, transport, reason });
  }

  private admit(input: IngestInput, count: number) {
    const labels = { format: input.format, transport: input.transport };
    try {
      if (this.closed) throw new WaymarkError('unavailable', 'collector is shutting down; retry', { retryAfterMs: this.deps.retryAfterMs });
      return this.deps.budget.reserve(count, input.bytes);
    } catch (error) {
      const reason: RefusalReason = this.closed ? 'shutting_down' : 'at_capacity';
      this.deps.metrics.spansRefused.inc({ ...labels, reason }, count);
      this.deps.metrics.requestsRefused.inc({ ...labels, reason });
      throw error;
    }
  }

  private writeFailure(input: IngestInput, count: number, error: unknown): WaymarkError {
    const retryable = !(error instanceof SpanWriteError) || error.retryable;
    const reason: RefusalReason = retryable ? 'writer_unavailable' : 'writer_failed';
    const labels = { format: input.format, transport: input.transport };
    this.deps.metrics.spansRefused.inc({ ...labels, reason }, count);
    this.deps.metrics.requestsRefused.inc({ ...labels, reason });
    this.burst.error(reason, { err: error, spans: count }, retryable ? 'writer unavailable; clients told to retry' : 'writer refused spans permanently');
    const message = error instanceof Error ? error.message : String(error);
    return retryable
      ? new WaymarkError('unavailable', `spans not stored, retry: ${message}`, { cause: error, retryAfterMs: (error instanceof SpanWriteError && error.retryAfterMs) || this.deps.retryAfterMs })
      : new WaymarkError('internal', `spans cannot be stored: ${message}`, { cause: error });
  }

  private withCollectorTags(spans: Span[]): Span[] {
    const tags = this.deps.collectorTags;
    if (tags.length === 0) return spans;
    const tagged = new Map<Resource, Resource>();
    return spans.map((span) => {
      let resource = tagged.get(span.resource);
      if (!resource) {
        const missing = tags.filter((tag) => !span.resource.attributes.some((attribute) => attribute.key === tag.key));
        resource = missing.length === 0 ? span.resource : { ...span.resource, attributes: [...span.resource.attributes, ...missing] };
        tagged.set(span.resource, resource);
      }
      return resource === span.resource ? span : { ...span, resource };
    });
  }
}
