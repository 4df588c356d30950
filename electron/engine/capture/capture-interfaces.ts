/**
 * The interfaces to capture on, with their addresses (the OS's list, plus what the backend lists
 * without an address, such as `any`), and which one reaches the PBX (the route the system would
 * take: net/local-network.ts routeTo).
 */
import { networkInterfaces } from 'node:os';
import type { CaptureInterfaceType, CaptureSetupType } from '../../../shared/capture/live-capture.js';
import { IfaceNameSchema } from '../../../shared/jobs/job-specs.js';
import { routeTo } from '../net/local-network.js';
import { backendStatus, chooseBackend, loadNodePcap } from './backends.js';
import { defaultCaptureFilter } from './capture-filter.js';

function literalAddress(host: string | null | undefined): string | null {
  return host && /^[0-9.]{7,15}$|^[0-9A-Fa-f:]{2,45}$/.test(host) ? host : null;
}

export async function captureInterfaces(pbx: string | null = null): Promise<CaptureInterfaceType[]> {
  const os = networkInterfaces();
  const names = new Set(Object.keys(os));
  for (const d of loadNodePcap().pcap?.findalldevs() ?? []) names.add(d.name);
  const address = literalAddress(pbx);
  const route = address === null ? null : await routeTo(address);
  // A name the capture job would refuse (a control character) is not offered; none is cut short.
  const usable = [...names].filter((name) => IfaceNameSchema.safeParse(name).success);
  return usable.slice(0, 64).map((name) => {
    const list = os[name] ?? [];
    return {
      name,
      addresses: list.slice(0, 32).map((a) => a.address.slice(0, 64)),
      loopback: list.some((a) => a.internal),
      reachesPbx: route?.interface === name,
    };
  });
}

export async function captureSetup(options: { pbx?: string | null; env?: NodeJS.ProcessEnv } = {}): Promise<CaptureSetupType> {
  const backends = await backendStatus({ env: options.env });
  return { backends, chosen: chooseBackend(backends), interfaces: await captureInterfaces(options.pbx ?? null), defaultFilter: defaultCaptureFilter({ pbx: literalAddress(options.pbx) }) };
}
