import type { BilingualTextType } from '../model/bounded.js';
import { CaptureProblemCodeSchema } from './live-capture.js';
import { liveCaptureProblemText, type CapturePlatformType } from './live-capture-messages.js';

/** The live-capture panel's words (Mitschnitt tab), German first. */
export const LIVE_CAPTURE_UI = {
  de: {
    title: 'Live-Mitschnitt',
    why: 'Schneidet den SIP-Verkehr dieses Rechners mit und wertet ihn laufend aus; beim Beenden wird der Mitschnitt dem Fall angehängt.',
    iface: 'Schnittstelle',
    reaches: 'erreicht die Anlage',
    filter: 'Mitschnittfilter (BPF)',
    rtp: 'Auch RTP (Sprache) mitschneiden',
    duration: 'Höchstdauer (s, leer: bis Beenden)',
    maxMb: 'Höchstgröße (MB, Ringpuffer)',
    start: 'Mitschnitt starten',
    stop: 'Beenden und behalten',
    cancel: 'Abbrechen und verwerfen',
    packets: 'Pakete',
    sip: 'SIP-Nachrichten',
    devices: 'Geräte',
    dropped: 'verworfen',
    kept: 'behalten',
    backend: 'Mitschnitt mit',
    fallback: 'node-pcap ist vorhanden, darf hier aber nicht mitschneiden (keine Mitschnittrechte für diesen Prozess): es wird dumpcap genommen, das seine Rechte selbst mitbringt.',
    noBackend: 'Mitschneiden ist auf diesem Rechner nicht möglich.',
    loading: 'Schnittstellen werden gelesen …',
    saved: 'Mitschnitt angehängt:',
    states: { ok: 'OK', lagged: 'verzögert', unreachable: 'nicht erreichbar' },
  },
  en: {
    title: 'Live capture',
    why: 'Captures this computer’s SIP traffic and analyses it as it runs; when ended, the capture is attached to the case.',
    iface: 'Interface',
    reaches: 'reaches the PBX',
    filter: 'Capture filter (BPF)',
    rtp: 'Also capture RTP (voice)',
    duration: 'Time limit (s, empty: until stopped)',
    maxMb: 'Size limit (MB, ring buffer)',
    start: 'Start capture',
    stop: 'Stop and keep',
    cancel: 'Cancel and discard',
    packets: 'packets',
    sip: 'SIP messages',
    devices: 'devices',
    dropped: 'dropped',
    kept: 'kept',
    backend: 'Capturing with',
    fallback: 'node-pcap is there but may not capture here (this process has no capture rights): dumpcap is used, which carries its own rights.',
    noBackend: 'Capturing is not possible on this computer.',
    loading: 'Reading the interfaces …',
    saved: 'Capture attached:',
    states: { ok: 'OK', lagged: 'lagging', unreachable: 'unreachable' },
  },
} as const;

/**
 * A failed capture job's error (`capture:CODE:DETAIL`, engine/jobs/capture-job.ts) in words, or
 * null when the error is something else.
 */
export function captureJobErrorText(detail: string, platform: CapturePlatformType, iface: string): BilingualTextType | null {
  const m = /^capture:([a-z-]+):?(.*)$/.exec(detail);
  const code = CaptureProblemCodeSchema.safeParse(m?.[1]);
  if (!code.success) return null;
  return liveCaptureProblemText(code.data, { platform, iface, detail: code.data === 'bad-filter' || code.data === 'backend-failed' ? m?.[2] : undefined });
}
