import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The ids of the checkout trace: one trace id and its three span ids (root, query, render). */
export interface CheckoutIds {
  readonly traceId: string;
  readonly root: string;
  readonly query: string;
  readonly render: string;
}

/** Distinct, recognisable ids per test: the two hex digits of `seed` fill every id. */
export function checkoutIds(seed: string): CheckoutIds {
  const fill = (length: number, tail: string) => seed.repeat(length).slice(0, length - tail.length) + tail;
  return { traceId: fill(32, 'c0ffee'), root: fill(16, '01'), query: fill(16, '02'), render: fill(16, '03') };
}

/** Whole seconds a minute ago: inside the collector's time window, and every expected time is exact. */
export const T0_SECONDS = Math.floor(Date.now() / 1000) - 60;
/** Unix nanoseconds `ms` after T0. */
export const at = (ms: number): bigint => BigInt(T0_SECONDS) * 1_000_000_000n + BigInt(ms) * 1_000_000n;

export type OtelExporterKind = 'otlp-proto' | 'otlp-json' | 'otlp-grpc' | 'zipkin';

export interface ExportOutcome {
  /** ExportResultCode: 0 SUCCESS, 1 FAILED. */
  readonly code: number;
  readonly error?: string;
}

/**
 * Records the checkout trace in a real OTel JS app (support/otel-export.cjs, a child process)
 * and exports it in one batch with the given exporter; resolves with every export result.
 * `headers` go on HTTP requests, or into gRPC metadata.
 *
 * - root `GET /checkout`, SERVER, 0–12 ms: string, int, double, bool and string-array attributes; ERROR "upstream timeout";
 * - `SELECT cart`, CLIENT child, 2–8 ms: event `cache-miss` {attempt: 2} at 3 ms;
 * - `render`, INTERNAL child, 9–10 ms: a link to `SELECT cart` {reason: after-query}; OK.
 * Resource: service.name, service.version=1.4.0, host.name=test-host; scope waymark-int 1.2.3.
 */
export function exportCheckoutTrace(exporter: OtelExporterKind, url: string, ids: CheckoutIds, service: string, headers: Record<string, string> = {}): Promise<ExportOutcome[]> {
  const args = JSON.stringify({ exporter, url, ids, service, t0: T0_SECONDS, headers });
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(__dirname, 'otel-export.cjs'), args], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`otel-export.cjs ${exporter} failed: ${error.message}\n${stderr}`));
      resolve((JSON.parse(stdout) as { results: ExportOutcome[] }).results);
    });
  });
}
