import { describe, it, expect } from 'vitest';
import { AREAS } from '../../shared/checklists/areas.js';
import { mayReport } from '../../shared/triage/evaluate.js';
import type { ReportServiceType, ReporterRoleType } from '../../shared/model/case.js';
import { TELEPHONY_PRECHECKS_PASSED, end, triage, type WalkType } from './fixtures/triage-walk.js';

/**
 * The guide (seed, top): only STARFACE partners report Clouds and other STARFACE services
 * (Partner-Portal, Cloud-Management, Push-Server, infrastructure); end customers may also report
 * STARFACE Connect and STARFACE DSL.
 */

/** One walk to each report verdict the guide allows, with the service it reports. */
const REPORT_WALKS: Array<{ name: string; scenarioId: string; walk: WalkType; service: ReportServiceType; verdict: string }> = [
  { name: 'Cloud not started, restarted via portal', scenarioId: 'cloud-not-started', walk: [['config-change', 'no'], ['started-via-portal', 'yes']], service: 'cloud', verdict: 'report-cloud' },
  {
    name: 'Cloud web UI unreachable everywhere',
    scenarioId: 'cloud-web-ui',
    walk: [['config-change', 'no'], ['fault-or-request', 'no'], ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'no']],
    service: 'cloud',
    verdict: 'report-cloud',
  },
  {
    name: 'Cloud phones unregistered, NAT and firewall fine',
    scenarioId: 'cloud-phones-unregistered',
    walk: [['config-change', 'no'], ['unreachable-lagged', 'yes'], ['nat-timeout', 'yes'], ['network-firewall', 'yes']],
    service: 'cloud',
    verdict: 'report-cloud',
  },
  {
    name: 'Connect line, other trunk fails, PBX is a Cloud',
    scenarioId: 'connect-no-calls',
    walk: [...TELEPHONY_PRECHECKS_PASSED, ['connect-trunk-test', 'no'], ['pbx-is-cloud', 'yes']],
    service: 'cloud',
    verdict: 'report-cloud',
  },
  {
    name: 'Partner-Portal unreachable everywhere',
    scenarioId: 'other-partner-portal',
    walk: [['config-change', 'no'], ['fault-or-request', 'no'], ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'no']],
    service: 'other',
    verdict: 'report-partner-portal',
  },
  { name: 'Push server, firewall fine', scenarioId: 'other-push-iphone', walk: [['config-change', 'no'], ['fault-or-request', 'no'], ['network-firewall', 'yes']], service: 'other', verdict: 'report-push-server' },
  {
    name: 'Connect SIP debug full of error codes',
    scenarioId: 'connect-sip-debug',
    walk: [['config-change', 'no'], ['fault-or-request', 'no'], ['sip-debug-200ok', 'yes'], ['error-codes', 'yes']],
    service: 'connect',
    verdict: 'report-connect',
  },
  {
    name: 'Kunden-Center unreachable everywhere',
    scenarioId: 'connect-kunden-center',
    walk: [['config-change', 'no'], ['fault-or-request', 'no'], ['url-correct', 'yes'], ['after-cache-clear', 'no'], ['other-site', 'no']],
    service: 'connect',
    verdict: 'report-connect',
  },
  {
    name: 'Connect line works with another trunk, limit not reached',
    scenarioId: 'connect-no-calls',
    walk: [...TELEPHONY_PRECHECKS_PASSED, ['connect-trunk-test', 'yes'], ['daily-limit', 'no']],
    service: 'connect',
    verdict: 'report-connect',
  },
  {
    name: 'Appliance on a Connect line, limit not reached',
    scenarioId: 'appliance-no-calls',
    walk: [...TELEPHONY_PRECHECKS_PASSED, ['uses-connect', 'yes'], ['connect-trunk-test', 'yes'], ['daily-limit', 'no']],
    service: 'connect',
    verdict: 'report-connect',
  },
  { name: 'DSL LED stays off after restart, FRITZ!Box per guide', scenarioId: 'dsl-no-internet', walk: [['config-change', 'no'], ['dsl-led-steady', 'no'], ['led-after-restart', 'no'], ['fritzbox-config', 'yes']], service: 'dsl', verdict: 'report-dsl' },
  {
    name: 'DSL synced, FRITZ!Box per guide',
    scenarioId: 'dsl-no-internet',
    walk: [['config-change', 'no'], ['dsl-led-steady', 'yes'], ['fritzbox-config', 'yes']],
    service: 'dsl',
    verdict: 'report-dsl',
  },
];

