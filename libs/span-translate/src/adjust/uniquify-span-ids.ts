import type { Span, SpanId } from '@waymark/span-model';
import { warned } from './span-warnings';

export const WARNING_TOO_MANY_SPANS = 'cannot assign unique span ID, too many spans in the trace';

const MAX_SPAN_ID = 0xffffffffffffffffn;

/** Hands out span ids unused in the trace, counting up from 1 as Jaeger's uniquifier does. */
class SpanIdAllocator {
  private last = 0n;

  constructor(private readonly used: Set<string>) {}

  next(): SpanId | undefined {
    while (this.last < MAX_SPAN_ID) {
      this.last++;
      const id = this.last.toString(16).padStart(16, '0');
      if (!this.used.has(id)) {
        this.used.add(id);
        return id as SpanId;
      }
    }
    return undefined;
  }
}

/**
 * Makes every span id of the trace unique, which the Jaeger UI and the clock-skew adjuster
 * need, in two steps:
 *
 * 1. Jaeger's `SpanIDUniquifier` (Zipkin-style clients give the client and the server side of
 *    an RPC one span id): a server span sharing its id with a client span gets a new id, its
 *    parent becomes the shared id (the client span), and every other span whose parent was the
 *    shared id now hangs under the server span.
 * 2. Beyond Jaeger: any id still shared (two different spans with one id, from a faulty client
 *    or tool) is kept by its first span; each later span gets a new id and a warning naming
 *    both ids. Children keep pointing at the old id, that is, at the first span.
 *
 * New ids are the smallest unused ones from `0000000000000001` up. Call after exact duplicates
 * are removed (see dedupe-spans.ts): identical copies are one span, not a collision.
 */
export function uniquifySpanIds(spans: readonly Span[]): Span[] {
  const byId = new Map<string, Span[]>();
  for (const span of spans) {
    const group = byId.get(span.spanId);
    if (group) group.push(span);
    else byId.set(span.spanId, [span]);
  }
  if (byId.size === spans.length) return [...spans];
  const allocator = new SpanIdAllocator(new Set(byId.keys()));

  const renamed = new Map<SpanId, SpanId>();
  let out = spans.map((span) => {
    if (span.kind !== 'server' || !byId.get(span.spanId)?.some((other) => other.kind === 'client')) return span;
    const id = allocator.next();
    if (id === undefined) return warned(span, WARNING_TOO_MANY_SPANS);
    renamed.set(span.spanId, id);
    return { ...span, spanId: id, parentSpanId: span.spanId };
  });
  if (renamed.size > 0) {
    out = out.map((span) => {
      const parent = span.parentSpanId === undefined ? undefined : renamed.get(span.parentSpanId);
      return parent === undefined || parent === span.spanId ? span : { ...span, parentSpanId: parent };
    });
  }

  const seen = new Set<string>();
  return out.map((span) => {
    if (!seen.has(span.spanId)) {
      seen.add(span.spanId);
      return span;
    }
    const id = allocator.next();
    if (id === undefined) return warned(span, WARNING_TOO_MANY_SPANS);
    seen.add(id);
    return warned({ ...span, spanId: id }, `duplicate span ID=${span.spanId}; this span was given ID=${id}`);
  });
}
