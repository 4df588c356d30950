import type { BilingualTextType } from '../../../shared/model/bounded.js';
import type { TraceFindingType } from '../../../shared/trace/trace-finding.js';
import type { DeviceType, TraceResultType } from '../../../shared/trace/trace-result.js';

/**
 * The capture's figures in plain German and English, with the checklist step each one answers
 * (scenarios.ts: `unreachable-lagged`, `nat-timeout`, `error-codes`, `network-firewall`).
 */

/** The guide's codes for "very frequent → Connect team or hotline". */
export const GUIDE_CODES = [404, 480, 500, 503] as const;
const NAT_MINUTES = 61;

function list(devices: DeviceType[], pick: (d: DeviceType) => number): { de: string; en: string } {
  const shown = devices.slice(0, 8).map((d) => `${d.name !== undefined ? `${d.name} (${d.address})` : d.address}: ${pick(d)}×`);
  const more = devices.length - shown.length;
  return {
    de: shown.join(', ') + (more > 0 ? ` und ${more} weitere` : ''),
    en: shown.join(', ') + (more > 0 ? ` and ${more} more` : ''),
  };
}

function duration(seconds: number): BilingualTextType {
  if (seconds < 120) return { de: `${Math.round(seconds)} s`, en: `${Math.round(seconds)} s` };
  const minutes = Math.round(seconds / 6) / 10;
  return { de: `${String(minutes).replace('.', ',')} min`, en: `${minutes} min` };
}

