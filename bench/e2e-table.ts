/**
 * The side-by-side tables again, from the raw output of one or more bench/e2e.ts series (their
 * `RESULT {…}` lines):
 *
 *   node bench/run-ts.cjs bench/e2e-table.ts bench/results/e2e-<date>.txt [more.txt …]
 */
import { readFileSync } from 'node:fs';
import { summaryTables } from './e2e-summary';
import type { E2eResult } from './e2e-summary';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/run-ts.cjs bench/e2e-table.ts <raw output.txt> …');
  process.exitCode = 2;
} else {
  const results = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('RESULT {'))
      .map((line) => JSON.parse(line.slice('RESULT '.length)) as E2eResult),
  );
  console.log(summaryTables(results));
}
