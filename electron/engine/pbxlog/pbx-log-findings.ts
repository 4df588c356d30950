import type { PbxDeviceType } from '../../../shared/trace/pbx-log-result.js';
import type { TraceFindingType } from '../../../shared/trace/trace-finding.js';
import type { PbxLogTally } from './pbx-log-tally.js';

/**
 * The conclusions from a counted PBX log, German first, in the words a STARFACE partner uses
 * (Anlage, Endgerät, PBX-Log). Each finding answers the checklist step `unreachable-lagged`
 * (or `registration` / `error-codes`), so the app can tick it off from the log.
 */

const LISTED = 10;
const MAX_TEXT = 2000;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `101 (3×), 2456.WinClient (1×) und 4 weitere` — at most LISTED names, each bounded. */
function deviceList(devices: { name: string; n: number }[], lang: 'de' | 'en'): string {
  const shown = devices.slice(0, LISTED).map((d) => `${clip(d.name, 60)} (${d.n}×)`).join(', ');
  const more = devices.length - LISTED;
  if (more <= 0) return shown;
  return lang === 'de' ? `${shown} und ${more} weitere` : `${shown} and ${more} more`;
}

/** `ist 1 Endgerät/Leitung` / `sind 3 Endgeräte/Leitungen`, and the English equivalent. */
function devicesWord(n: number, lang: 'de' | 'en'): string {
  if (lang === 'de') return n === 1 ? 'ist 1 Endgerät/Leitung' : `sind ${n} Endgeräte/Leitungen`;
  return n === 1 ? '1 device/line' : `${n} devices/lines`;
}

function ranked(devices: PbxDeviceType[], key: 'unreachable' | 'lagged' | 'registrationFailures') {
  // Stable sort: equal counts stay in the order the log first named them.
  return devices.filter((d) => d[key] > 0).map((d) => ({ name: d.name, n: d[key] })).sort((a, b) => b.n - a.n);
}

function finding(id: string, severity: TraceFindingType['severity'], step: string | undefined, de: string, en: string): TraceFindingType {
  return { id, severity, ...(step !== undefined ? { step } : {}), text: { de: clip(de, MAX_TEXT), en: clip(en, MAX_TEXT) } };
}

/** The finding for a file that holds no Asterisk line at all (empty, another log, a binary). */
function notAsterisk(tally: PbxLogTally, stopped: boolean): TraceFindingType {
  const format = '„[Mar  4 08:52:06] NOTICE[17903] chan_sip.c: Meldung“ oder „[Jul  3 08:40:06]     -- Contact …“';
  const formatEn = '"[Mar  4 08:52:06] NOTICE[17903] chan_sip.c: message" or "[Jul  3 08:40:06]     -- Contact …"';
  if (tally.skipped === 0) {
    return finding('pbx-not-asterisk', 'error', 'unreachable-lagged', 'Diese Datei ist leer – kein Asterisk-/PBX-Log der Anlage.', 'This file is empty – not an Asterisk/PBX log of the PBX.');
  }
  const de = stopped ? `der ersten ${tally.skipped} Zeilen` : `der ${tally.skipped} Zeilen`;
  const en = stopped ? `of the first ${tally.skipped} lines` : `of the ${tally.skipped} lines`;
  return finding(
    'pbx-not-asterisk', 'error', 'unreachable-lagged',
    `Diese Datei ist kein Asterisk-/PBX-Log der Anlage: keine ${de} hat das Format ${format}. Bitte das PBX-Log der Anlage (Log-Datei „PBX“) auswählen.`,
    `This file is not an Asterisk/PBX log of the PBX: none ${en} has the format ${formatEn}. Please choose the PBX's "PBX" log file.`,
  );
}

