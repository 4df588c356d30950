import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/engine/store/settings-store.js';
import { RECIPIENT_KINDS, recipientFor } from '../../shared/report/report-addressing.js';
import { parseRecipients, parseReflector } from '../../shared/report/recipients.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'r9-settings-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('settings: default recipients per contact kind', () => {
  it('a settings file of an older version gets empty recipients for every contact kind', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ language: 'en', defaultRecipient: 'hotline@example.com', stunServer: 'r.example:3478' }));
    const { settings, problem } = await new SettingsStore(dir).load();
    expect(problem).toBeNull();
    expect(Object.keys(settings.recipients).sort()).toEqual([...RECIPIENT_KINDS].sort());
    // The older single default still addresses the hotline, and only the hotline.
    expect(recipientFor('hotline', '', settings)).toBe('hotline@example.com');
    expect(recipientFor('provider', '', settings)).toBe('');
  });

  it('changes only the contact kinds sent, keeps the rest, and refuses a line with a bad address', async () => {
    const store = new SettingsStore(dir);
    await store.set({ recipients: { provider: 'stoerung@provider.example' } });
    await store.set({ recipients: { 'local-it': 'it@site.example, fw@site.example' }, language: 'de' });
    const saved = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(saved.recipients).toMatchObject({ provider: 'stoerung@provider.example', 'local-it': 'it@site.example, fw@site.example', hotline: '' });
    await expect(store.set({ recipients: { dealer: 'haendler@example.com; nope' } })).rejects.toThrow(/recipients\.dealer/);
    expect((await store.get()).recipients.dealer).toBe('');
    // A case's own recipient wins over the default.
    expect(recipientFor('local-it', 'chef@site.example', await store.get())).toBe('chef@site.example');
    expect(recipientFor('local-it', '', await store.get())).toBe('it@site.example, fw@site.example');
  });
});

describe('recipient lines and the reflector', () => {
  it('keeps every address of a line, separated by commas or semicolons, and names what is not one', () => {
    expect(parseRecipients('a@example.com; b@example.com,c@example.com ')).toEqual({ addresses: ['a@example.com', 'b@example.com', 'c@example.com'], invalid: [] });
    expect(parseRecipients('a@example.com, Max Muster')).toEqual({ addresses: ['a@example.com'], invalid: ['Max Muster'] });
    expect(parseRecipients('')).toEqual({ addresses: [], invalid: [] });
  });

  it('reads HOST:PORT for the reflector, IPv6 in brackets, and refuses anything else', () => {
    expect(parseReflector('reflector.partner.de:3478')).toEqual({ host: 'reflector.partner.de', port: 3478 });
    expect(parseReflector('[2001:db8::1]:3478')).toEqual({ host: '2001:db8::1', port: 3478 });
    expect(parseReflector('192.0.2.1:5060')).toEqual({ host: '192.0.2.1', port: 5060 });
    for (const bad of ['reflector.partner.de', 'reflector:0', 'reflector:70000', 'http://r.de:3478', 'r.de:34 78', ':3478']) expect(parseReflector(bad), bad).toBeNull();
  });
});
