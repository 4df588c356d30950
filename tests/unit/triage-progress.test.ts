import { describe, expect, it } from 'vitest';
import { findScenario } from '../../shared/checklists/scenarios.js';
import { maxRemainingSteps } from '../../shared/triage/evaluate.js';

function scenario(id: string) {
  const s = findScenario(id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
}

describe('progress: questions left on the path', () => {
  it('counts a linear checklist exactly', () => {
    expect(maxRemainingSteps(scenario('other-partner-portal'), 'config-change')).toBe(5);
    expect(maxRemainingSteps(scenario('other-partner-portal'), 'fault-or-request')).toBe(4);
    expect(maxRemainingSteps(scenario('other-partner-portal'), 'url-correct')).toBe(3);
    expect(maxRemainingSteps(scenario('other-partner-portal'), 'other-site')).toBe(1);
    expect(maxRemainingSteps(scenario('other-push-iphone'), 'config-change')).toBe(3);
    expect(maxRemainingSteps(scenario('other-push-iphone'), 'network-firewall')).toBe(1);
  });

  it('takes the longest branch where answers branch', () => {
    // config-change → unreachable-lagged → nat-timeout → network-firewall
    expect(maxRemainingSteps(scenario('cloud-phones-unregistered'), 'config-change')).toBe(4);
    // Cloud telephony: change, provider outage, 7 common steps, then uses-connect → Connect branch: trunk test → daily limit.
    expect(maxRemainingSteps(scenario('cloud-no-calls'), 'uses-connect')).toBe(3);
    expect(maxRemainingSteps(scenario('cloud-no-calls'), 'config-change')).toBe(12);
  });
});
