import type { DependencyLink } from '@waymark/storage-api';

/**
 * Jaeger's dependencies answer: links touching `service` (all when undefined), one per
 * (parent, child) with their call counts summed, sorted for a stable output.
 */
export function mergeDependencies(links: readonly DependencyLink[], service: string | undefined): DependencyLink[] {
  const merged = new Map<string, { parent: string; child: string; callCount: number }>();
  for (const link of links) {
    if (service !== undefined && link.parent !== service && link.child !== service) continue;
    const key = JSON.stringify([link.parent, link.child]);
    const entry = merged.get(key);
    if (entry) entry.callCount += link.callCount;
    else merged.set(key, { parent: link.parent, child: link.child, callCount: link.callCount });
  }
  return [...merged.values()].sort((a, b) => (a.parent === b.parent ? (a.child < b.child ? -1 : a.child > b.child ? 1 : 0) : a.parent < b.parent ? -1 : 1));
}
