import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const built = new Set<string>();

/** A TCP port free right now on 127.0.0.1 (a race with other processes that tests accept). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A Waymark app running as its own process from its production bundle, as operators run it. */
export interface AppBundle {
  readonly name: string;
  readonly pid: number;
  readonly adminPort: number;
  adminUrl(path: string): string;
  /** Every line it wrote to stdout and stderr so far (JSON logs). */
  lines(): string[];
  /** SIGTERM (graceful) by default; resolves with the exit code or signal once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface AppBundleOptions {
  /** Its environment; `ADMIN_PORT` is chosen free unless given. */
  readonly env: Record<string, string>;
  /** Start from the test run's environment (which names Kafka and Elasticsearch), or from PATH only. */
  readonly inheritEnv?: boolean;
  readonly readyTimeoutMs?: number;
}

/**
 * Builds `dist/apps/<app>/main.js` (tools/build-app.mjs, once per test file) as `npm start` and the
 * image do, starts it, and resolves once its admin port answers /ready with 200.
 */
export async function startAppBundle(app: string, options: AppBundleOptions): Promise<AppBundle> {
  if (!built.has(app)) {
    execFileSync(process.execPath, [join(ROOT, 'tools/build-app.mjs'), app], { cwd: ROOT, stdio: 'pipe' });
    built.add(app);
  }
  const adminPort = Number(options.env['ADMIN_PORT'] ?? (await freePort()));
  const base = options.inheritEnv === false ? { PATH: process.env['PATH'] ?? '' } : process.env;
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist/apps', app, 'main.js')], {
    cwd: ROOT,
    env: { ...base, ...options.env, ADMIN_PORT: String(adminPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  // Whole lines only: a chunk may end in the middle of one, which the next chunk completes.
  const lineReader = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    };
  };
  child.stdout.on('data', lineReader());
  child.stderr.on('data', lineReader());
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const adminUrl = (path: string) => `http://127.0.0.1:${adminPort}${path}`;
  const handle: AppBundle = {
    name: app,
    pid: child.pid as number,
    adminPort,
    adminUrl,
    lines: () => [...lines],
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} before it was ready:\n${lines.slice(-40).join('\n')}`);
    if (await fetch(adminUrl('/ready')).then((r) => r.status === 200, () => false)) return handle;
    if (Date.now() > deadline) {
      await handle.stop('SIGKILL');
      throw new Error(`${app} not ready within ${timeoutMs} ms:\n${lines.slice(-40).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
