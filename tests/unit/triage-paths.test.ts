import { describe, it, expect } from 'vitest';
import type { VerdictIdType } from '../../shared/checklists/types.js';
import { evaluateTriage } from '../../shared/triage/evaluate.js';
import type { ReporterRoleType } from '../../shared/model/case.js';
import { TELEPHONY_PRECHECKS_PASSED, answersOf, end, ids, scenario, triage, type EndType, type WalkType } from './fixtures/triage-walk.js';

/**
 * Walks a scenario and checks that the answers were used exactly in the given order (no answer
 * skipped, none missing) and that the walk ended in a verdict. Returns the outcome to assert on.
 */
function reaches(scenarioId: string, walk: WalkType, role: ReporterRoleType = 'partner'): EndType {
  const e = end(triage(scenarioId, role, walk));
  expect(e.path, 'the path the answers took').toEqual(ids(walk));
  expect(e.current, 'a finished walk has no current step').toBeNull();
  return e;
}

const verdict = (id: VerdictIdType, kind: EndType['kind'], contact: string) => ({ verdict: id, kind, contact });

/** The first answer on every path where an own change can be the cause: there was none. */
const NO_CHANGE = ['config-change', 'no'] as const;
/** The second answer where the symptom can also be a login, a question or a set-up: it is a fault. */
const NO_REQUEST = ['fault-or-request', 'no'] as const;

/** Appliance/VM: the line is asked right after the change question (another provider ends the path there). */
const APPLIANCE_CONNECT_PASSED: WalkType = [NO_CHANGE, ['uses-connect', 'yes'], ...TELEPHONY_PRECHECKS_PASSED.slice(1)];

/**
 * The same walk with the telephony path's second question: an appliance/VM asks its line (Connect
 * here), a Cloud whether another provider reports an outage (none).
 */
function onLine(id: string, walk: WalkType): WalkType {
  const [first, ...rest] = walk;
  if (first?.[0] !== 'config-change' || first[1] === 'yes') return walk;
  if (id === 'appliance-no-calls') return [first, ['uses-connect', 'yes'], ...rest];
  if (id === 'cloud-no-calls') return [first, ['provider-outage', 'no'], ...rest];
  return walk;
}

/** Cloud: the prechecks passed, no provider outage reported. */
const CLOUD_PRECHECKS_PASSED = onLine('cloud-no-calls', TELEPHONY_PRECHECKS_PASSED);

describe.each([
  { id: 'cloud-no-calls', label: 'Cloud' },
  { id: 'appliance-no-calls', label: 'Appliance/VM' },
  { id: 'connect-no-calls', label: 'Connect' },
])('$label – no calls: the general telephony exclusions', ({ id }) => {
  it('a change, installation or update right before the outage → configuration, not a hotline case (Clouds too)', () => {
    expect(reaches(id, onLine(id, [['config-change', 'yes']]))).toMatchObject(verdict('not-config-change', 'not-hotline', 'partner'));
  });

  it('line or numbers misconfigured → correct the PBX configuration', () => {
    expect(reaches(id, onLine(id, [['config-change', 'no'], ['line-registered', 'yes'], ['line-config', 'no']]))).toMatchObject(
      verdict('not-local-config', 'not-hotline', 'partner'),
    );
  });

  it('numbers not assigned to a user or group → correct the PBX configuration', () => {
    expect(
      reaches(id, onLine(id, [['config-change', 'no'], ['line-registered', 'yes'], ['line-config', 'yes'], ['numbers-assigned', 'no']])),
    ).toMatchObject(verdict('not-local-config', 'not-hotline', 'partner'));
  });

  it('a redirect or iFMC is configured → correct the PBX configuration', () => {
    expect(
      reaches(id, onLine(id, [['config-change', 'no'], ['line-registered', 'yes'], ['line-config', 'yes'], ['numbers-assigned', 'yes'], ['redirect-ifmc', 'yes']])),
    ).toMatchObject(verdict('not-local-config', 'not-hotline', 'partner'));
  });

  it('network or firewall settings wrong → local network, call the site’s IT', () => {
    expect(
      reaches(id, onLine(id, [
        ['config-change', 'no'],
        ['line-registered', 'yes'],
        ['line-config', 'yes'],
        ['numbers-assigned', 'yes'],
        ['redirect-ifmc', 'no'],
        ['network-firewall', 'no'],
      ])),
    ).toMatchObject(verdict('not-local-network', 'not-hotline', 'local-it'));
  });

  it('the problem is gone after restarting the PBX → resolved, nobody to call', () => {
    expect(
      reaches(id, onLine(id, [...TELEPHONY_PRECHECKS_PASSED.slice(0, 6), ['restart-changes', 'yes'], ['still-persists', 'no']])),
    ).toMatchObject(verdict('not-resolved', 'not-hotline', 'none'));
  });

  it('an unregistered line is information, not a verdict: the checks go on to the line configuration', () => {
    const t = triage(id, 'partner', onLine(id, [['config-change', 'no'], ['line-registered', 'no']]));
    expect(end(t)).toMatchObject({ kind: 'pending', current: 'line-config' });
  });

  it('whether the restart changed the fault pattern is information: both answers go on to "still persists?"', () => {
    for (const answer of ['yes', 'no'] as const) {
      const t = triage(id, 'partner', onLine(id, [...TELEPHONY_PRECHECKS_PASSED.slice(0, 6), ['restart-changes', answer]]));
      expect(end(t)).toMatchObject({ kind: 'pending', current: 'still-persists' });
    }
  });
});

