/**
 * The collector under test as a separate process (so the load generator does not share its
 * event loop), and CPU/memory readings of it and its neighbours from /proc.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A TCP port free right now (the collector binds it a moment later; a race we accept in a bench). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface CollectorProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** SIGTERM, then waits for the exit (the collector drains; a CPU profile is written at exit). */
  stop(): Promise<number | null>;
}

export function startCollector(main: string, env: Record<string, string>, nodeArgs: readonly string[]): CollectorProcess {
  const child = spawn(process.execPath, [...nodeArgs, main], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (child.pid === undefined) throw new Error('collector did not start');
  return {
    child,
    pid: child.pid,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls the admin `/ready` until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitReady(collector: CollectorProcess, adminPort: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (collector.child.exitCode !== null) throw new Error(`collector exited with code ${collector.child.exitCode} during start-up`);
    try {
      const response = await fetch(`http://127.0.0.1:${adminPort}/ready`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`collector not ready after ${timeoutMs} ms`);
}

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** A field of /proc/<pid>/status in MiB (VmHWM = peak resident set, VmRSS = current). */
export function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pid infra.sh recorded for a service, if that process is alive. */
export function infraPid(stateDir: string, service: 'kafka' | 'es'): number | undefined {
  try {
    const pid = Number(readFileSync(`${stateDir}/${service}/${service}.pid`, 'utf8').trim());
    return pid > 0 && processCpuSeconds(pid) > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
