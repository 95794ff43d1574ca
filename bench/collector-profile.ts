/**
 * Where a collector's CPU time goes, from a V8 .cpuprofile written by `bench/collector.ts
 * --cpu-prof`: self and inclusive time per source file of the bundled collector (mapped back
 * through its source map), per npm package, and per Node.js internal module; then the hottest
 * functions by self time. Prints figures; asserts nothing.
 *
 *   node bench/run-ts.cjs bench/collector-profile.ts bench/.work/profiles/<file>.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: collector-profile.ts <file.cpuprofile> [--top N]');
const topAt = process.argv.indexOf('--top');
const TOP = topAt >= 0 ? Number(process.argv[topAt + 1]) : 25;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const maps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!maps.has(url)) {
    try {
      maps.set(url, new SourceMap(JSON.parse(readFileSync(`${new URL(url).pathname}.map`, 'utf8'))));
    } catch {
      maps.set(url, null);
    }
  }
  return maps.get(url) ?? null;
}

/** The area a frame belongs to: a workspace source file, an npm package, a Node.js module, or a V8 pseudo-frame. */
function locate(frame: CallFrame): { area: string; where: string } {
  const { url, functionName, lineNumber, columnNumber } = frame;
  if (url === '') return { area: functionName.startsWith('(') ? functionName : '(native)', where: functionName };
  if (url.startsWith('node:')) return { area: url, where: `${functionName || '(anonymous)'} ${url}` };
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return { area: `npm:${pkg[1]}`, where: `${functionName || '(anonymous)'} ${url.slice(url.indexOf(pkg[1] as string))}:${lineNumber + 1}` };
  const entry = sourceMapOf(url)?.findEntry(lineNumber, columnNumber);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    const source = entry.originalSource.replace(/^.*?\/(libs|apps)\//, '$1/');
    const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    return { area: npm ? `npm:${npm[1]}` : source, where: `${functionName || '(anonymous)'} ${source}:${entry.originalLine + 1}` };
  }
  return { area: url, where: `${functionName || '(anonymous)'} ${url}:${lineNumber + 1}` };
}

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const located = new Map(profile.nodes.map((node) => [node.id, locate(node.callFrame)]));

const selfByArea = new Map<string, number>();
const inclusiveByArea = new Map<string, number>();
const selfByFunction = new Map<string, number>();
const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
let total = 0;
let idle = 0;
profile.samples.forEach((id, index) => {
  const delta = (profile.timeDeltas[index + 1] ?? 0) / 1000; // ms; V8 stores each sample's delta on the next one
  const leaf = located.get(id);
  if (!leaf) return;
  if (leaf.area === '(idle)') {
    idle += delta;
    return;
  }
  total += delta;
  add(selfByArea, leaf.area, delta);
  add(selfByFunction, leaf.where, delta);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const area = located.get(at)?.area;
    if (area && !seen.has(area) && byId.has(at)) {
      seen.add(area);
      add(inclusiveByArea, area, delta);
    }
  }
});

const pct = (ms: number) => `${((ms / total) * 100).toFixed(1).padStart(5)} %`;
console.log(`${file}: ${(total / 1000).toFixed(1)} s on CPU (main thread), ${(idle / 1000).toFixed(1)} s idle`);
console.log('\nself | inclusive | area (workspace file, npm package, node module)');
for (const [area, ms] of [...inclusiveByArea].sort((a, b) => b[1] - a[1]).slice(0, TOP * 2)) {
  console.log(`${pct(selfByArea.get(area) ?? 0)} | ${pct(ms)} | ${area}`);
}
console.log(`\ntop ${TOP} functions by self time`);
for (const [where, ms] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${pct(ms)}  ${where}`);