describe('Cloud – no calls', () => {
  it('other provider, calls work with a test STARFACE Connect → the provider’s line: report it to the provider', () => {
    expect(reaches('cloud-no-calls', [...CLOUD_PRECHECKS_PASSED, ['uses-connect', 'no'], ['connect-test', 'yes']])).toMatchObject(
      verdict('not-provider', 'not-hotline', 'provider'),
    );
  });

  it('other provider, no calls with a test STARFACE Connect either → Cloud fault for the hotline', () => {
    expect(reaches('cloud-no-calls', [...CLOUD_PRECHECKS_PASSED, ['uses-connect', 'no'], ['connect-test', 'no']])).toMatchObject(
      verdict('report-cloud', 'report', 'hotline'),
    );
  });

  it('Connect line, another trunk works, daily limit reached → raise the limit in the Kunden-Center, not a hotline case', () => {
    expect(
      reaches('cloud-no-calls', [...CLOUD_PRECHECKS_PASSED, ['uses-connect', 'yes'], ['connect-trunk-test', 'yes'], ['daily-limit', 'yes']]),
    ).toMatchObject(verdict('not-daily-limit', 'not-hotline', 'partner'));
  });

  it('Connect line, another trunk works, daily limit not reached → Connect fault: Connect team or hotline', () => {
    expect(
      reaches('cloud-no-calls', [...CLOUD_PRECHECKS_PASSED, ['uses-connect', 'yes'], ['connect-trunk-test', 'yes'], ['daily-limit', 'no']]),
    ).toMatchObject(verdict('report-connect', 'report', 'connect-team'));
  });

  it('Connect line, another provider’s trunk fails too → the Cloud itself is at fault: report the Cloud', () => {
    expect(
      reaches('cloud-no-calls', [...CLOUD_PRECHECKS_PASSED, ['uses-connect', 'yes'], ['connect-trunk-test', 'no']]),
    ).toMatchObject(verdict('report-cloud', 'report', 'hotline'));
  });
});

describe('Appliance/VM – no calls', () => {
  it('another provider’s line on an own appliance/VM ends on the second answer: no STARFACE service is involved', () => {
    const e = reaches('appliance-no-calls', [NO_CHANGE, ['uses-connect', 'no']]);
    expect(e).toMatchObject(verdict('not-own-pbx-other-line', 'not-hotline', 'support-ticket'));
  });

  it('the line is asked right after the change question, before the local checks', () => {
    expect(scenario('appliance-no-calls').steps.slice(0, 2).map((s) => s.id)).toEqual(['config-change', 'uses-connect']);
    expect(scenario('appliance-no-calls').steps.map((s) => s.id)).not.toContain('connect-test');
  });

  it('Connect line, another trunk works, daily limit reached → daily limit, not a hotline case', () => {
    expect(
      reaches('appliance-no-calls', [...APPLIANCE_CONNECT_PASSED, ['connect-trunk-test', 'yes'], ['daily-limit', 'yes']]),
    ).toMatchObject(verdict('not-daily-limit', 'not-hotline', 'partner'));
  });

  it('Connect line, another trunk works, daily limit not reached → Connect fault', () => {
    expect(
      reaches('appliance-no-calls', [...APPLIANCE_CONNECT_PASSED, ['connect-trunk-test', 'yes'], ['daily-limit', 'no']]),
    ).toMatchObject(verdict('report-connect', 'report', 'connect-team'));
  });

  it('Connect line, another provider’s trunk fails too → the appliance/VM: own infrastructure, never a Cloud report', () => {
    expect(
      reaches('appliance-no-calls', [...APPLIANCE_CONNECT_PASSED, ['connect-trunk-test', 'no']]),
    ).toMatchObject(verdict('not-own-infrastructure', 'not-hotline', 'support-ticket'));
  });
});

