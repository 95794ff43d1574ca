/** One scrape of a Prometheus text endpoint. */
export interface Scrape {
  /** Sum of every series of `name` whose labels include `labels` (0 when none matches). */
  value(name: string, labels?: Readonly<Record<string, string>>): number;
}

const SERIES = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Scrape {
  const series: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = SERIES.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key as string] = value as string;
    series.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return {
    value: (name, wanted = {}) =>
      series.filter((s) => s.name === name && Object.entries(wanted).every(([key, value]) => s.labels[key] === value)).reduce((sum, s) => sum + s.value, 0),
  };
}

export async function scrapeMetrics(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status}`);
  return parseMetrics(await response.text());
}
