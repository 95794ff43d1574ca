/** Runs the Go load generator of bench/loadgen once and returns its JSON summary. */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

/** The summary line bench/loadgen prints at exit (see bench/loadgen/main.go). */
export interface LoadgenSummary {
  readonly mode: 'burst' | 'sustained';
  readonly traces: number;
  readonly spansEnded: number;
  readonly spansExported: number;
  readonly spansFailed: number;
  readonly spansDroppedInSdk: number;
  readonly spansRejectedPartialSuccess: number;
  readonly spansRefusedRetryable: number;
  readonly spansRefusedOther: number;
  readonly statuses: Record<string, number>;
  readonly transportErrors: number;
  readonly sdkErrors: number;
  readonly firstSdkError?: string;
  /** `slowest`: the five slowest requests as [request number, ms], slowest first. */
  readonly requestLatencyMs: { requests: number; p50: number; p99: number; max: number; slowest?: Array<[number, number]> };
  readonly generateSeconds: number;
  readonly flushSeconds: number;
  readonly elapsedSeconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly shutdownError?: string;
}

/** Spawns the load generator (stderr, its progress lines, to `logFile`) and parses its stdout. */
export function runLoadgen(binary: string, args: readonly string[], logFile: string): Promise<LoadgenSummary> {
  const fd = openSync(logFile, 'a');
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', fd] });
  closeSync(fd);
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`loadgen exited with ${code}: ${stdout.slice(-500)}`));
        return;
      }
      resolve(JSON.parse(line) as LoadgenSummary);
    });
  });
}
