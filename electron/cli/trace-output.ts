/**
 * What `analyze` loads once its arguments are read (trace-commands): the analysis, and the schema
 * its --json output is checked against before printing.
 */
import { CliTraceResultSchema, type TraceResultType } from '../../shared/trace/trace-result.js';
import type { CliLanguageType } from './messages.js';

export { traceSummaryLines } from '../../shared/trace/trace-messages.js';
export { analyzeCaptureFile } from '../engine/trace/trace-analyze.js';

export function cliTraceJson(result: TraceResultType, lang: CliLanguageType): string {
  return JSON.stringify(
    CliTraceResultSchema.parse({
      ...result,
      devices: result.devices.map(({ qualify: { timeline: _timeline, ...qualify }, ...d }) => ({ ...d, qualify })),
      findings: result.findings.map((f) => ({ ...f, text: f.text[lang] })),
      warnings: result.warnings.map((w) => w[lang]),
    }),
  );
}

