import type { Span } from '@waymark/span-model';
import { at } from './checkout-trace';
import type { CheckoutIds } from './checkout-trace';

/** Model values as decodeOtlpProto gives them back, for exact expectations. */
export const s = (value: string) => ({ type: 'string', value });
export const i = (value: number) => ({ type: 'int', value: BigInt(value) });
export const d = (value: number) => ({ type: 'double', value });
export const b = (value: boolean) => ({ type: 'bool', value });
/** The collector tag every test collector adds (COLLECTOR_TAGS=region=eu-1). */
export const REGION = { key: 'region', value: s('eu-1') };
export const NO_SCOPE = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
export const NO_DROPS = { droppedAttributesCount: 0, droppedEventsCount: 0, droppedLinksCount: 0, warnings: [] };

/** The span with this id, or a failure that lists the ids there are. */
export function spanById(spans: Map<string, Span>, spanId: string): Span {
  const span = spans.get(spanId);
  if (!span) throw new Error(`span ${spanId} is not on the topic (have ${[...spans.keys()].join(', ')})`);
  return span;
}

/** The checkout trace as an OTLP exporter sent it: nothing lost, types kept. */
export function expectOtlpCheckout(spans: Map<string, Span>, ids: CheckoutIds, service: string): void {
  const resource = {
    serviceName: service,
    attributes: [{ key: 'service.name', value: s(service) }, { key: 'service.version', value: s('1.4.0') }, { key: 'host.name', value: s('test-host') }, REGION],
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
  const scope = { ...NO_SCOPE, name: 'waymark-int', version: '1.2.3' };
  // 0x101: W3C sampled, plus the SDK's "is_remote is known" bit (8) with is_remote (bit 9) clear.
  const common = { ...NO_DROPS, traceId: ids.traceId, traceState: '', flags: 0x101, resource, scope };
  expect([...spans.keys()].sort()).toEqual([ids.root, ids.query, ids.render].sort());
  expect(spanById(spans, ids.root)).toEqual({
    ...common,
    spanId: ids.root,
    parentSpanId: undefined,
    name: 'GET /checkout',
    kind: 'server',
    startTimeUnixNano: at(0),
    endTimeUnixNano: at(12),
    attributes: [
      { key: 'http.request.method', value: s('GET') },
      { key: 'http.response.status_code', value: i(503) },
      { key: 'ratio', value: d(0.25) },
      { key: 'cache.hit', value: b(true) },
      { key: 'feature.flags', value: { type: 'array', value: [s('a'), s('b')] } },
    ],
    events: [],
    links: [],
    status: { code: 'error', message: 'upstream timeout' },
  });
  expect(spanById(spans, ids.query)).toEqual({
    ...common,
    spanId: ids.query,
    parentSpanId: ids.root,
    name: 'SELECT cart',
    kind: 'client',
    startTimeUnixNano: at(2),
    endTimeUnixNano: at(8),
    attributes: [
      { key: 'db.system', value: s('postgresql') },
      { key: 'peer.service', value: s('postgres') },
    ],
    events: [{ timeUnixNano: at(3), name: 'cache-miss', attributes: [{ key: 'attempt', value: i(2) }], droppedAttributesCount: 0 }],
    links: [],
    status: { code: 'unset', message: '' },
  });
  expect(spanById(spans, ids.render)).toEqual({
    ...common,
    spanId: ids.render,
    parentSpanId: ids.root,
    name: 'render',
    kind: 'internal',
    startTimeUnixNano: at(9),
    endTimeUnixNano: at(10),
    attributes: [],
    events: [],
    links: [{ traceId: ids.traceId, spanId: ids.query, traceState: '', attributes: [{ key: 'reason', value: s('after-query') }], droppedAttributesCount: 0, flags: 0x101 }],
    status: { code: 'ok', message: '' },
  });
}
