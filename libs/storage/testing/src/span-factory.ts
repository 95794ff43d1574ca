import { spanIdFromHex, traceIdFromHex } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource, Span, SpanId, SpanKind, TraceId } from '@waymark/span-model';
import { randomBytes } from 'node:crypto';

/** A fresh random trace id (never all zero). */
export const randomTraceId = (): TraceId => traceIdFromHex(`${randomBytes(15).toString('hex')}01`) as TraceId;
/** A fresh random span id (never all zero). */
export const randomSpanId = (): SpanId => spanIdFromHex(`${randomBytes(7).toString('hex')}01`) as SpanId;

const resources = new Map<string, Resource>();

/** One shared Resource per service name, like an SDK sends. */
export function resourceFor(serviceName: string, extra: readonly Attribute[] = []): Resource {
  const key = `${serviceName}\u0000${JSON.stringify(extra, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
  let resource = resources.get(key);
  if (!resource) {
    resource = { serviceName, attributes: [{ key: 'service.name', value: { type: 'string', value: serviceName } }, ...extra], droppedAttributesCount: 0, schemaUrl: '' };
    resources.set(key, resource);
  }
  return resource;
}

const SCOPE: InstrumentationScope = { name: 'waymark-test', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

export interface SpanSpec {
  readonly traceId?: TraceId;
  readonly spanId?: SpanId;
  readonly parentSpanId?: SpanId;
  readonly service?: string;
  readonly name?: string;
  readonly kind?: SpanKind;
  /** Start time in Unix epoch milliseconds; defaults to now. */
  readonly startMs?: number;
  readonly durationMicros?: number;
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  readonly resourceAttributes?: readonly Attribute[];
}

/** A plausible span for tests, every field filled, from the few fields a test cares about. */
export function makeSpan(spec: SpanSpec = {}): Span {
  const start = BigInt(Math.trunc(spec.startMs ?? Date.now())) * 1_000_000n;
  const attributes: Attribute[] = Object.entries(spec.attributes ?? {}).map(([key, v]) => ({
    key,
    value: typeof v === 'string' ? { type: 'string', value: v } : typeof v === 'boolean' ? { type: 'bool', value: v } : Number.isInteger(v) ? { type: 'int', value: BigInt(v) } : { type: 'double', value: v },
  }));
  return {
    traceId: spec.traceId ?? randomTraceId(),
    spanId: spec.spanId ?? randomSpanId(),
    parentSpanId: spec.parentSpanId,
    traceState: '',
    flags: 1,
    name: spec.name ?? 'GET /ping',
    kind: spec.kind ?? 'server',
    startTimeUnixNano: start,
    endTimeUnixNano: start + BigInt(spec.durationMicros ?? 1500) * 1000n,
    attributes,
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 'unset', message: '' },
    resource: resourceFor(spec.service ?? 'frontend', spec.resourceAttributes),
    scope: SCOPE,
    warnings: [],
  };
}