describe('Connect – no calls', () => {
  it('goes straight to the other-trunk test: the line is Connect, so there is no "test with Connect" and no provider verdict', () => {
    const stepIds = scenario('connect-no-calls').steps.map((s) => s.id);
    expect(stepIds).not.toContain('uses-connect');
    expect(stepIds).not.toContain('connect-test');
    expect(end(triage('connect-no-calls', 'partner', TELEPHONY_PRECHECKS_PASSED))).toMatchObject({ kind: 'pending', current: 'connect-trunk-test' });
  });

  it('another trunk works, daily limit reached → daily limit, not a hotline case', () => {
    expect(reaches('connect-no-calls', [...TELEPHONY_PRECHECKS_PASSED, ['connect-trunk-test', 'yes'], ['daily-limit', 'yes']])).toMatchObject(
      verdict('not-daily-limit', 'not-hotline', 'partner'),
    );
  });

  it('another trunk works, daily limit not reached → Connect fault: Connect team or hotline', () => {
    expect(reaches('connect-no-calls', [...TELEPHONY_PRECHECKS_PASSED, ['connect-trunk-test', 'yes'], ['daily-limit', 'no']])).toMatchObject(
      verdict('report-connect', 'report', 'connect-team'),
    );
  });

  it('another trunk fails too and the PBX is a STARFACE Cloud → report the Cloud', () => {
    expect(reaches('connect-no-calls', [...TELEPHONY_PRECHECKS_PASSED, ['connect-trunk-test', 'no'], ['pbx-is-cloud', 'yes']])).toMatchObject(
      verdict('report-cloud', 'report', 'hotline'),
    );
  });

  it('another trunk fails too and the PBX is an appliance/VM → own infrastructure, not the hotline', () => {
    expect(reaches('connect-no-calls', [...TELEPHONY_PRECHECKS_PASSED, ['connect-trunk-test', 'no'], ['pbx-is-cloud', 'no']])).toMatchObject(
      verdict('not-own-infrastructure', 'not-hotline', 'support-ticket'),
    );
  });

  it('when the other trunk fails it asks whether the PBX is a Cloud before deciding', () => {
    expect(end(triage('connect-no-calls', 'partner', [...TELEPHONY_PRECHECKS_PASSED, ['connect-trunk-test', 'no']]))).toMatchObject({
      kind: 'pending',
      current: 'pbx-is-cloud',
    });
  });
});

describe('Cloud – web interface not reachable', () => {
  it('wrong URL typed → no fault, use the right address', () => {
    expect(reaches('cloud-web-ui', [NO_CHANGE, NO_REQUEST, ['url-correct', 'no']])).toMatchObject(verdict('not-wrong-url', 'not-hotline', 'none'));
  });

  it('reachable after clearing browser and DNS cache → resolved', () => {
    expect(reaches('cloud-web-ui', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'yes']])).toMatchObject(
      verdict('not-resolved', 'not-hotline', 'none'),
    );
  });

  it('reachable from another site and this site’s IP is on the blacklist → blacklist, not a hotline case', () => {
    expect(
      reaches('cloud-web-ui', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'yes'], ['blacklist', 'yes']]),
    ).toMatchObject(verdict('not-blacklist', 'not-hotline', 'partner'));
  });

  it('reachable from another site, not blacklisted → the site’s own network', () => {
    expect(
      reaches('cloud-web-ui', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'yes'], ['blacklist', 'no']]),
    ).toMatchObject(verdict('not-local-network', 'not-hotline', 'local-it'));
  });

  it('unreachable from everywhere, mobile network included → report the Cloud', () => {
    expect(reaches('cloud-web-ui', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'no']])).toMatchObject(
      verdict('report-cloud', 'report', 'hotline'),
    );
  });
});

