import { z } from 'zod';
import { PbxDeviceSchema, PbxLogResultSchema } from './pbx-log-result.js';
import { DeviceSchema, TraceResultSchema, type TraceResultType } from './trace-result.js';
import type { PbxLogResultType } from './pbx-log-result.js';
import { STORED_DEVICES, STORED_POINTS, thin } from './trace-limits.js';

/**
 * What a case keeps of a capture or PBX-log analysis: the same shapes, cut to what a case file can
 * carry (a case is at most 4 MiB): the 60 devices that matter most, 240 timeline points each.
 * The whole result can be had again from the attached file.
 */

export const StoredTraceSchema = TraceResultSchema.extend({
  devices: z.array(DeviceSchema.extend({ qualify: DeviceSchema.shape.qualify.extend({ timeline: DeviceSchema.shape.qualify.shape.timeline.max(STORED_POINTS) }) })).max(STORED_DEVICES),
  /** Devices in the file, when more than were kept. */
  devicesTotal: z.number().int().default(0),
});
export type StoredTraceType = z.infer<typeof StoredTraceSchema>;

export const StoredPbxLogSchema = PbxLogResultSchema.extend({
  devices: z.array(PbxDeviceSchema.extend({ timeline: PbxDeviceSchema.shape.timeline.max(STORED_POINTS) })).max(STORED_DEVICES),
  devicesTotal: z.number().int().default(0),
});
export type StoredPbxLogType = z.infer<typeof StoredPbxLogSchema>;

export function storedTrace(r: TraceResultType): StoredTraceType {
  const bad = (d: TraceResultType['devices'][number]) => d.qualify.unreachable * 1000 + d.qualify.lagged * 10 + d.registrations.authLoops;
  const devices = [...r.devices]
    .sort((a, b) => bad(b) - bad(a))
    .slice(0, STORED_DEVICES)
    .sort((a, b) => (a.address < b.address ? -1 : 1))
    .map((d) => ({ ...d, qualify: { ...d.qualify, timeline: thin(d.qualify.timeline, STORED_POINTS, (p) => p.state !== 'ok') } }));
  return { ...r, devices, devicesTotal: r.devices.length };
}

export function storedPbxLog(r: PbxLogResultType): StoredPbxLogType {
  const bad = (d: PbxLogResultType['devices'][number]) => d.unreachable * 1000 + d.lagged;
  const devices = [...r.devices]
    .sort((a, b) => bad(b) - bad(a))
    .slice(0, STORED_DEVICES)
    .map((d) => ({ ...d, timeline: thin(d.timeline, STORED_POINTS, (p) => p.state !== 'reachable') }));
  return { ...r, devices, devicesTotal: r.devices.length };
}
