import type { AppBundle } from '@waymark/test-infra';

/** The value of one Prometheus series (summed over the series matching `labels`) from an admin /metrics. */
export async function metricValue(app: AppBundle, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(app.adminUrl('/metrics'))).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const seen = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => seen[key] === value)) sum += Number(match[3]);
  }
  return sum;
}