export function traceFindings(r: Omit<TraceResultType, 'findings' | 'warnings'>): TraceFindingType[] {
  const out: TraceFindingType[] = [];
  if (r.sipMessages === 0) {
    out.push({
      id: 'no-sip',
      severity: 'error',
      text: {
        de: `Der Mitschnitt enthält keine lesbare SIP-Nachricht (${r.packets} Pakete gelesen). Prüfen Sie den Mitschnittfilter (Port 5060/5061) und ob SIP verschlüsselt (TLS, Port 5061) lief – das ist nicht lesbar.`,
        en: `The capture holds no readable SIP message (${r.packets} packets read). Check the capture filter (port 5060/5061) and whether SIP ran encrypted (TLS, port 5061) – that cannot be read.`,
      },
    });
    return out;
  }
  const unreachable = r.devices.filter((d) => d.qualify.unreachable > 0);
  const lagged = r.devices.filter((d) => d.qualify.lagged > 0);
  const qualified = r.devices.filter((d) => d.qualify.ok + d.qualify.lagged + d.qualify.unreachable > 0);
  if (unreachable.length > 0) {
    const l = list(unreachable, (d) => d.qualify.unreachable);
    out.push({
      id: 'qualify-unreachable',
      severity: 'error',
      step: 'unreachable-lagged',
      text: {
        de: `${unreachable.length} Endgerät(e) antworteten nicht auf die Erreichbarkeitsprüfung (SIP OPTIONS) – UNREACHABLE: ${l.de}.`,
        en: `${unreachable.length} device(s) did not answer the reachability check (SIP OPTIONS) – UNREACHABLE: ${l.en}.`,
      },
    });
  }
  if (lagged.length > 0) {
    const l = list(lagged, (d) => d.qualify.lagged);
    out.push({
      id: 'qualify-lagged',
      severity: 'warning',
      step: 'unreachable-lagged',
      text: {
        de: `${lagged.length} Endgerät(e) antworteten erst nach mehr als 2000 ms – LAGGED: ${l.de}.`,
        en: `${lagged.length} device(s) answered only after more than 2000 ms – LAGGED: ${l.en}.`,
      },
    });
  }
  if (qualified.length > 0 && unreachable.length === 0 && lagged.length === 0) {
    out.push({
      id: 'qualify-ok',
      severity: 'info',
      step: 'unreachable-lagged',
      text: {
        de: `Alle ${qualified.length} geprüften Endgeräte antworteten innerhalb von 2000 ms auf SIP OPTIONS – kein UNREACHABLE/LAGGED im Mitschnitt.`,
        en: `All ${qualified.length} checked devices answered SIP OPTIONS within 2000 ms – no UNREACHABLE/LAGGED in the capture.`,
      },
    });
  }
  for (const d of r.devices.filter((x) => x.natExpiry !== null).slice(0, 5)) {
    const idle = d.natExpiry?.idleSeconds ?? 0;
    const t = duration(idle);
    const below = idle < NAT_MINUTES * 60;
    out.push({
      id: 'nat-binding-expiry',
      severity: below ? 'error' : 'warning',
      step: 'nat-timeout',
      text: {
        de: `${d.name ?? d.address} war nach ${t.de} ohne Verkehr nicht mehr erreichbar und antwortete erst nach einer Neuanmeldung wieder: die NAT-Zuordnung der Firewall ist verfallen. Das NAT-Timeout (UDP) liegt unter ${t.de}${below ? ` – kürzer als die 61 Minuten, die der Leitfaden verlangt. Das UDP-Timeout der Firewall auf 61 Minuten erhöhen.` : '.'}`,
        en: `${d.name ?? d.address} was unreachable after ${t.en} without traffic and answered again only after re-registering: the firewall's NAT binding expired. The NAT (UDP) timeout is below ${t.en}${below ? ' – shorter than the 61 minutes the guide asks for. Raise the firewall’s UDP timeout to 61 minutes.' : '.'}`,
      },
    });
  }
  const loops = r.devices.filter((d) => d.registrations.authLoops > 0);
  if (loops.length > 0) {
    const l = list(loops, (d) => d.registrations.challenges + d.registrations.failures);
    out.push({
      id: 'register-auth-loop',
      severity: 'error',
      text: {
        de: `Anmeldung (REGISTER) scheitert wiederholt mit 401/403 – meist falsches Passwort oder falscher Benutzername im Endgerät: ${l.de}.`,
        en: `Registration (REGISTER) fails repeatedly with 401/403 – usually a wrong password or user name in the device: ${l.en}.`,
      },
    });
  }
  const gaps = r.devices.filter((d) => d.registrations.gaps > 0);
  if (gaps.length > 0) {
    const l = list(gaps, (d) => d.registrations.gaps);
    out.push({
      id: 'register-gap',
      severity: 'warning',
      text: {
        de: `Anmeldungen liefen ab, bevor sie erneuert wurden (Abstand größer als Expires): ${l.de}.`,
        en: `Registrations ran out before they were renewed (interval longer than Expires): ${l.en}.`,
      },
    });
  }
  // Re-registering far more often than the registration lasts is how phones are made to hold a
  // short NAT binding open: it works, but hides a NAT timeout below what the guide asks for.
  const keepalive = r.devices.filter((d) => {
    const { successes, expiresSeconds, intervalSeconds } = d.registrations;
    return successes >= 3 && expiresSeconds !== null && intervalSeconds !== null && expiresSeconds >= 600 && intervalSeconds > 0 && intervalSeconds <= Math.min(300, expiresSeconds / 4);
  });
  if (keepalive.length > 0) {
    const l = list(keepalive, (d) => d.registrations.successes);
    const d0 = keepalive[0]!.registrations;
    const every = duration(d0.intervalSeconds ?? 0);
    const lasts = duration(d0.expiresSeconds ?? 0);
    out.push({
      id: 'register-keepalive',
      severity: 'info',
      step: 'nat-timeout',
      text: {
        de: `Endgeräte melden sich viel öfter neu an, als die Anmeldung gilt (z. B. alle ${every.de}, gültig ${lasts.de}) – so werden Telefone gegen ein kurzes NAT-Timeout der Firewall eingestellt. Das verdeckt das Problem, statt es zu lösen: das NAT-Timeout messen und auf 61 Minuten setzen. Anmeldungen: ${l.de}.`,
        en: `Devices re-register much more often than their registration lasts (e.g. every ${every.en}, valid ${lasts.en}) – phones are set up like this against a short NAT timeout in the firewall. That hides the problem rather than solving it: measure the NAT timeout and set it to 61 minutes. Registrations: ${l.en}.`,
      },
    });
  }
  out.push(...codeFindings(r));
  const requests = Object.values(r.requests).reduce((a, b) => a + b, 0);
  const re = r.retransmissions.requests;
  if (re > 0 && requests > 0) {
    const share = re / requests;
    out.push({
      id: 'retransmissions',
      severity: share > 0.05 ? 'warning' : 'info',
      text: {
        de: `${re} von ${requests} SIP-Anfragen wurden wiederholt gesendet (${percent(share, 'de')}) – ${share > 0.05 ? 'Antworten gehen verloren oder kommen zu spät.' : 'vereinzelt, unauffällig.'}`,
        en: `${re} of ${requests} SIP requests were retransmitted (${percent(share, 'en')}) – ${share > 0.05 ? 'answers are lost or late.' : 'occasional, unremarkable.'}`,
      },
    });
  }
  if (r.icmpUnreachable > 0)
    out.push({
      id: 'icmp-unreachable',
      severity: 'warning',
      step: 'network-firewall',
      text: {
        de: `${r.icmpUnreachable}× kam auf SIP eine ICMP-Meldung „nicht erreichbar“ zurück – das Ziel oder eine Firewall lehnt den Port ab.`,
        en: `${r.icmpUnreachable}× SIP was answered with ICMP "unreachable" – the target or a firewall rejects the port.`,
      },
    });
  if (r.fragmentedSip > 0)
    out.push({
      id: 'fragmented-sip',
      severity: 'warning',
      step: 'network-firewall',
      text: {
        de: `${r.fragmentedSip} SIP-Nachricht(en) über UDP waren fragmentiert. Manche Firewalls und Router verwerfen Fragmente; dann fehlen große Nachrichten (INVITE mit SDP). Abhilfe: SIP über TCP/TLS.`,
        en: `${r.fragmentedSip} SIP message(s) over UDP were fragmented. Some firewalls and routers drop fragments; large messages (INVITE with SDP) then go missing. Remedy: SIP over TCP/TLS.`,
      },
    });
  if (r.alg.rewrittenSdp > 0)
    out.push({
      id: 'sip-alg-rewrite',
      severity: 'warning',
      step: 'network-firewall',
      text: {
        de: `In ${r.alg.rewrittenSdp} SDP-Angebot(en) ist die Medienadresse (c=) öffentlich, die Ursprungsadresse (o=) aber privat – ein SIP-ALG der Firewall hat umgeschrieben (z. B. ${r.alg.example ?? '–'}). SIP-ALG in der Firewall abschalten.`,
        en: `In ${r.alg.rewrittenSdp} SDP offer(s) the media address (c=) is public but the origin (o=) private – the firewall's SIP ALG rewrote it (e.g. ${r.alg.example ?? '–'}). Turn off the SIP ALG in the firewall.`,
      },
    });
  if (r.alg.privateFromPublic > 0)
    out.push({
      id: 'private-address-from-public',
      severity: 'info',
      step: 'network-firewall',
      text: {
        de: `${r.alg.privateFromPublic} SIP-Nachricht(en) von einer öffentlichen Adresse tragen eine private Adresse in Via, Contact oder SDP (z. B. ${r.alg.example ?? '–'}): das Endgerät steht hinter NAT und kein ALG hat umgeschrieben; die Anlage muss NAT behandeln (rport).`,
        en: `${r.alg.privateFromPublic} SIP message(s) from a public address carry a private address in Via, Contact or SDP (e.g. ${r.alg.example ?? '–'}): the device is behind NAT and no ALG rewrote it; the PBX must handle NAT (rport).`,
      },
    });
  return out;
}

