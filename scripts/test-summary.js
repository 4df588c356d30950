#!/usr/bin/env node
// Prints vitest's result as one plain closing line ("N passed, N failed, N skipped") and, in CI,
// fails the run if anything was skipped: no test may skip for a missing prerequisite there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(import.meta.dirname, '..', 'out', 'test-results.json');
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
if (r.numFailedTests > 0 || r.numTotalTests === 0) process.exitCode = 1;
if (process.env.CI && skipped > 0) {
  console.error('CI: skipped tests are failures here');
  process.exitCode = 1;
}