export function pbxLogFindings(tally: PbxLogTally, stopped: boolean): TraceFindingType[] {
  if (tally.lines === 0) return [notAsterisk(tally, stopped)];
  const devices = tally.devices;
  const findings: TraceFindingType[] = [];
  const unreachable = ranked(devices, 'unreachable');
  const lagged = ranked(devices, 'lagged');
  if (unreachable.length > 0) {
    findings.push(finding(
      'pbx-unreachable', 'error', 'unreachable-lagged',
      `Im PBX-Log ${devicesWord(unreachable.length, 'de')} als UNREACHABLE gemeldet (die Anlage erhielt keine Antwort auf ihre Qualify-Anfrage): ${deviceList(unreachable, 'de')}. Wiederholte Ausfälle deuten oft auf einen zu kurzen NAT-Timeout im Router des Standorts hin – empfohlen sind 61 Minuten für UDP.`,
      `The PBX log reports ${devicesWord(unreachable.length, 'en')} as UNREACHABLE (the PBX got no answer to its qualify request): ${deviceList(unreachable, 'en')}. Repeated outages often point to a NAT timeout in the site's router that is too short – 61 minutes for UDP are recommended.`,
    ));
  }
  if (lagged.length > 0) {
    const worst = Math.max(...devices.filter((d) => d.lagged > 0).map((d) => d.maxRttMs ?? 0));
    findings.push(finding(
      'pbx-lagged', 'warning', 'unreachable-lagged',
      `Im PBX-Log ${devicesWord(lagged.length, 'de')} als LAGGED gemeldet (Antwortzeit über dem Grenzwert, Vorgabe 2000 ms; höchste: ${worst} ms): ${deviceList(lagged, 'de')}. Bitte Leitung und Auslastung am Standort prüfen.`,
      `The PBX log reports ${devicesWord(lagged.length, 'en')} as LAGGED (answer time above the limit, default 2000 ms; highest: ${worst} ms): ${deviceList(lagged, 'en')}. Please check the line and its load at the site.`,
    ));
  }
  if (unreachable.length === 0 && lagged.length === 0) {
    const range = tally.firstTime === null ? null : { from: tally.firstTime.trim(), to: (tally.lastTime ?? tally.firstTime).trim() };
    findings.push(finding(
      'pbx-no-unreachable', 'info', 'unreachable-lagged',
      range === null
        ? `Das PBX-Log (${tally.lines} Zeilen, ohne Zeitstempel) enthält keine UNREACHABLE- oder LAGGED-Meldungen.`
        : `Das PBX-Log enthält im Zeitraum ${range.from} bis ${range.to} keine UNREACHABLE- oder LAGGED-Meldungen.`,
      range === null
        ? `The PBX log (${tally.lines} lines, no time stamps) has no UNREACHABLE or LAGGED entries.`
        : `The PBX log has no UNREACHABLE or LAGGED entries between ${range.from} and ${range.to}.`,
    ));
  }
  if (tally.registrationFailures > 0) {
    const reasons = tally.reasons.slice(0, 5).map((r) => `${clip(r.reason, 80)} (${r.count}×)`).join(', ');
    const who = ranked(devices, 'registrationFailures');
    findings.push(finding(
      'pbx-registration-failed', 'warning', undefined,
      `Im PBX-Log sind ${tally.registrationFailures} fehlgeschlagene Anmeldungen von Endgeräten an der Anlage: ${reasons}. Betroffen: ${deviceList(who, 'de')}. Bei „Wrong password“ bitte das Passwort im Endgerät prüfen.`,
      `The PBX log has ${tally.registrationFailures} failed registrations of devices at the PBX: ${reasons}. Affected: ${deviceList(who, 'en')}. For "Wrong password" please check the password in the device.`,
    ));
  }
  if (tally.retransmissionTimeouts > 0) {
    findings.push(finding(
      'pbx-retransmission-timeout', 'warning', undefined,
      `Im PBX-Log ist ${tally.retransmissionTimeouts}× „Retransmission timeout“ vermerkt: die Anlage hat auf SIP-Nachrichten trotz Wiederholung keine Antwort erhalten (Paketverlust, Firewall oder abgelaufene NAT-Zuordnung).`,
      `The PBX log notes "Retransmission timeout" ${tally.retransmissionTimeouts} times: the PBX got no answer to SIP messages despite resending them (packet loss, firewall or an expired NAT binding).`,
    ));
  }
  if (tally.droppedDeviceEvents > 0) {
    findings.push(finding(
      'pbx-too-many-devices', 'warning', 'unreachable-lagged',
      `Das PBX-Log nennt mehr als ${devices.length} Endgeräte; ${tally.droppedDeviceEvents} Meldungen weiterer Endgeräte sind nur in den Summen gezählt.`,
      `The PBX log names more than ${devices.length} devices; ${tally.droppedDeviceEvents} entries of further devices are only counted in the totals.`,
    ));
  }
  if (tally.longLines > 0) {
    findings.push(finding(
      'pbx-long-lines', 'info', 'unreachable-lagged',
      `${tally.longLines} Zeilen im PBX-Log sind länger als 64 KiB und wurden übersprungen.`,
      `${tally.longLines} lines in the PBX log are longer than 64 KiB and were skipped.`,
    ));
  }
  return findings;
}