function percent(share: number, lang: 'de' | 'en'): string {
  const v = Math.round(share * 1000) / 10;
  return `${lang === 'de' ? String(v).replace('.', ',') : v} %`;
}

/** The guide's Connect check: 404/480/500/503 "sehr häufig". */
function codeFindings(r: Omit<TraceResultType, 'findings' | 'warnings'>): TraceFindingType[] {
  const finals = Object.entries(r.responseCodes).filter(([c]) => Number(c) >= 200).reduce((a, [, n]) => a + n, 0);
  const hits = GUIDE_CODES.map((c) => [c, r.responseCodes[String(c)] ?? 0] as const).filter(([, n]) => n > 0);
  if (hits.length === 0) return [];
  const total = hits.reduce((a, [, n]) => a + n, 0);
  const share = finals > 0 ? total / finals : 0;
  // "Very frequent": at least 10 and at least a tenth of all final answers.
  const frequent = total >= 10 && share >= 0.1;
  const codes = hits.map(([c, n]) => `${c}: ${n}×`).join(', ');
  return [
    {
      id: frequent ? 'error-codes-frequent' : 'error-codes-rare',
      severity: frequent ? 'warning' : 'info',
      step: 'error-codes',
      text: frequent
        ? { de: `Die Fehlercodes des Leitfadens treten sehr häufig auf (${codes}; ${percent(share, 'de')} aller Endantworten) – laut Leitfaden ein Fall für das Connect-Team bzw. die Störungshotline.`, en: `The guide's error codes are very frequent (${codes}; ${percent(share, 'en')} of all final responses) – per the guide a case for the Connect team or the hotline.` }
        : { de: `Fehlercodes des Leitfadens kommen vereinzelt vor (${codes}; ${percent(share, 'de')} aller Endantworten) – nicht „sehr häufig“.`, en: `The guide's error codes occur occasionally (${codes}; ${percent(share, 'en')} of all final responses) – not "very frequent".` },
    },
  ];
}
