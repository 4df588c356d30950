import {
  PBX_LOG_MAX_DEVICES,
  PBX_LOG_MAX_REASONS,
  PBX_LOG_MAX_TIMELINE,
  type PbxDeviceType,
  type PbxTimelinePointType,
} from '../../../shared/trace/pbx-log-result.js';
import type { PbxLineType } from './pbx-log-lines.js';

/**
 * Counts the events of a PBX log line by line, in memory bounded by the device limit and the
 * timeline limit (not by the size of the log).
 */

/** Distinct reasons kept while counting; a log inventing a new reason per line cannot grow the map. */
const MAX_REASONS_COUNTED = 200;

/** Halves a full timeline (see PBX_LOG_MAX_TIMELINE): repeats go first, then state changes evenly. */
export function compactTimeline(points: PbxTimelinePointType[]): PbxTimelinePointType[] {
  const target = Math.floor(PBX_LOG_MAX_TIMELINE / 2);
  const need = points.length - target;
  if (need <= 0) return points;
  const last = points.length - 1;
  const repeats: number[] = [];
  const changes: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const isChange = i === 0 || i === last || points[i]?.state !== points[i - 1]?.state;
    (isChange ? changes : repeats).push(i);
  }
  const drop = new Set<number>();
  const spread = (from: number[], n: number) => {
    // n of from.length, evenly: index ⌊j·len/n⌋ for j < n is strictly increasing when n ≤ len.
    for (let j = 0; j < n; j++) drop.add(from[Math.floor((j * from.length) / n)] as number);
  };
  if (repeats.length >= need) spread(repeats, need);
  else {
    for (const i of repeats) drop.add(i);
    // Never the first or the newest point.
    spread(changes.slice(1, -1), need - repeats.length);
  }
  return points.filter((_, i) => !drop.has(i));
}

function newDevice(name: string): PbxDeviceType {
  return {
    name, unreachable: 0, lagged: 0, reachable: 0, lastState: 'unknown', registrationFailures: 0,
    retransmissionTimeouts: 0, registered: 0, unregistered: 0, maxRttMs: null, timeline: [],
  };
}

export class PbxLogTally {
  lines = 0;
  skipped = 0;
  longLines = 0;
  firstTime: string | null = null;
  lastTime: string | null = null;
  droppedDeviceEvents = 0;
  registrationFailures = 0;
  retransmissionTimeouts = 0;
  readonly #devices = new Map<string, PbxDeviceType>();
  readonly #reasons = new Map<string, number>();
  #otherReasons = 0;

  get devices(): PbxDeviceType[] {
    return [...this.#devices.values()];
  }

  /** Reasons most frequent first; reasons beyond the counted ones are summed as `…`. */
  get reasons(): { reason: string; count: number }[] {
    const list = [...this.#reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
    const kept = list.slice(0, PBX_LOG_MAX_REASONS - 1);
    const rest = list.slice(PBX_LOG_MAX_REASONS - 1).reduce((sum, r) => sum + r.count, this.#otherReasons);
    return rest > 0 ? [...kept, { reason: '…', count: rest }] : kept;
  }

  #device(name: string): PbxDeviceType | null {
    const known = this.#devices.get(name);
    if (known !== undefined) return known;
    if (this.#devices.size >= PBX_LOG_MAX_DEVICES) {
      this.droppedDeviceEvents++;
      return null;
    }
    const created = newDevice(name);
    this.#devices.set(name, created);
    return created;
  }

  add(line: PbxLineType): void {
    this.lines++;
    if (line.time !== '') {
      this.firstTime ??= line.time;
      this.lastTime = line.time;
    }
    const event = line.event;
    switch (event.kind) {
      case 'other':
        return;
      case 'retransmission-timeout':
        this.retransmissionTimeouts++;
        return;
      case 'registration-failed': {
        this.registrationFailures++;
        const known = this.#reasons.get(event.reason);
        if (known !== undefined) this.#reasons.set(event.reason, known + 1);
        else if (this.#reasons.size < MAX_REASONS_COUNTED) this.#reasons.set(event.reason, 1);
        else this.#otherReasons++;
        const device = this.#device(event.device);
        if (device !== null) device.registrationFailures++;
        return;
      }
      case 'registered':
      case 'unregistered': {
        const device = this.#device(event.device);
        if (device !== null) device[event.kind]++;
        return;
      }
      case 'state': {
        const device = this.#device(event.device);
        if (device === null) return;
        if (event.state !== 'unknown') device[event.state]++;
        device.lastState = event.state;
        if (event.rttMs !== null) device.maxRttMs = Math.max(device.maxRttMs ?? 0, event.rttMs);
        device.timeline.push({ time: line.time, state: event.state, rttMs: event.rttMs });
        if (device.timeline.length > PBX_LOG_MAX_TIMELINE) device.timeline = compactTimeline(device.timeline);
        return;
      }
    }
  }
}
