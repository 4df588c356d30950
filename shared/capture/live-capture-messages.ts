import type { BilingualTextType } from '../model/bounded.js';
import type { CaptureCountersType, CaptureEndType, CaptureProblemCodeType } from './live-capture.js';

/** The platforms whose capture-rights fix we know (Node's process.platform values). */
export type CapturePlatformType = 'linux' | 'darwin' | 'win32' | string;

/** The exact fix for missing capture rights on this OS (issue 8: "never run the whole app as root"). */
export function captureRightsFix(platform: CapturePlatformType): BilingualTextType {
  if (platform === 'darwin')
    return {
      de: 'Abhilfe: in Wiresharks Installer „Install ChmodBPF“ ausführen (ChmodBPF gibt der Gruppe access_bpf die Rechte auf /dev/bpf*), dann ab- und wieder anmelden.',
      en: 'Fix: run "Install ChmodBPF" from the Wireshark installer (ChmodBPF gives the access_bpf group the rights on /dev/bpf*), then log out and back in.',
    };
  if (platform === 'win32')
    return {
      de: 'Abhilfe: den Npcap-Installer erneut ausführen und „Restrict Npcap driver\'s access to Administrators only“ abwählen.',
      en: 'Fix: run the Npcap installer again and untick "Restrict Npcap driver\'s access to Administrators only".',
    };
  return {
    de: 'Abhilfe: sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/dumpcap – oder sudo dpkg-reconfigure wireshark-common („Ja“) und sudo usermod -aG wireshark $USER, dann neu anmelden.',
    en: 'Fix: sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/dumpcap – or sudo dpkg-reconfigure wireshark-common ("Yes") and sudo usermod -aG wireshark $USER, then log in again.',
  };
}

const IMPORT_STILL = { de: 'Der Import von Mitschnitten funktioniert weiterhin.', en: 'Importing captures still works.' };

function installDumpcap(platform: CapturePlatformType): BilingualTextType {
  if (platform === 'win32') return { de: 'Wireshark mit Npcap installieren (bringt dumpcap mit).', en: 'Install Wireshark with Npcap (it brings dumpcap).' };
  if (platform === 'darwin') return { de: 'Wireshark installieren (bringt dumpcap mit).', en: 'Install Wireshark (it brings dumpcap).' };
  return { de: 'dumpcap installieren: sudo apt install tshark (oder wireshark-common).', en: 'Install dumpcap: sudo apt install tshark (or wireshark-common).' };
}

/**
 * One line in the user's language for each problem; `saved` names the file that keeps what was
 * captured before the problem (null: nothing was captured yet).
 */
export function liveCaptureProblemText(code: CaptureProblemCodeType, p: { platform: CapturePlatformType; iface?: string; saved?: string | null; detail?: string }): BilingualTextType {
  const kept: BilingualTextType = p.saved ? { de: ` Das bisher Aufgenommene ist gespeichert: ${p.saved}`, en: ` What was captured so far is saved: ${p.saved}` } : { de: '', en: '' };
  const iface = p.iface ?? '';
  const detail = p.detail ? ` (${p.detail})` : '';
  const t = (de: string, en: string): BilingualTextType => ({ de: de + kept.de, en: en + kept.en });
  switch (code) {
    case 'no-rights': {
      const fix = captureRightsFix(p.platform);
      return t(`Keine Berechtigung zum Mitschneiden auf „${iface}“. ${fix.de} ${IMPORT_STILL.de}`, `No permission to capture on "${iface}". ${fix.en} ${IMPORT_STILL.en}`);
    }
    case 'no-backend': {
      const fix = installDumpcap(p.platform);
      return t(`Mitschneiden ist hier nicht möglich: node-pcap ist nicht geladen und dumpcap fehlt. ${fix.de} ${IMPORT_STILL.de}`, `Capturing is not possible here: node-pcap is not loaded and dumpcap is missing. ${fix.en} ${IMPORT_STILL.en}`);
    }
    case 'dumpcap-missing': {
      const fix = installDumpcap(p.platform);
      return t(`dumpcap wurde nicht gefunden. ${fix.de} ${IMPORT_STILL.de}`, `dumpcap was not found. ${fix.en} ${IMPORT_STILL.en}`);
    }
    case 'no-interface':
      return t(`Die Schnittstelle „${iface}“ gibt es nicht. Die Liste der Schnittstellen zeigt: starface-triage capture --list`, `There is no interface "${iface}". To list them: starface-triage capture --list`);
    case 'interface-gone':
      return t(`Die Schnittstelle „${iface}“ ist während des Mitschnitts verschwunden (Kabel, WLAN oder VPN getrennt); der Mitschnitt wurde beendet.`, `The interface "${iface}" vanished during the capture (cable, Wi-Fi or VPN disconnected); the capture was ended.`);
    case 'disk-full':
      return t('Der Datenträger ist voll; der Mitschnitt wurde beendet. Platz schaffen oder --max-mb kleiner wählen.', 'The disk is full; the capture was ended. Free some space or choose a smaller --max-mb.');
    case 'file-deleted':
      return t('Die Mitschnittdatei wurde während der Aufnahme gelöscht; sie wurde neu geschrieben.', 'The capture file was deleted during the capture; it has been written again.');
    case 'bad-filter':
      return t(`Der Mitschnittfilter ist ungültig${detail}.`, `The capture filter is not valid${detail}.`);
    case 'write-failed':
      return t(`Die Mitschnittdatei ließ sich nicht schreiben${detail}.`, `The capture file could not be written${detail}.`);
    case 'backend-failed':
      return t(`Der Mitschnitt ist fehlgeschlagen${detail}.`, `The capture failed${detail}.`);
  }
}

export function liveCounterLine(c: CaptureCountersType, lang: 'de' | 'en'): string {
  const states = c.devices.filter((d) => d.state !== null && d.state !== 'ok').length;
  const mb = (c.bytesKept / 1048576).toFixed(1);
  const dropped = c.dropped === null ? '' : lang === 'de' ? `, ${c.dropped} verworfen` : `, ${c.dropped} dropped`;
  return lang === 'de'
    ? `${Math.round(c.seconds)} s: ${c.packets} Pakete, ${c.sipMessages} SIP-Nachrichten, ${c.devicesSeen} Geräte (${states} nicht OK), ${mb} MB${dropped}`
    : `${Math.round(c.seconds)} s: ${c.packets} packets, ${c.sipMessages} SIP messages, ${c.devicesSeen} devices (${states} not OK), ${mb} MB${dropped}`;
}

export function liveCaptureSummary(end: CaptureEndType, lang: 'de' | 'en'): string {
  const c = end.counters;
  const mb = (end.bytes / 1048576).toFixed(2);
  const ring = end.ringDropped ? (lang === 'de' ? ' (Ringpuffer: nur das Neueste behalten)' : ' (ring buffer: only the newest kept)') : '';
  const dropped = c.dropped === null ? '?' : String(c.dropped);
  return lang === 'de'
    ? `Mitschnitt (${c.backend}): ${c.packets} Pakete, ${c.sipMessages} SIP-Nachrichten, ${c.devicesSeen} Geräte, ${dropped} verworfen in ${Math.round(c.seconds)} s → ${end.file ?? '–'} (${mb} MB)${ring}`
    : `Capture (${c.backend}): ${c.packets} packets, ${c.sipMessages} SIP messages, ${c.devicesSeen} devices, ${dropped} dropped in ${Math.round(c.seconds)} s → ${end.file ?? '–'} (${mb} MB)${ring}`;
}
