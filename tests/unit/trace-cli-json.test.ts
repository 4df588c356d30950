import { describe, expect, it } from 'vitest';
import { cliTraceJson } from '../../electron/cli/trace-commands.js';
import { analyzeCapture } from '../../electron/engine/trace/trace-analyze.js';
import { CliTraceResultSchema, type TraceResultType } from '../../shared/trace/trace-result.js';
import type { WriterOptionsType } from './helpers/capture-writer.js';
import { generateTraffic, prng } from './helpers/sip-traffic-model.js';

/**
 * `analyze --json` is printed without zod (start-up): on generated variety it must be exactly what
 * parsing with CliTraceResultSchema prints — the same values, keys in the schema's order — in both
 * languages.
 */

function throughSchema(result: TraceResultType, lang: 'de' | 'en'): string {
  return JSON.stringify(
    CliTraceResultSchema.parse({
      ...result,
      devices: result.devices.map(({ qualify: { timeline: _timeline, ...qualify }, ...d }) => ({ ...d, qualify })),
      findings: result.findings.map((f) => ({ ...f, text: f.text[lang] })),
      warnings: result.warnings.map((w) => w[lang]),
    }),
  );
}

describe('analyze --json without zod', () => {
  const seen = { findingsWithStep: 0, findingsWithoutStep: 0, warnings: 0, devices: 0 };
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('seed %i: the schema’s output, byte for byte', async (seed) => {
    const rnd = prng(seed * 92821);
    const options: WriterOptionsType = { format: rnd() < 0.5 ? 'pcapng' : 'pcap', bigEndian: rnd() < 0.5, linkType: 1, vlanTags: 0 };
    const { file } = generateTraffic(seed, options);
    // Cut some captures short, so that warnings (where reading stopped) are printed too.
    const r = await analyzeCapture([rnd() < 0.3 ? file.subarray(0, Math.floor(file.length * (0.3 + rnd() * 0.6))) : file], { timelinePoints: 0 });
    for (const lang of ['de', 'en'] as const) expect(cliTraceJson(r, lang)).toBe(throughSchema(r, lang));
    seen.findingsWithStep += r.findings.filter((f) => f.step !== undefined).length;
    seen.findingsWithoutStep += r.findings.filter((f) => f.step === undefined).length;
    seen.warnings += r.warnings.length;
    seen.devices += r.devices.length;
  });

  it('the variety had findings with and without a step, warnings and devices', () => {
    for (const n of Object.values(seen)) expect(n).toBeGreaterThan(0);
  });
});
