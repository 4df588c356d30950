#!/usr/bin/env node
// The `starface-triage` command. The CLI itself is TypeScript compiled to out/; without a build there
// is nothing to run, and the user is told how to make one in one line (exit code 2).
import { existsSync } from 'node:fs';

const entry = new URL('../out/electron/cli/index.js', import.meta.url);
const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
const german = locale.toLowerCase().startsWith('de');

function die(de, en) {
  process.stderr.write(`${german ? de : en}\n`);
  process.exit(2);
}

if (!existsSync(entry)) {
  die('starface-triage ist nicht gebaut – bitte zuerst ausführen: npm run build', 'starface-triage is not built – run: npm run build');
}

let cli;
try {
  cli = await import(entry.href);
} catch (error) {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  die(`starface-triage ist unvollständig gebaut (${detail}) – bitte: npm run build`, `starface-triage is incompletely built (${detail}) – run: npm run build`);
}
cli.installCrashHandlers();
process.exitCode = await cli.main(process.argv.slice(2));
