import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Ports for every listener of the all-in-one, as environment variables. */
export async function freePorts(): Promise<Record<string, string>> {
  const names = ['OTLP_GRPC_PORT', 'OTLP_HTTP_PORT', 'JAEGER_GRPC_PORT', 'JAEGER_THRIFT_HTTP_PORT', 'ZIPKIN_HTTP_PORT', 'ADMIN_PORT', 'QUERY_HTTP_PORT', 'SAMPLING_HTTP_PORT', 'SAMPLING_GRPC_PORT'];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  return ports;
}

export interface BundleProcess {
  readonly pid: number;
  /** Every line it wrote to stdout and stderr so far. */
  lines(): string[];
  /** Sends `signal` and resolves with the exit code (or signal) once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Builds `dist/apps/all-in-one/main.js` as `npm start` does (tools/build-app.mjs) and runs it
 * with `env` only (plus PATH), so no variable of the test run leaks in; resolves once its admin
 * port answers /ready with 200.
 */
export async function startBundle(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<BundleProcess> {
  execFileSync(process.execPath, [join(ROOT, 'tools/build-app.mjs'), 'all-in-one'], { cwd: ROOT, stdio: 'pipe' });
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist/apps/all-in-one/main.js')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const handle: BundleProcess = {
    pid: child.pid as number,
    lines: () => [...lines],
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  const ready = `http://127.0.0.1:${env['ADMIN_PORT']}/ready`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`all-in-one exited with ${child.exitCode} before it was ready:\n${lines.slice(-30).join('\n')}`);
    if (await fetch(ready).then((r) => r.status === 200, () => false)) return handle;
    if (Date.now() > deadline) {
      await handle.stop('SIGKILL');
      throw new Error(`all-in-one not ready within ${readyTimeoutMs} ms:\n${lines.slice(-30).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
