/**
 * Processes of an end-to-end run (collectors, ingesters, the load generator): spawned with their
 * output in a log file, polled for readiness and Prometheus metrics, and watched from /proc for
 * CPU seconds and peak resident memory.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { processCpuSeconds, statusMiB } from './collector-process';

export interface BenchProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** Spawns `command` with its stdout and stderr appended to `logFile`. */
export function startProcess(name: string, command: string, args: readonly string[], env: Record<string, string>, logFile: string): BenchProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return {
    name,
    child,
    pid: child.pid,
    exited,
    stop: async (timeoutMs = 60_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitHttpOk(proc: BenchProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited with code ${proc.child.exitCode} during start-up`);
    const status = await fetch(url).then((r) => r.status, () => 0);
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`${proc.name} not ready at ${url} after ${timeoutMs} ms`);
}

/** Prometheus text of `url`, or '' when it does not answer. */
export async function scrape(url: string): Promise<string> {
  return fetch(url).then((r) => r.text(), () => '');
}

/**
 * The sum of every sample of metric `name` (with or without the `_total` suffix some exporters
 * add) whose labels contain all of `labels` (`key="value"` strings).
 */
export function metricSum(text: string, name: string, labels: readonly string[] = []): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    const space = line.lastIndexOf(' ');
    const metric = brace >= 0 ? line.slice(0, brace) : line.slice(0, space);
    if (metric !== name && metric !== `${name}_total`) continue;
    const labelText = brace >= 0 ? line.slice(brace, line.lastIndexOf('}') + 1) : '';
    if (labels.every((label) => labelText.includes(label))) sum += Number(line.slice(space + 1));
  }
  return sum;
}

/** Every sample of metric `name` by the value of label `by`. */
export function metricBy(text: string, name: string, by: string): Record<string, number> {
  const out: Record<string, number> = {};
  const pattern = new RegExp(`^${name}(?:_total)?\\{([^}]*)\\} (\\S+)$`, 'gm');
  for (const match of text.matchAll(pattern)) {
    const value = new RegExp(`${by}="([^"]*)"`).exec(match[1] as string)?.[1] ?? '';
    out[value] = (out[value] ?? 0) + Number(match[2]);
  }
  return out;
}

export interface ProcessUsage {
  /** CPU seconds (user + system) over the measured window. */
  readonly cpuSeconds: number;
  /** Peak resident set in MiB: VmHWM for processes of the run, the highest VmRSS seen for long-lived ones. */
  readonly peakRssMiB: number;
}

/**
 * Watches pids from /proc every `intervalMs`: CPU seconds at the start and at the last sample
 * (so a process that exits keeps its last reading), and its peak resident memory.
 */
export class UsageWatch {
  private readonly first = new Map<string, number>();
  private readonly last = new Map<string, number>();
  private readonly peak = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pids: ReadonlyMap<string, { pid: number; hwm: boolean }>, intervalMs = 500) {
    this.sample();
    for (const [name, value] of this.last) this.first.set(name, value);
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref(); // a run that fails before stop() must not keep the bench alive
  }

  private sample(): void {
    for (const [name, { pid, hwm }] of this.pids) {
      const cpu = processCpuSeconds(pid);
      if (cpu > 0) this.last.set(name, cpu);
      const rss = statusMiB(pid, hwm ? 'VmHWM' : 'VmRSS');
      if (rss > (this.peak.get(name) ?? 0)) this.peak.set(name, rss);
    }
  }

  stop(): Record<string, ProcessUsage> {
    this.sample();
    clearInterval(this.timer);
    const out: Record<string, ProcessUsage> = {};
    for (const name of this.pids.keys()) {
      out[name] = { cpuSeconds: (this.last.get(name) ?? 0) - (this.first.get(name) ?? 0), peakRssMiB: this.peak.get(name) ?? 0 };
    }
    return out;
  }
}