describe('Cloud – phones unregistered and unreachable', () => {
  it('a change to the PBX right before → configuration, not a hotline case', () => {
    expect(reaches('cloud-phones-unregistered', [['config-change', 'yes']])).toMatchObject(verdict('not-config-change', 'not-hotline', 'partner'));
  });

  it('UNREACHABLE in the PBX log and NAT timeout under 61 min → NAT problem, not a hotline case', () => {
    expect(
      reaches('cloud-phones-unregistered', [['config-change', 'no'], ['unreachable-lagged', 'yes'], ['nat-timeout', 'no']]),
    ).toMatchObject(verdict('not-nat-timeout', 'not-hotline', 'local-it'));
  });

  it('UNREACHABLE in the log, NAT timeout ≥ 61 min, network and firewall correct → report the Cloud', () => {
    expect(
      reaches('cloud-phones-unregistered', [
        ['config-change', 'no'],
        ['unreachable-lagged', 'yes'],
        ['nat-timeout', 'yes'],
        ['network-firewall', 'yes'],
      ]),
    ).toMatchObject(verdict('report-cloud', 'report', 'hotline'));
  });

  it('UNREACHABLE in the log, NAT timeout ≥ 61 min, but network/firewall wrong → local network', () => {
    expect(
      reaches('cloud-phones-unregistered', [
        ['config-change', 'no'],
        ['unreachable-lagged', 'yes'],
        ['nat-timeout', 'yes'],
        ['network-firewall', 'no'],
      ]),
    ).toMatchObject(verdict('not-local-network', 'not-hotline', 'local-it'));
  });

  it('no UNREACHABLE/LAGGED in the log skips the NAT question; network and firewall correct → report the Cloud', () => {
    expect(
      reaches('cloud-phones-unregistered', [['config-change', 'no'], ['unreachable-lagged', 'no'], ['network-firewall', 'yes']]),
    ).toMatchObject(verdict('report-cloud', 'report', 'hotline'));
  });

  it('no UNREACHABLE/LAGGED in the log, network/firewall wrong → local network', () => {
    expect(
      reaches('cloud-phones-unregistered', [['config-change', 'no'], ['unreachable-lagged', 'no'], ['network-firewall', 'no']]),
    ).toMatchObject(verdict('not-local-network', 'not-hotline', 'local-it'));
  });
});

describe('Cloud – not started or not responding', () => {
  it('(re)started via the Partner-Portal and still dead → report the Cloud', () => {
    expect(reaches('cloud-not-started', [NO_CHANGE, ['started-via-portal', 'yes']])).toMatchObject(verdict('report-cloud', 'report', 'hotline'));
  });

  it('not yet started via the Partner-Portal → start it there first, not a fault yet', () => {
    expect(reaches('cloud-not-started', [NO_CHANGE, ['started-via-portal', 'no']])).toMatchObject(verdict('not-start-cloud', 'not-hotline', 'partner'));
  });
});

describe('Connect – SIP debug in the Connect portal', () => {
  it('regular 200 OK and error codes 404/480/500/503 very frequent → Connect fault', () => {
    expect(reaches('connect-sip-debug', [NO_CHANGE, NO_REQUEST, ['sip-debug-200ok', 'yes'], ['error-codes', 'yes']])).toMatchObject(
      verdict('report-connect', 'report', 'connect-team'),
    );
  });

  it('regular 200 OK and no pile-up of error codes → no fault visible: support ticket, not the hotline', () => {
    expect(reaches('connect-sip-debug', [NO_CHANGE, NO_REQUEST, ['sip-debug-200ok', 'yes'], ['error-codes', 'no']])).toMatchObject(
      verdict('not-general-request', 'not-hotline', 'support-ticket'),
    );
  });

  it('no regular 200 OK but network and firewall correct → Connect fault', () => {
    expect(reaches('connect-sip-debug', [NO_CHANGE, NO_REQUEST, ['sip-debug-200ok', 'no'], ['network-firewall', 'yes']])).toMatchObject(
      verdict('report-connect', 'report', 'connect-team'),
    );
  });

  it('no regular 200 OK and network/firewall wrong → local network', () => {
    expect(reaches('connect-sip-debug', [NO_CHANGE, NO_REQUEST, ['sip-debug-200ok', 'no'], ['network-firewall', 'no']])).toMatchObject(
      verdict('not-local-network', 'not-hotline', 'local-it'),
    );
  });
});

