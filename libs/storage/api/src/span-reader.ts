import type { SpanKind, Trace, TraceId } from '@waymark/span-model';
import type { WriteContext } from './span-writer';

/** Reads are scoped like writes: one tenant never sees another's data. */
export type ReadContext = WriteContext;

/** A search for traces. Times are Unix epoch microseconds, as in Jaeger's API. */
export interface TraceQuery {
  readonly serviceName?: string;
  readonly operationName?: string;
  /**
   * Exact matches on span attributes, resource (process) attributes or event (log) fields.
   * Values are data, never patterns or query syntax.
   */
  readonly tags?: Readonly<Record<string, string>>;
  readonly startTimeMinMicros: number;
  readonly startTimeMaxMicros: number;
  /** Matches traces with at least one span at least this long. */
  readonly durationMinMicros?: number;
  readonly durationMaxMicros?: number;
  /** The most traces to return; a cap, not pagination. */
  readonly limit: number;
}

export interface Operation {
  readonly name: string;
  /** Empty when the store does not know the kind (Jaeger's service index stores none). */
  readonly spanKind: SpanKind | '';
}

/** Optional bounds that narrow which indices or partitions a lookup by id reads. */
export interface TimeHint {
  readonly startTimeMinMicros?: number;
  readonly startTimeMaxMicros?: number;
}

/**
 * Reads what a SpanWriter stored.
 *
 * Contract:
 * - `getTrace` resolves with undefined when no span of the trace is found (not an error).
 * - `findTraces` returns whole traces (every span stored for each matching trace id), newest
 *   first, at most `limit`. An empty array when nothing matches.
 * - `getServices` / `getOperations` return names sorted, without duplicates.
 * - Rejections are `SpanReadError`s: retryable when the store is unavailable.
 */
export interface SpanReader {
  getTrace(traceId: TraceId, hint?: TimeHint, context?: ReadContext): Promise<Trace | undefined>;
  findTraces(query: TraceQuery, context?: ReadContext): Promise<Trace[]>;
  findTraceIds(query: TraceQuery, context?: ReadContext): Promise<TraceId[]>;
  getServices(context?: ReadContext): Promise<string[]>;
  getOperations(serviceName: string, spanKind?: SpanKind, context?: ReadContext): Promise<Operation[]>;
}

/**
 * Why a read failed, for the caller to answer it: `unavailable`, the store cannot answer now (a
 * retry may succeed); `too-large`, the request asks for more than the store will read (narrow
 * it: a shorter window or lookback; a retry of the same request fails the same way); `failed`,
 * anything else (a fault a retry will not fix).
 */
export type SpanReadErrorCode = 'unavailable' | 'too-large' | 'failed';

export class SpanReadError extends Error {
  override readonly name = 'SpanReadError';
  readonly code: SpanReadErrorCode;

  /** `code` defaults to `unavailable` when retryable, else `failed`. */
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; code?: SpanReadErrorCode },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code ?? (retryable ? 'unavailable' : 'failed');
  }
}

/** A parent→child service call count, as Jaeger's dependencies API returns it. */
export interface DependencyLink {
  readonly parent: string;
  readonly child: string;
  readonly callCount: number;
}

/**
 * Service dependencies: who calls whom, and how often, in a time window.
 *
 * Contract:
 * - The window is `[endTsMillis - lookbackMillis, endTsMillis]`, both ends included, clamped as
 *   the adapter clamps every read (e.g. no further back than its maximum lookback).
 * - A call is a span starting in the window whose parent span (same trace) also starts in the
 *   window and belongs to another service: one call from the parent's service to the span's.
 *   Calls within one service are not dependencies. `DependencyCounter` is the definition.
 * - One link per (parent, child) pair with the calls summed, sorted by parent then child; an
 *   empty array when there are none. Tenants are kept apart as for every read.
 * - Rejections are `SpanReadError`s: retryable when the store is unavailable; code `too-large`
 *   (not retryable) when the window holds more than the adapter can join (narrow the lookback).
 */
export interface DependencyReader {
  getDependencies(endTsMillis: number, lookbackMillis: number, context?: ReadContext): Promise<DependencyLink[]>;
}
