import type { Span } from '@waymark/span-model';
import { warned } from './span-warnings';

/** Orders spans for picking where a cycle is cut: earliest start, then smallest id. */
const earlier = (a: Span, b: Span): boolean => a.startTimeUnixNano < b.startTimeUnixNano || (a.startTimeUnixNano === b.startTimeUnixNano && a.spanId < b.spanId);

const NEW = 0;
const ON_PATH = 1;
const DONE = 2;

/**
 * Removes parent references that make the span tree impossible, with a warning on the span,
 * so that nothing downstream (the clock-skew adjuster, the UI's tree, jaeger-ui#821) meets a
 * loop: a span that is its own parent, and parent chains that come back to where they started.
 * Each cycle is cut at its earliest span (then smallest id), which becomes a root: the result
 * does not depend on the order of the input. Parents missing from the trace are left alone
 * (the span is an orphan; the clock-skew adjuster says so). Needs unique span ids; linear time,
 * no recursion, however deep the tree.
 */
export function repairParents(spans: readonly Span[]): Span[] {
  const out = spans.map((span) => (span.parentSpanId === span.spanId ? warned({ ...span, parentSpanId: undefined }, `span is its own parent; parent reference removed`) : span));
  const index = new Map<string, number>(out.map((span, i) => [span.spanId, i]));
  const state = new Uint8Array(out.length);
  const parentOf = (i: number): number | undefined => {
    const parent = out[i]?.parentSpanId;
    return parent === undefined ? undefined : index.get(parent);
  };
  for (let start = 0; start < out.length; start++) {
    if (state[start] !== NEW) continue;
    const path: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && state[at] === NEW) {
      state[at] = ON_PATH;
      path.push(at);
      at = parentOf(at);
    }
    if (at !== undefined && state[at] === ON_PATH) {
      // `at` is on the current path: the path from `at` on is a cycle.
      const cycle = path.slice(path.indexOf(at));
      let cut = cycle[0] as number;
      for (const i of cycle) if (earlier(out[i] as Span, out[cut] as Span)) cut = i;
      const span = out[cut] as Span;
      out[cut] = warned({ ...span, parentSpanId: undefined }, `parent span ID=${span.parentSpanId} closes a cycle of ${cycle.length} spans; parent reference removed`);
    }
    for (const i of path) state[i] = DONE;
  }
  return out;
}
