/** How one `write` call retries the bulk items that failed transiently. */
export interface RetryPolicy {
  /** Bulk attempts per item within one write call, the first included (≥ 1). */
  readonly maxAttempts: number;
  /** The ceiling of the first wait; each further wait doubles it. */
  readonly baseDelayMs: number;
  /** No wait exceeds this. */
  readonly maxDelayMs: number;
}

/** 6 attempts, waits of 0.1–0.2, 0.2–0.4, 0.4–0.8, 0.8–1.6, 1–2 s: 2.5–5 s in all before giving up. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 2000 });

/**
 * The wait before retry number `retry` (1 for the first retry): exponential, capped, with
 * "equal jitter" (a random point in the upper half of the ceiling), so writers that failed
 * together do not come back together, yet every wait is at least half the ceiling.
 * `random` returns [0, 1), as Math.random; injected for tests.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

