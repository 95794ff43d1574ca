import type { AttributeValue, Resource, Span } from '@waymark/span-model';
import { formatGoDuration } from './go-duration';
import { warned } from './span-warnings';

const ipv4 = (n: bigint): string => [24n, 16n, 8n, 0n].map((shift) => ((n >> shift) & 0xffn).toString()).join('.');

function hostText(value: AttributeValue | undefined): string {
  if (value === undefined) return '';
  if (value.type === 'string') return value.value;
  if (value.type === 'int') return ipv4(BigInt.asUintN(32, value.value));
  if (value.type === 'array') return hostText(value.value[0]);
  return '';
}

/**
 * What identifies the host (and so the clock) that produced a span: the resource attribute
 * `host.id`, else the first `host.ip`, else `host.name` (Jaeger v2), else Jaeger v1's process tag
 * `ip` (a string, or an int64 read as an IPv4 address). `''` when unknown: such a span is
 * compared with its parent whatever the parent's host.
 */
export function hostKey(resource: Resource): string {
  for (const key of ['host.id', 'host.ip', 'host.name', 'ip']) {
    const attribute = resource.attributes.find((a) => a.key === key);
    if (attribute) return hostText(attribute.value);
  }
  return '';
}

/** How far the child must move so that it sits inside its (already adjusted) parent; Jaeger's `calculateSkew`. */
function skewOf(child: Span, parent: Span): bigint {
  const parentDuration = parent.endTimeUnixNano - parent.startTimeUnixNano;
  const childDuration = child.endTimeUnixNano - child.startTimeUnixNano;
  if (childDuration > parentDuration) {
    // Async, or the parent timed out before the child answered: only make sure the child does not start first.
    return child.startTimeUnixNano < parent.startTimeUnixNano ? parent.startTimeUnixNano - child.startTimeUnixNano : 0n;
  }
  if (child.startTimeUnixNano >= parent.startTimeUnixNano && child.endTimeUnixNano <= parent.endTimeUnixNano) return 0n;
  // Network latency assumed equal both ways: the child starts half the difference after the parent.
  const latency = (parentDuration - childDuration) / 2n;
  return parent.startTimeUnixNano + latency - child.startTimeUnixNano;
}

function shifted(span: Span, delta: bigint): Span {
  return {
    ...span,
    startTimeUnixNano: span.startTimeUnixNano + delta,
    endTimeUnixNano: span.endTimeUnixNano + delta,
    events: span.events.map((event) => ({ ...event, timeUnixNano: event.timeUnixNano + delta })),
  };
}

interface Visit {
  readonly at: number;
  readonly parent: number | undefined;
  readonly host: string;
  readonly delta: bigint;
}

/**
 * Jaeger's `ClockSkew(maxDelta)` adjuster. Walking down from each root, a span from another
 * host than its parent (or from an unknown host) that starts before its parent or ends after it
 * is moved so that it fits (half the spare time on each side; only to the parent's start when it
 * lasted longer than the parent); spans of its host below it move with it. A move larger than
 * `maxDeltaNanos` is not made, and `0` (Jaeger's default) makes none: each span that would have
 * moved says so in a warning, with Jaeger's texts. A moved span keeps its duration (start, end
 * and events move together). A span whose parent is not in the trace is treated as a root and
 * warned about. Needs unique span ids and no parent cycles (see uniquify-span-ids.ts,
 * repair-parents.ts); walks with an explicit stack, so a chain of any depth is fine.
 */
export function adjustClockSkew(spans: readonly Span[], maxDeltaNanos: bigint): Span[] {
  const out = [...spans];
  const index = new Map<string, number>(out.map((span, i) => [span.spanId, i]));
  const hosts = new Map<Resource, string>();
  const hostOf = (span: Span): string => {
    let host = hosts.get(span.resource);
    if (host === undefined) {
      host = hostKey(span.resource);
      hosts.set(span.resource, host);
    }
    return host;
  };
  const children: number[][] = out.map(() => []);
  const roots: number[] = [];
  out.forEach((span, i) => {
    const parent = span.parentSpanId === undefined ? undefined : index.get(span.parentSpanId);
    if (parent !== undefined && parent !== i) children[parent]?.push(i);
    else {
      if (span.parentSpanId !== undefined) out[i] = warned(span, `parent span ID=${span.parentSpanId} is not in the trace; skipping clock skew adjustment`);
      roots.push(i);
    }
  });

  const visited = new Uint8Array(out.length);
  const stack: Visit[] = roots.reverse().map((at) => ({ at, parent: undefined, host: hostOf(out[at] as Span), delta: 0n }));
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { at, parent } = visit;
    if (visited[at]) continue;
    visited[at] = 1;
    let span = out[at] as Span;
    const host = hostOf(span);
    let delta = visit.delta;
    if (parent !== undefined && (host !== visit.host || host === '')) delta = skewOf(span, out[parent] as Span);
    if (delta !== 0n) {
      const abs = delta < 0n ? -delta : delta;
      if (abs > maxDeltaNanos) {
        span = warned(
          span,
          maxDeltaNanos === 0n
            ? `clock skew adjustment disabled; not applying calculated delta of ${formatGoDuration(delta)}`
            : `max clock skew adjustment delta of ${formatGoDuration(maxDeltaNanos)} exceeded; not applying calculated delta of ${formatGoDuration(delta)}`,
        );
      } else {
        span = warned(shifted(span, delta), `This span's timestamps were adjusted by ${formatGoDuration(delta)}`);
      }
      out[at] = span;
    }
    const kids = children[at] ?? [];
    for (let k = kids.length - 1; k >= 0; k--) stack.push({ at: kids[k] as number, parent: at, host, delta });
  }
  return out;
}
