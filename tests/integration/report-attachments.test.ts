import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/engine.js';
import type { EngineType } from '../../electron/engine/engine-type.js';
import { CaseSchema } from '../../shared/model/case.js';
import { renderReportText } from '../../shared/report/report-text.js';
import { buildReportModel } from '../../shared/report/report-model.js';
import { generateTraffic } from '../unit/helpers/sip-traffic-model.js';

/**
 * Report attachments through the engine's contract handlers (issue 8 §3): a redacted trace of one
 * device embedded in the PDF (pdfdetach) and attached to the .eml (mailparser), the case's key
 * giving the same pseudonyms twice and other ones in another case, a PBX-log excerpt, and a
 * source that vanished.
 */

const run = promisify(execFile);
let dataDir: string;
let engine: EngineType;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sft-report-att-'));
  engine = await createEngine({ dataDir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false, net: { stunPort: 0 } });
});
afterAll(async () => {
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function caseWithCapture(file: Buffer, name = 'anlage.pcap'): Promise<{ id: string; source: string }> {
  const h = engine.handlers;
  const c = await h['cases.create']({} as never);
  const report = { ...c.report, company: 'Müller GmbH', firstName: 'Max', lastName: 'Müller', email: 'max@example.com', phone: '0721 5095958', role: 'partner' as const, service: 'cloud' as const, cloudName: 'mueller.starface-cloud.com', description: 'Telefone abgemeldet.' };
  await h['cases.save']({ case: { ...c, title: 'Müller Bau', report } } as never);
  const { uploadId } = await h['attachments.begin']({ caseId: c.id, name, kind: 'trace', bytes: file.length });
  await h['attachments.chunk']({ uploadId, offset: 0, data: file.toString('base64') });
  const ref = await h['attachments.finish']({ uploadId });
  return { id: c.id, source: ref.fileName };
}

describe('traces attached to the report', () => {
  it('a redacted trace of one device is embedded in the PDF, attached to the .eml and listed in the text', async () => {
    const { file, secrets } = generateTraffic(41, { format: 'pcap', bigEndian: false, linkType: 1 });
    const { id, source } = await caseWithCapture(file);
    const h = engine.handlers;
    const { analyzeCaptureFile } = await import('../../electron/engine/trace/trace-analyze.js');
    const tmp = join(dataDir, 'in.pcap');
    await writeFile(tmp, file);
    const device = (await analyzeCaptureFile(tmp)).devices[0]!.address;
    const ref = await h['report.attach']({ caseId: id, source, devices: [device], dialogs: [], redact: true });
    expect(ref.report).toMatchObject({ source, selection: { devices: [device], dialogs: [] }, redacted: true });
    expect(ref.report!.items).toBeGreaterThan(0);

    const pdf = await h['report.exportPdf']({ id, language: 'de', confirmNotHotline: true });
    const { stdout: list } = await run('pdfdetach', ['-list', pdf.path]);
    expect(list).toContain(ref.fileName);
    const saved = join(dataDir, 'detached.pcapng');
    const index = list.split('\n').findIndex((l) => l.includes(ref.fileName));
    await run('pdfdetach', ['-save', String(index), '-o', saved, pdf.path]);
    const embedded = await readFile(saved);
    const stored = await readFile(join(dataDir, 'cases', id, 'attachments', ref.fileName));
    expect(embedded.equals(stored)).toBe(true);
    const { stdout: frames } = await run('tshark', ['-n', '-r', saved, '-Y', 'sip', '-T', 'fields', '-e', 'frame.number']);
    expect(frames.split('\n').filter((l) => l !== '').length).toBeGreaterThan(0);
    for (const v of [...secrets.numbers, ...secrets.names, ...secrets.authValues]) expect(embedded.includes(Buffer.from(v, 'latin1'))).toBe(false);

    const eml = await h['report.exportEml']({ id, language: 'en', confirmNotHotline: true });
    const mail = await simpleParser(await readFile(eml.path));
    const part = mail.attachments.find((a) => a.filename === ref.fileName);
    expect(part?.content.equals(stored)).toBe(true);

    const c = CaseSchema.parse(await h['cases.get']({ id }));
    const text = renderReportText(buildReportModel(c, 'de', { appName: 'x', appVersion: '0', generatedAt: new Date() }));
    expect(text).toContain('Anhänge (Mitschnitte, Log-Auszüge)');
    expect(text).toContain(ref.fileName);
    expect(text).toMatch(/geschwärzt: \d+ Rufnummern und \d+ Namen pseudonymisiert, \d+ Authorization-Werte entfernt/);
    expect(text).toContain(`Endgerät ${device}`);
  });

  it('two exports of one case agree on pseudonyms, another case does not; a vanished source is said by name and loses nothing', async () => {
    const { file } = generateTraffic(42, { format: 'pcapng', bigEndian: false, linkType: 1 });
    const a = await caseWithCapture(file);
    const b = await caseWithCapture(file);
    const h = engine.handlers;
    const one = await h['report.attach']({ caseId: a.id, source: a.source, devices: [], dialogs: [], redact: true });
    // Right after the first (usually within the same second of its name's stamp): both are kept.
    const two = await h['report.attach']({ caseId: a.id, source: a.source, devices: [], dialogs: [], redact: true });
    const other = await h['report.attach']({ caseId: b.id, source: b.source, devices: [], dialogs: [], redact: true });
    const users = async (caseId: string, fileName: string) => {
      const { stdout } = await run('tshark', ['-n', '-r', join(dataDir, 'cases', caseId, 'attachments', fileName), '-Y', 'sip.Method == "INVITE" || sip.Method == "REGISTER"', '-T', 'fields', '-e', 'sip.from.user']);
      return stdout;
    };
    expect(two.fileName).not.toBe(one.fileName);
    expect(await users(a.id, one.fileName)).toBe(await users(a.id, two.fileName));
    expect(await users(b.id, other.fileName)).not.toBe(await users(a.id, one.fileName));

    await unlink(join(dataDir, 'cases', a.id, 'attachments', a.source));
    await expect(h['report.attach']({ caseId: a.id, source: a.source, devices: [], dialogs: [], redact: true })).rejects.toMatchObject({ code: 'not-found', detail: `export:attachment-gone:${a.source}` });
    const after = await h['cases.get']({ id: a.id });
    expect((after.attachments ?? []).filter((x) => x.report !== undefined).map((x) => x.fileName).sort()).toEqual([one.fileName, two.fileName].sort());
    await h['report.detach']({ caseId: a.id, fileName: two.fileName });
    expect(((await h['cases.get']({ id: a.id })).attachments ?? []).map((x) => x.fileName)).not.toContain(two.fileName);
  });

  it('a PBX-log excerpt keeps the UNREACHABLE/LAGGED lines and the device’s, with numbers pseudonymised', async () => {
    const h = engine.handlers;
    const c = await h['cases.create']({} as never);
    const log = [
      '[2026-11-28 10:00:00] VERBOSE[123] chan_sip.c: Peer \'1234.SFiphone\' is now UNREACHABLE! Last qualify: 0',
      '[2026-11-28 10:00:05] VERBOSE[123] pbx.c: Executing [+4972150959581@default:1] Dial("SIP/provider-0001", "SIP/+4972150959581@provider") in new stack',
      '[2026-11-28 10:00:09] NOTICE[123] chan_sip.c: Registration from \'"Anna Schmidt" <sip:+4930555123@10.0.0.7:5060>\' failed for \'10.0.0.7:5060\'',
      '[2026-11-28 10:01:00] VERBOSE[123] chan_sip.c: Peer \'1234.SFiphone\' is now Lagged. (2500ms / 2000ms)',
    ].join('\n');
    const { uploadId } = await h['attachments.begin']({ caseId: c.id, name: 'pbx.log', kind: 'log', bytes: Buffer.byteLength(log) });
    await h['attachments.chunk']({ uploadId, offset: 0, data: Buffer.from(log).toString('base64') });
    const src = await h['attachments.finish']({ uploadId });
    const ref = await h['report.attach']({ caseId: c.id, source: src.fileName, devices: ['10.0.0.7:5060'], dialogs: [], redact: true });
    const text = await readFile(join(dataDir, 'cases', c.id, 'attachments', ref.fileName), 'utf8');
    expect(text.split('\n').filter((l) => l !== '')).toHaveLength(3);
    expect(text).toContain('UNREACHABLE');
    expect(text).toContain('Lagged');
    expect(text).not.toContain('4930555123');
    expect(text).not.toContain('Anna Schmidt');
    expect(text).not.toContain('4972150959581');
    expect(ref.report?.items).toBe(3);
  });
});