describe('Connect – Kunden-Center cannot be opened', () => {
  it('wrong URL → no fault', () => {
    expect(reaches('connect-kunden-center', [NO_CHANGE, NO_REQUEST, ['url-correct', 'no']])).toMatchObject(verdict('not-wrong-url', 'not-hotline', 'none'));
  });

  it('works after clearing the caches → resolved', () => {
    expect(reaches('connect-kunden-center', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'yes']])).toMatchObject(
      verdict('not-resolved', 'not-hotline', 'none'),
    );
  });

  it('reachable from another site → the site’s network', () => {
    expect(reaches('connect-kunden-center', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'yes']])).toMatchObject(
      verdict('not-local-network', 'not-hotline', 'local-it'),
    );
  });

  it('unreachable from everywhere → Connect fault', () => {
    expect(reaches('connect-kunden-center', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'no']])).toMatchObject(
      verdict('report-connect', 'report', 'connect-team'),
    );
  });
});

describe('DSL – no internet connection', () => {
  it('DSL LED steady and FRITZ!Box set up per STARFACE_DSL_Fritzbox_7530 → DSL fault', () => {
    expect(reaches('dsl-no-internet', [NO_CHANGE, ['dsl-led-steady', 'yes'], ['fritzbox-config', 'yes']])).toMatchObject(
      verdict('report-dsl', 'report', 'hotline'),
    );
  });

  it('DSL LED steady but FRITZ!Box deviates from the guide → correct the configuration', () => {
    expect(reaches('dsl-no-internet', [NO_CHANGE, ['dsl-led-steady', 'yes'], ['fritzbox-config', 'no']])).toMatchObject(
      verdict('not-local-config', 'not-hotline', 'partner'),
    );
  });

  it('DSL LED not steady and unchanged after a router restart: the FRITZ!Box set-up is checked before reporting', () => {
    const pending = triage('dsl-no-internet', 'partner', [NO_CHANGE, ['dsl-led-steady', 'no'], ['led-after-restart', 'no']]);
    expect(pending.verdict.kind).toBe('pending');
    expect(pending.current?.id).toBe('fritzbox-config');
    expect(reaches('dsl-no-internet', [NO_CHANGE, ['dsl-led-steady', 'no'], ['led-after-restart', 'no'], ['fritzbox-config', 'yes']])).toMatchObject(
      verdict('report-dsl', 'report', 'hotline'),
    );
    expect(reaches('dsl-no-internet', [NO_CHANGE, ['dsl-led-steady', 'no'], ['led-after-restart', 'no'], ['fritzbox-config', 'no']])).toMatchObject(
      verdict('not-local-config', 'not-hotline', 'partner'),
    );
  });

  it('LED changes after the restart and the internet is back → resolved', () => {
    expect(reaches('dsl-no-internet', [NO_CHANGE, ['dsl-led-steady', 'no'], ['led-after-restart', 'yes'], ['dsl-still-down', 'no']])).toMatchObject(
      verdict('not-resolved', 'not-hotline', 'none'),
    );
  });

  it('LED changes after the restart, still no internet, FRITZ!Box per the guide → DSL fault', () => {
    expect(
      reaches('dsl-no-internet', [NO_CHANGE, ['dsl-led-steady', 'no'], ['led-after-restart', 'yes'], ['dsl-still-down', 'yes'], ['fritzbox-config', 'yes']]),
    ).toMatchObject(verdict('report-dsl', 'report', 'hotline'));
  });

  it('LED changes after the restart, still no internet, FRITZ!Box misconfigured → correct the configuration', () => {
    expect(
      reaches('dsl-no-internet', [NO_CHANGE, ['dsl-led-steady', 'no'], ['led-after-restart', 'yes'], ['dsl-still-down', 'yes'], ['fritzbox-config', 'no']]),
    ).toMatchObject(verdict('not-local-config', 'not-hotline', 'partner'));
  });
});

