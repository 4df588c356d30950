import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { behaviourReason, natTypeSentences } from '../../shared/diagnostics/nat-explain.js';

/** The NAT-type reasons are English in the JSON; the German sentences must not carry English. */
describe('NAT behaviour reasons in German', () => {
  const source = readFileSync(new URL('../../electron/engine/nat/nat-type.ts', import.meta.url), 'utf8');
  const literals = [...source.matchAll(/(?:Reason(?:: | = )|const why = )'([^']+)'/g)].map((m) => m[1] ?? '');

  it('every reason the engine writes has a German text', () => {
    expect(literals.length).toBeGreaterThanOrEqual(4);
    for (const reason of literals) {
      const t = behaviourReason(reason);
      expect(t.en).toBe(reason);
      expect(t.de, reason).not.toBe(reason);
    }
  });

  it('a DNS failure reads in German, with the host name kept', () => {
    expect(behaviourReason('stun.example.com: not-found')).toEqual({ de: 'stun.example.com: Name nicht gefunden (DNS)', en: 'stun.example.com: name not found (DNS)' });
  });

  it('the sentence for a server without OTHER-ADDRESS is German throughout', () => {
    const why = 'the server has no second address (no OTHER-ADDRESS): only the public address can be known';
    const [, mapping] = natTypeSentences({ server: 'stun.example.com:3478', address: '192.0.2.1', publicAddress: '198.51.100.2:40000', mapping: 'unknown', mappingReason: why, filtering: 'unknown', filteringReason: why, portPreserving: true, payloadRewritten: false, otherAddress: null, local: { address: null, interface: null } } as never);
    expect(mapping?.de).toMatch(/kein OTHER-ADDRESS/);
    expect(mapping?.de).not.toMatch(/the server/);
  });
});
