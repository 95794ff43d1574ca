import { freePort, startAppBundle } from '@waymark/test-infra';
import type { AppBundle } from '@waymark/test-infra';

/** Ports for every listener of the all-in-one, as environment variables. */
export async function freePorts(): Promise<Record<string, string>> {
  const names = ['OTLP_GRPC_PORT', 'OTLP_HTTP_PORT', 'JAEGER_GRPC_PORT', 'JAEGER_THRIFT_HTTP_PORT', 'ZIPKIN_HTTP_PORT', 'ADMIN_PORT', 'QUERY_HTTP_PORT', 'SAMPLING_HTTP_PORT', 'SAMPLING_GRPC_PORT'];
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await freePort());
  return ports;
}

/**
 * Builds `dist/apps/all-in-one/main.js` as `npm start` does and runs it with `env` only (plus
 * PATH), so no variable of the test run leaks in; resolves once /ready answers 200.
 */
export function startBundle(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<AppBundle> {
  return startAppBundle('all-in-one', { env, inheritEnv: false, readyTimeoutMs });
}