describe('DSL – no LEDs on the FRITZ!Box', () => {
  it('LEDs come back after 30 s off the mains and the internet is back → resolved', () => {
    expect(reaches('dsl-no-leds', [['leds-after-power-cycle', 'yes'], NO_CHANGE, ['internet-after-power-cycle', 'yes']])).toMatchObject(
      verdict('not-resolved', 'not-hotline', 'none'),
    );
  });

  it('LEDs come back but still no internet → continues with the DSL checks down to a DSL fault', () => {
    const walk: WalkType = [['leds-after-power-cycle', 'yes'], NO_CHANGE, ['internet-after-power-cycle', 'no']];
    expect(triage('dsl-no-leds', 'partner', walk).current?.id).toBe('dsl-led-steady');
    expect(reaches('dsl-no-leds', [...walk, ['dsl-led-steady', 'yes'], ['fritzbox-config', 'yes']])).toMatchObject(verdict('report-dsl', 'report', 'hotline'));
  });

  it('still dark after 30 s off the mains → faulty hardware, dealer, not the hotline', () => {
    expect(reaches('dsl-no-leds', [['leds-after-power-cycle', 'no']])).toMatchObject(verdict('not-hardware', 'not-hotline', 'dealer'));
  });
});

describe('Other services – Partner-Portal not reachable', () => {
  it('wrong URL → no fault', () => {
    expect(reaches('other-partner-portal', [NO_CHANGE, NO_REQUEST, ['url-correct', 'no']])).toMatchObject(verdict('not-wrong-url', 'not-hotline', 'none'));
  });

  it('works after clearing the caches → resolved', () => {
    expect(reaches('other-partner-portal', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'yes']])).toMatchObject(
      verdict('not-resolved', 'not-hotline', 'none'),
    );
  });

  it('reachable from another site → the site’s network', () => {
    expect(reaches('other-partner-portal', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'yes']])).toMatchObject(
      verdict('not-local-network', 'not-hotline', 'local-it'),
    );
  });

  it('unreachable from everywhere → Partner-Portal fault, reported as "Sonstiges: Partner-Portal"', () => {
    const t = triage('other-partner-portal', 'partner', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'no']]);
    expect(end(t)).toMatchObject(verdict('report-partner-portal', 'report', 'hotline'));
    expect(t.verdict.service).toBe('other');
    expect(t.verdict.serviceOther).toEqual({ de: 'Partner-Portal', en: 'Partner-Portal' });
  });
});

describe('Other services – no calls on an iPhone (push server)', () => {
  it('network and firewall correct → push server fault, reported as "Sonstiges: Push-Server"', () => {
    const t = triage('other-push-iphone', 'partner', [NO_CHANGE, NO_REQUEST, ['network-firewall', 'yes']]);
    expect(end(t)).toMatchObject(verdict('report-push-server', 'report', 'hotline'));
    expect(t.verdict.service).toBe('other');
    expect(t.verdict.serviceOther?.de).toBe('Push-Server (iPhone)');
  });

  it('network or firewall wrong → local network', () => {
    expect(reaches('other-push-iphone', [NO_CHANGE, NO_REQUEST, ['network-firewall', 'no']])).toMatchObject(verdict('not-local-network', 'not-hotline', 'local-it'));
  });
});

