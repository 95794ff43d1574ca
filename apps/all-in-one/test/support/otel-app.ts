import { execFile } from 'node:child_process';
import { join } from 'node:path';

export type OtlpExporter = 'otlp-proto' | 'otlp-json' | 'otlp-grpc';

export interface ExportedTrace {
  /** One ExportResult per export (code 0 = SUCCESS). */
  readonly results: ReadonlyArray<{ readonly code: number; readonly error?: string }>;
  /** The ids the SDK generated, lowercase hex. */
  readonly ids: { readonly traceId: string; readonly root: string; readonly query: string };
}

/** Whole seconds a minute ago: every time in the trace is exact, and inside the receivers' window. */
export const T0_SECONDS = Math.floor(Date.now() / 1000) - 60;

/**
 * Runs support/otel-app.cjs, a real OpenTelemetry JS app configured only by
 * OTEL_EXPORTER_OTLP_ENDPOINT = `endpoint`, OTEL_SERVICE_NAME = `service` and OTEL_EXPORTER_OTLP_TIMEOUT
 * (the SDK's default 10 s unless given); resolves with its
 * export results and the trace's ids. The checkout trace is described in otel-app.cjs.
 */
export function runOtelApp(exporter: OtlpExporter, endpoint: string, service: string, exportTimeoutMs = 10_000): Promise<ExportedTrace> {
  const env = { PATH: process.env['PATH'] ?? '', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: service, OTEL_EXPORTER_OTLP_TIMEOUT: String(exportTimeoutMs) };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(__dirname, 'otel-app.cjs'), JSON.stringify({ exporter, t0: T0_SECONDS })], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`otel-app.cjs ${exporter} failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as ExportedTrace);
    });
  });
}
