import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../electron/engine/trace/trace-analyze.js';
import { TraceResultSchema, type TraceResultType } from '../../shared/trace/trace-result.js';
import type { WriterOptionsType } from './helpers/capture-writer.js';
import { generateTraffic, prng } from './helpers/sip-traffic-model.js';

/** Feeds a file in chunks of random size, as a stream would deliver it. */
async function* chunks(file: Buffer, seed: number): AsyncGenerator<Uint8Array> {
  const rnd = prng(seed * 7919);
  for (let at = 0; at < file.length; ) {
    const size = rnd() < 0.2 ? 1 + Math.floor(rnd() * 16) : 1 + Math.floor(rnd() * 65536);
    yield file.subarray(at, at + size);
    at += size;
  }
}

const FORMATS: WriterOptionsType['format'][] = ['pcap', 'pcap-ns', 'pcapng', 'fritzbox'];
const LINKS: WriterOptionsType['linkType'][] = [1, 113, 276, 101, 0];

function optionsFor(seed: number): WriterOptionsType {
  const rnd = prng(seed * 104729);
  const linkType = LINKS[Math.floor(rnd() * LINKS.length)] ?? 1;
  return { format: FORMATS[Math.floor(rnd() * FORMATS.length)] ?? 'pcap', bigEndian: rnd() < 0.5, linkType, vlanTags: linkType === 1 ? Math.floor(rnd() * 3) : 0, sectionEvery: rnd() < 0.5 ? 7 : undefined };
}

function summary(r: TraceResultType) {
  return {
    sipMessages: r.sipMessages,
    responseCodes: r.responseCodes,
    devices: Object.fromEntries(r.devices.filter((d) => d.qualify.ok + d.qualify.lagged + d.qualify.unreachable > 0).map((d) => [d.address, { ok: d.qualify.ok, lagged: d.qualify.lagged, unreachable: d.qualify.unreachable, transport: d.transport }])),
    registrations: Object.fromEntries(
      r.devices.filter((d) => d.registrations.requests > 0).map((d) => [d.address, { successes: d.registrations.successes, challenges: d.registrations.challenges, failures: d.registrations.failures, authLoops: d.registrations.authLoops }]),
    ),
    retransmittedRequests: r.retransmissions.requests,
    fragmentedSip: r.fragmentedSip,
  };
}

describe('generated traffic: what was sent is what the analysis reads', () => {
  const seeds = Array.from({ length: 150 }, (_, i) => i + 1);
  it.each(seeds)('seed %i (random format, byte order, link type, VLANs, IPv4/IPv6, TCP segmentation, fragments)', async (seed) => {
    const options = optionsFor(seed);
    const { file, expected } = generateTraffic(seed, options);
    const r = await analyzeCapture(chunks(file, seed));
    expect(TraceResultSchema.parse(r)).toEqual(r);
    const devices = Object.fromEntries(Object.entries(expected.devices).filter(([, d]) => d.ok + d.lagged + d.unreachable > 0));
    expect(summary(r)).toEqual({ ...expected, devices });
    expect(r.stoppedAt).toBeNull();
    expect(r.skipped.malformedSip).toBe(0);
    expect(r.warnings.filter((w) => /TCP|fragment/.test(w.en))).toEqual([]);
  });
});