describe('the guide’s provider and general-request exclusions, asked second', () => {
  it('Cloud – no calls: another provider reports an outage of its line → the provider, on the second answer', () => {
    const e = reaches('cloud-no-calls', [NO_CHANGE, ['provider-outage', 'yes']]);
    expect(e).toMatchObject(verdict('not-provider', 'not-hotline', 'provider'));
  });

  it('Cloud – no calls: "Nicht geprüft" on the provider question goes on to the local checks, as "no" does', () => {
    expect(end(triage('cloud-no-calls', 'partner', [NO_CHANGE, ['provider-outage', 'unchecked']]))).toMatchObject({ kind: 'pending', current: 'line-registered' });
  });

  it.each(['cloud-web-ui', 'connect-kunden-center', 'other-partner-portal'])('%s: the page opens and only the login fails → a support request, not the hotline', (id) => {
    const t = triage(id, 'partner', [NO_CHANGE, ['fault-or-request', 'yes']]);
    expect(end(t)).toMatchObject(verdict('not-general-request', 'not-hotline', 'support-ticket'));
    expect(t.verdict.reasons.map((r) => r.de)).toContain('Die Seite öffnet sich; nur die Anmeldung gelingt nicht – eine Support-Anfrage.');
  });

  it('Connect – SIP debug looked at as a precaution or for a question, no calls disturbed → a support request', () => {
    expect(reaches('connect-sip-debug', [NO_CHANGE, ['fault-or-request', 'yes']])).toMatchObject(verdict('not-general-request', 'not-hotline', 'support-ticket'));
  });

  it('push server: an iPhone that never received calls (newly set up) → a set-up question, a support ticket', () => {
    expect(reaches('other-push-iphone', [NO_CHANGE, ['fault-or-request', 'yes']])).toMatchObject(verdict('not-general-request', 'not-hotline', 'support-ticket'));
  });

  it('the request question is asked second only where the symptom can be a login, a question or a set-up', () => {
    const withRequest = ['cloud-web-ui', 'connect-sip-debug', 'connect-kunden-center', 'other-partner-portal', 'other-push-iphone'];
    for (const id of withRequest) expect(scenario(id).steps.slice(0, 2).map((s) => s.id), id).toEqual(['config-change', 'fault-or-request']);
    for (const id of ['cloud-no-calls', 'appliance-no-calls', 'connect-no-calls', 'cloud-not-started', 'cloud-phones-unregistered', 'dsl-no-internet', 'dsl-no-leds']) {
      expect(scenario(id).steps.map((s) => s.id), id).not.toContain('fault-or-request');
    }
    expect(scenario('cloud-no-calls').steps.slice(0, 2).map((s) => s.id)).toEqual(['config-change', 'provider-outage']);
    expect(scenario('connect-no-calls').steps.map((s) => s.id)).not.toContain('provider-outage');
  });
});

describe('how answers drive the walk', () => {
  it('"Nicht geprüft" on a non-decisive step follows the answer that keeps a fault possible and lists the step as an open check', () => {
    const t = triage('cloud-no-calls', 'partner', [
      ['config-change', 'unchecked'],
      ...CLOUD_PRECHECKS_PASSED.slice(1, 6),
      ['network-firewall', 'unchecked'],
      ...CLOUD_PRECHECKS_PASSED.slice(7),
      ['uses-connect', 'no'],
      ['connect-test', 'no'],
    ]);
    expect(end(t)).toMatchObject(verdict('report-cloud', 'report', 'hotline'));
    expect(t.verdict.openChecks.map((s) => s.id)).toEqual(['config-change', 'network-firewall']);
    expect(t.path.filter((p) => p.open).map((p) => p.step.id)).toEqual(['config-change', 'network-firewall']);
  });

  it('"Nicht geprüft" on an informational step (either answer leads on) continues without deciding anything', () => {
    const t = triage('cloud-no-calls', 'partner', [['config-change', 'no'], ['provider-outage', 'no'], ['line-registered', 'unchecked']]);
    expect(end(t)).toMatchObject({ kind: 'pending', current: 'line-config' });
    expect(t.verdict.openChecks.map((s) => s.id)).toEqual(['line-registered']);
  });

  it('an unchecked step gives no reason: reasons hold only what was actually answered', () => {
    const t = triage('cloud-phones-unregistered', 'partner', [
      ['config-change', 'unchecked'],
      ['unreachable-lagged', 'yes'],
      ['nat-timeout', 'no'],
    ]);
    expect(t.verdict.def?.id).toBe('not-nat-timeout');
    expect(t.verdict.reasons.map((r) => r.de)).toEqual([
      'Das PBX-Log zeigt UNREACHABLE/LAGGED für das Endgerät – in der Regel ein NAT-Problem.',
      'Das NAT-Timeout ist kürzer als 61 Minuten.',
    ]);
  });

  it('"Nicht geprüft" on a decisive step stops there: pending, current on that step, and the step is an open check', () => {
    const t = triage('cloud-web-ui', 'partner', [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'unchecked']]);
    expect(end(t)).toEqual({ verdict: null, kind: 'pending', contact: 'none', path: ['config-change', 'fault-or-request', 'url-correct', 'after-cache-clear', 'other-site'], current: 'other-site' });
    expect(t.verdict.openChecks.map((s) => s.id)).toEqual(['other-site']);
    expect(t.path.at(-1)?.open).toBe(true);
  });

  it('"Nicht geprüft" on the decisive "still persists?" does not report anything', () => {
    const t = triage('appliance-no-calls', 'partner', [...APPLIANCE_CONNECT_PASSED.slice(0, 8), ['still-persists', 'unchecked']]);
    expect(end(t)).toMatchObject({ verdict: null, kind: 'pending', current: 'still-persists' });
  });

  it('with no answers the first step is current', () => {
    const t = triage('cloud-web-ui', 'partner', []);
    expect(end(t)).toMatchObject({ kind: 'pending', current: 'config-change', path: ['config-change'] });
    expect(t.path[0]?.answer).toBeNull();
  });

  it('the first unanswered step on the path is current, even if later steps have answers', () => {
    const t = triage('cloud-no-calls', 'partner', [['config-change', 'no'], ['provider-outage', 'no'], ['line-config', 'yes'], ['numbers-assigned', 'yes']]);
    expect(end(t)).toMatchObject({ kind: 'pending', current: 'line-registered', path: ['config-change', 'provider-outage', 'line-registered'] });
  });

  it('changing an earlier answer re-evaluates: the answer on the branch no longer taken is ignored', () => {
    const walk: WalkType = [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'yes'], ['blacklist', 'yes']];
    expect(end(triage('cloud-web-ui', 'partner', walk)).verdict).toBe('not-blacklist');

    const changed: WalkType = [NO_CHANGE, NO_REQUEST, ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'no'], ['blacklist', 'yes']];
    const t = triage('cloud-web-ui', 'partner', changed);
    expect(end(t)).toMatchObject({ verdict: 'report-cloud', path: ['config-change', 'fault-or-request', 'url-correct', 'after-cache-clear', 'other-site'] });
    expect(t.verdict.reasons.map((r) => r.en)).not.toContain('The site’s address is blocked.');
  });

  it('changing the first answer to an exclusion ends the walk there, whatever came after', () => {
    const t = triage('cloud-no-calls', 'partner', [
      ['config-change', 'yes'],
      ...TELEPHONY_PRECHECKS_PASSED.slice(1),
      ['uses-connect', 'no'],
      ['connect-test', 'no'],
    ]);
    expect(end(t)).toMatchObject({ verdict: 'not-config-change', path: ['config-change'] });
  });

  it('an answer for the Connect branch does not count while the other-provider branch is taken', () => {
    const t = triage('cloud-no-calls', 'partner', [...CLOUD_PRECHECKS_PASSED, ['uses-connect', 'no'], ['connect-trunk-test', 'yes'], ['daily-limit', 'no']]);
    expect(end(t)).toMatchObject({ kind: 'pending', current: 'connect-test' });
  });
});

