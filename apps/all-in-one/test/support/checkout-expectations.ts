import { T0_SECONDS } from './otel-app';
import type { ExportedTrace } from './otel-app';

interface UiTag {
  readonly key: string;
  readonly type: string;
  readonly value: unknown;
}
interface UiSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: ReadonlyArray<{ refType: string; traceID: string; spanID: string }>;
  readonly startTime: number;
  readonly duration: number;
  readonly tags: readonly UiTag[];
  readonly logs: ReadonlyArray<{ timestamp: number; fields: readonly UiTag[] }>;
  readonly processID: string;
}
export interface UiTrace {
  readonly traceID: string;
  readonly spans: readonly UiSpan[];
  readonly processes: Record<string, { serviceName: string; tags: readonly UiTag[] }>;
}

const T0_MICROS = T0_SECONDS * 1_000_000;
const byKey = (tags: readonly UiTag[]) => [...tags].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** GET `url` and its JSON body; throws on anything but 200 so a failure names the status. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Polls the search until the trace shows up with `spans` spans (Elasticsearch makes writes searchable within its refresh interval). */
export async function searchUntilFound(queryBase: string, service: string, traceId: string, spans = 2, timeoutMs = 15_000): Promise<UiTrace> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await getJson<{ data: UiTrace[] }>(`${queryBase}/api/traces?service=${encodeURIComponent(service)}&lookback=1h&limit=20`);
    const found = data.find((trace) => trace.traceID === traceId);
    if (found && found.spans.length === spans) return found;
    if (Date.now() > deadline) throw new Error(`trace ${traceId} of ${service} not found within ${timeoutMs} ms; search returned ${JSON.stringify(data.map((t) => t.traceID))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The checkout trace of support/otel-app.cjs as the Jaeger query API v1 must serve it, field by field. */
export function expectCheckoutTrace(trace: UiTrace, exported: ExportedTrace, service: string): void {
  const { ids } = exported;
  expect(trace.traceID).toBe(ids.traceId);
  const root = trace.spans.find((span) => span.spanID === ids.root);
  const query = trace.spans.find((span) => span.spanID === ids.query);
  if (!root || !query) throw new Error(`spans missing: ${JSON.stringify(trace.spans.map((s) => s.spanID))}`);
  const process = trace.processes[root.processID];
  expect(process?.serviceName).toBe(service);
  expect(process?.tags).toEqual(expect.arrayContaining([{ key: 'host.name', type: 'string', value: 'test-host' }]));
  expect(trace.processes[query.processID]?.serviceName).toBe(service);

  expect({ ...root, tags: byKey(root.tags) }).toMatchObject({
    traceID: ids.traceId,
    operationName: 'GET /checkout',
    references: [],
    startTime: T0_MICROS,
    duration: 12_000,
    logs: [],
    tags: byKey([
      { key: 'otel.scope.name', type: 'string', value: 'waymark-aio' },
      { key: 'otel.scope.version', type: 'string', value: '0.1.0' },
      { key: 'http.request.method', type: 'string', value: 'GET' },
      { key: 'http.response.status_code', type: 'int64', value: 503 },
      { key: 'cache.hit', type: 'bool', value: true },
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'upstream timeout' },
    ]),
  });
  expect({ ...query, tags: byKey(query.tags) }).toMatchObject({
    operationName: 'SELECT cart',
    references: [{ refType: 'CHILD_OF', traceID: ids.traceId, spanID: ids.root }],
    startTime: T0_MICROS + 2000,
    duration: 6000,
    logs: [{ timestamp: T0_MICROS + 3000, fields: [{ key: 'event', type: 'string', value: 'cache-miss' }, { key: 'attempt', type: 'int64', value: 2 }] }],
    tags: byKey([
      { key: 'otel.scope.name', type: 'string', value: 'waymark-aio' },
      { key: 'otel.scope.version', type: 'string', value: '0.1.0' },
      { key: 'db.system', type: 'string', value: 'postgresql' },
      { key: 'span.kind', type: 'string', value: 'client' },
    ]),
  });
}
