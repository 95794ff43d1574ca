#!/usr/bin/env node
// Runs a TypeScript benchmark without ts-node: bundles it with esbuild (installed as a dev
// dependency) into bench/.work/ (git-ignored), resolving the @waymark/* path aliases from
// tsconfig.base.json, then runs the bundle in this process with the remaining arguments.
// Usage: node bench/run-ts.cjs bench/translate.ts [args…]
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/run-ts.cjs <file.ts> [args…]');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const outfile = path.join(root, 'bench', '.work', `${path.basename(entry, '.ts')}.cjs`);
esbuild.buildSync({
  entryPoints: [path.resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  tsconfig: path.join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
require(outfile);
