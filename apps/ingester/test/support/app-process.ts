import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');
const built = new Set<string>();

/** A Waymark app running as its own process from its production bundle, as operators run it. */
export interface AppProcess {
  readonly name: string;
  readonly pid: number;
  readonly adminPort: number;
  adminUrl(path: string): string;
  /** SIGTERM (graceful) or SIGKILL; resolves with the exit code or signal once it has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | string>;
  /** The last lines it wrote (JSON logs), for failure messages. */
  logTail(): string;
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function ensureBuilt(app: string): void {
  if (built.has(app)) return;
  execFileSync(process.execPath, [join(ROOT, 'tools/build-app.mjs'), app], { cwd: ROOT, stdio: 'pipe' });
  built.add(app);
}

/**
 * Builds (once per test file) and starts `dist/apps/<app>/main.js` with `env` on top of the test
 * run's environment (which names Kafka and Elasticsearch), and waits until its admin port
 * answers /ready with 200.
 */
export async function startApp(app: 'collector' | 'ingester', env: Record<string, string>, readyTimeoutMs = 60_000): Promise<AppProcess> {
  ensureBuilt(app);
  const adminPort = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, LISTEN_HOST: '127.0.0.1', ADMIN_PORT: String(adminPort), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const adminUrl = (path: string) => `http://127.0.0.1:${adminPort}${path}`;
  const handle: AppProcess = {
    name: app,
    pid: child.pid as number,
    adminPort,
    adminUrl,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    logTail: () => lines.slice(-40).join('\n'),
  };
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} before it was ready:\n${handle.logTail()}`);
    const ready = await fetch(adminUrl('/ready')).then((r) => r.status === 200, () => false);
    if (ready) return handle;
    if (Date.now() > deadline) {
      await handle.stop('SIGKILL');
      throw new Error(`${app} not ready within ${readyTimeoutMs} ms:\n${handle.logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The value of one Prometheus series (summed over the series matching `labels`) from an admin /metrics. */
export async function metricValue(app: AppProcess, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(app.adminUrl('/metrics'))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const seen = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => seen[key] === value)) sum += Number(match[3]);
  }
  return sum;
}
