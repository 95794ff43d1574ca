/** The bounds every read request is held to; see docs/configuration.md (QUERY_*). */
export interface QueryLimits {
  /** A search's `limit` (v3: `searchDepth`) is clamped to this. */
  readonly maxLimit: number;
  /** A search's window (`start`..`end`, or `lookback`) is clamped to this many ms before its end. */
  readonly maxLookbackMs: number;
  /** A search without `start` or `lookback` looks back this far (Jaeger: 48 h). */
  readonly defaultLookbackMs: number;
  /** At most this many trace ids in one request (comma-separated in the path, or repeated `traceID`). */
  readonly maxTraceIds: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxLimit: 1500,
  maxLookbackMs: 30 * 86_400_000,
  defaultLookbackMs: 48 * 3_600_000,
  maxTraceIds: 100,
};

/** Jaeger's default `limit` when a search gives none (or 0). */
export const DEFAULT_SEARCH_LIMIT = 100;
/** Jaeger's default dependencies `lookback`: one day. */
export const DEFAULT_DEPENDENCIES_LOOKBACK_MS = 86_400_000;
/** At most this many tag conditions in one search: each is a clause of the storage query. */
export const MAX_TAG_CONDITIONS = 64;
