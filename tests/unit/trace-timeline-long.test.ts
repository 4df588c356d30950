import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../electron/engine/trace/trace-analyze.js';
import { MAX_TIMELINE } from '../../shared/trace/trace-limits.js';
import type { QualifyStateType } from '../../shared/trace/trace-result.js';
import { CaptureWriter, ip, udp } from './helpers/capture-writer.js';
import { prng } from './helpers/sip-traffic-model.js';

/**
 * A qualify timeline longer than half of MAX_TIMELINE: every probe while it is short, then every
 * change of state (a week of a steady phone stays a short list, and its bad hours are still in it).
 */

const T0 = 1_764_000_000e6;
const PBX = '192.0.2.10';
const PHONE = '10.0.0.20';

function sip(start: string, n: number): Buffer {
  const head = [start, `Via: SIP/2.0/UDP ${PBX}:5060;branch=z9hG4bKq${n}`, `From: <sip:pbx@${PBX}>;tag=q${n}`, `To: <sip:201@${PHONE}>`, `Call-ID: q${n}@${PBX}`, 'CSeq: 102 OPTIONS', 'Content-Length: 0', '', ''];
  return Buffer.from(head.join('\r\n'), 'latin1');
}

/** `probes` qualify probes 60 s apart with the given fates; returns the capture and what was sent. */
function qualifyCapture(fates: QualifyStateType[], seed: number): { file: Buffer; rtts: Array<number | null> } {
  const rnd = prng(seed);
  const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 101 });
  const rtts: Array<number | null> = [];
  fates.forEach((fate, n) => {
    const sent = T0 + n * 60e6;
    w.packet(sent, ip(PBX, PHONE, 17, udp(5060, 5060, sip(`OPTIONS sip:201@${PHONE}:5060 SIP/2.0`, n)), 2 * n + 1)[0]!);
    if (fate === 'unreachable') return void rtts.push(null);
    const rttUs = fate === 'lagged' ? 2_000_100 + Math.floor(rnd() * 20_000_000) : 100 + Math.floor(rnd() * 1_990_000);
    rtts.push(rttUs / 1000);
    w.packet(sent + rttUs, ip(PHONE, PBX, 17, udp(5060, 5060, sip('SIP/2.0 200 OK', n)), 2 * n + 2)[0]!);
  });
  return { file: w.toBuffer(), rtts };
}

describe('a long qualify timeline', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i: every probe up to half the bound, then each change of state, at the probe that changed it', async (seed) => {
    const rnd = prng(seed * 31);
    const probes = MAX_TIMELINE / 2 + 500 + Math.floor(rnd() * 4000);
    // Mostly OK with runs of LAGGED and UNREACHABLE, as a phone behind a flaky line.
    const fates: QualifyStateType[] = [];
    while (fates.length < probes) {
      const state: QualifyStateType = rnd() < 0.8 ? 'ok' : rnd() < 0.5 ? 'lagged' : 'unreachable';
      const run = 1 + Math.floor(rnd() * (state === 'ok' ? 200 : 12));
      for (let i = 0; i < run && fates.length < probes; i++) fates.push(state);
    }
    // The last probe answered, so that none is left undecided at the end.
    fates[fates.length - 1] = 'ok';
    const { file, rtts } = qualifyCapture(fates, seed);
    const r = await analyzeCapture([file]);
    const device = r.devices.find((d) => d.address === `${PHONE}:5060`)!;
    expect(device.qualify.ok + device.qualify.lagged + device.qualify.unreachable).toBe(probes);
    const expected: Array<{ time: number; state: QualifyStateType; rttMs: number | null }> = [];
    fates.forEach((state, n) => {
      const point = { time: (T0 + n * 60e6) / 1000, state, rttMs: rtts[n] === null ? null : Math.round(rtts[n]! * 10) / 10 };
      if (n < MAX_TIMELINE / 2 || state !== fates[n - 1]) expected.push(point);
    });
    expect(device.qualify.timeline).toEqual(expected.slice(0, MAX_TIMELINE));
  });
});