describe('incomplete intake is pending', () => {
  const answers = answersOf([['url-correct', 'no']]);

  it('no reporter role yet', () => {
    const t = evaluateTriage({ role: null, area: 'cloud', scenarioId: 'cloud-web-ui', answers });
    expect(end(t)).toEqual({ verdict: null, kind: 'pending', contact: 'none', path: [], current: null });
  });

  it('no service area yet', () => {
    const t = evaluateTriage({ role: 'partner', area: null, scenarioId: 'cloud-web-ui', answers });
    expect(end(t)).toMatchObject({ verdict: null, kind: 'pending', path: [] });
  });

  it('no scenario yet', () => {
    const t = evaluateTriage({ role: 'partner', area: 'cloud', scenarioId: null, answers });
    expect(end(t)).toMatchObject({ verdict: null, kind: 'pending', path: [] });
    expect(t.scenario).toBeNull();
  });

  it('an unknown scenario id', () => {
    const t = evaluateTriage({ role: 'partner', area: 'cloud', scenarioId: 'cloud-does-not-exist', answers });
    expect(end(t)).toMatchObject({ verdict: null, kind: 'pending', path: [] });
  });

  it('a scenario of another area (area changed after picking the scenario)', () => {
    const t = evaluateTriage({ role: 'partner', area: 'dsl', scenarioId: 'cloud-web-ui', answers });
    expect(end(t)).toMatchObject({ verdict: null, kind: 'pending', path: [], current: null });
  });

  it('says what is missing in both languages', () => {
    const t = evaluateTriage({ role: null, area: null, scenarioId: null, answers: {} });
    expect(t.verdict.headline.de).toBe('Noch offen: Melder, Dienst und Fehlerbild wählen');
    expect(t.verdict.headline.en).toBe('Still open: choose reporter, service and symptom');
  });
});