describe('mayReport', () => {
  it.each([
    ['partner', 'cloud', true],
    ['partner', 'connect', true],
    ['partner', 'dsl', true],
    ['partner', 'other', true],
    ['customer', 'cloud', false],
    ['customer', 'connect', true],
    ['customer', 'dsl', true],
    ['customer', 'other', false],
  ] as const)('%s reporting %s → %s', (role, service, allowed) => {
    expect(mayReport(role, service)).toBe(allowed);
  });
});

describe('an end customer reaching a Cloud or other-service report', () => {
  it.each(REPORT_WALKS.filter((w) => w.service === 'cloud' || w.service === 'other'))('$name → partner-only, call the partner', ({ scenarioId, walk, verdict, service }) => {
    const t = triage(scenarioId, 'customer', walk);
    expect(end(t)).toMatchObject({ verdict, kind: 'partner-only', contact: 'partner' });
    // It is still a STARFACE fault of that service: the partner reports it.
    expect(t.verdict.service).toBe(service);
    expect(t.verdict.headline).toEqual({
      de: 'STARFACE-Störung – Meldung nur durch den betreuenden STARFACE-Partner',
      en: 'STARFACE fault – only the STARFACE partner in charge can report it',
    });
    expect(t.verdict.nextSteps.map((n) => n.de).join(' ')).toContain('STARFACE-Partner informieren');
    expect(t.verdict.nextSteps.map((n) => n.de).join(' ')).not.toContain('Störungshotline anrufen');
  });
});

describe('an end customer reaching a Connect or DSL report', () => {
  it.each(REPORT_WALKS.filter((w) => w.service === 'connect' || w.service === 'dsl'))('$name → report it', ({ scenarioId, walk, verdict }) => {
    const t = triage(scenarioId, 'customer', walk);
    expect(end(t)).toMatchObject({ verdict, kind: 'report' });
    expect(t.verdict.contact).not.toBe('partner');
  });

  it('a customer whose Cloud telephony fails on a Connect line that works elsewhere reports the Connect fault', () => {
    const t = triage('cloud-no-calls', 'customer', [['config-change', 'no'], ['provider-outage', 'no'], ...TELEPHONY_PRECHECKS_PASSED.slice(1), ['uses-connect', 'yes'], ['connect-trunk-test', 'yes'], ['daily-limit', 'no']]);
    expect(end(t)).toMatchObject({ verdict: 'report-connect', kind: 'report', contact: 'connect-team' });
  });
});

describe('partners', () => {
  it.each(REPORT_WALKS)('always report: $name', ({ scenarioId, walk, verdict }) => {
    const t = triage(scenarioId, 'partner', walk);
    expect(end(t)).toMatchObject({ verdict, kind: 'report' });
    expect(t.verdict.headline.de).toMatch(/^STARFACE-Störung: /);
  });
});

describe('the rule touches only reports', () => {
  it.each([
    ['cloud-web-ui', [['config-change', 'no'], ['fault-or-request', 'no'], ['url-correct', 'no']], 'not-wrong-url', 'none'],
    ['cloud-phones-unregistered', [['config-change', 'no'], ['unreachable-lagged', 'yes'], ['nat-timeout', 'no']], 'not-nat-timeout', 'local-it'],
    ['other-push-iphone', [['config-change', 'no'], ['fault-or-request', 'no'], ['network-firewall', 'no']], 'not-local-network', 'local-it'],
    ['cloud-not-started', [['config-change', 'no'], ['started-via-portal', 'no']], 'not-start-cloud', 'partner'],
  ] as Array<[string, WalkType, string, string]>)('a customer on %s gets the exclusion %s unchanged', (scenarioId, walk, verdict, contact) => {
    for (const role of ['customer', 'partner'] as ReporterRoleType[]) {
      expect(end(triage(scenarioId, role, walk))).toMatchObject({ verdict, kind: 'not-hotline', contact });
    }
  });
});

describe('the intake offers the same rule', () => {
  it('Cloud and other services list partners only; Connect and DSL list partners and customers', () => {
    const reporters = Object.fromEntries(AREAS.map((a) => [a.id, [...a.reporters].sort()]));
    expect(reporters).toEqual({
      cloud: ['partner'],
      other: ['partner'],
      connect: ['customer', 'partner'],
      dsl: ['customer', 'partner'],
      appliance: ['customer', 'partner'],
    });
  });
});
