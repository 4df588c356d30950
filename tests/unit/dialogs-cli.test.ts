import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialogPageSchema } from '../../shared/trace/ladder.js';
import { generateDialogs } from './helpers/sip-dialog-model.js';
import { compileCli, expectOneLineError, ROOT, runCli } from './helpers/run-cli.js';

let dir: string;

beforeAll(async () => {
  compileCli();
  if (!existsSync(join(ROOT, 'out', 'electron', 'cli', 'dialogs-command.js'))) throw new Error('tsc did not emit out/electron/cli/dialogs-command.js');
  dir = await mkdtemp(join(tmpdir(), 'sft-dialogs-cli-'));
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const cli = (args: string[], lang = 'en_US.UTF-8') => runCli(args, dir, lang);

describe('starface-triage dialogs', () => {
  it('lists the generated dialogs as --json with their states and leaves no index behind', async () => {
    const { file, expected } = generateDialogs(77, { format: 'pcapng', bigEndian: false, linkType: 1 }, 150);
    await writeFile(join(dir, 'calls.pcapng'), file);
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('starface-triage-dialogs-')).length;
    const r = cli(['dialogs', join(dir, 'calls.pcapng'), '--json']);
    expect(r.code).toBe(0);
    const page = DialogPageSchema.parse(JSON.parse(r.stdout));
    expect(page.total).toBe(expected.size);
    for (const d of page.dialogs) expect(d.state).toBe(expected.get(d.callId)?.state);
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('starface-triage-dialogs-')).length).toBe(before);
  });

  it('refuses bad input in one line of the user’s language', async () => {
    expect(expectOneLineError(cli(['dialogs']))).toContain('starface-triage dialogs FILE');
    expect(expectOneLineError(cli(['dialogs', join(dir, 'fehlt.pcap')], 'de_DE.UTF-8'))).toMatch(/fehlt\.pcap/);
    expect(expectOneLineError(cli(['dialogs', 'x.pcap', '--sort', 'colour']))).toContain('Unknown sort “colour”');
    expect(expectOneLineError(cli(['dialogs', 'x.pcap', '--limit', '-3']))).toMatch(/--limit|not a valid count/);
    await writeFile(join(dir, 'foto.pcap'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]));
    expect(expectOneLineError(cli(['dialogs', join(dir, 'foto.pcap')], 'de_DE.UTF-8'))).toMatch(/foto\.pcap.*kein Mitschnitt/);
    const { file } = generateDialogs(78, { format: 'pcap', bigEndian: false, linkType: 1 }, 40);
    await writeFile(join(dir, 'cut.pcap'), file.subarray(0, Math.floor(file.length / 2)));
    const cut = cli(['dialogs', join(dir, 'cut.pcap')]);
    expect(cut.code).toBe(0);
    expect(cut.stdout).toMatch(/^\d+ of \d+ dialogs/);
    expect(cut.stdout).toMatch(/cut from byte \d+ on/);
  });
});
