import type { BilingualTextType } from '../model/bounded.js';
import type { FindingType } from '../model/finding.js';
import type { AlgResultType } from './alg-results.js';
import { GUIDE_NAT_TIMEOUT_SECONDS, type NatBehaviourType, type NatTimeoutResultType, type NatTypeResultType } from './nat-results.js';

/** What the NAT measurements mean for SIP phones, German first. */

const BEHAVIOUR: Record<NatBehaviourType, BilingualTextType> = {
  'endpoint-independent': { de: 'unabhängig vom Ziel', en: 'endpoint-independent' },
  'address-dependent': { de: 'abhängig von der Zieladresse', en: 'address-dependent' },
  'address-and-port-dependent': { de: 'abhängig von Zieladresse und -port', en: 'address-and-port-dependent' },
  unknown: { de: 'nicht feststellbar', en: 'unknown' },
};

/** Why a NAT timeout could not be measured (the result's `reason` codes), in words. */
const REASONS: Record<string, BilingualTextType> = {
  'dns-not-found': { de: 'den Namen des STUN-Servers gibt es nicht', en: 'the STUN server’s name does not exist' },
  'dns-unreachable': { de: 'kein DNS-Server hat geantwortet', en: 'no DNS server answered' },
  'server-no-answer': { de: 'der STUN-Server antwortet nicht (Adresse, Port 3478/UDP, Firewall prüfen)', en: 'the STUN server does not answer (check address, port 3478/UDP, firewall)' },
  'no-mapped-address': { de: 'der STUN-Server nennt keine Adresse', en: 'the STUN server names no address' },
  'wrong-port': { de: 'der Server beantwortet RESPONSE-PORT auf dem falschen Port', en: 'the server answers RESPONSE-PORT on the wrong port' },
  'response-port-refused': { de: 'der Server lehnt RESPONSE-PORT ab (420)', en: 'the server refuses RESPONSE-PORT (420)' },
  'response-port-unanswered': { de: 'der Server beantwortet RESPONSE-PORT nicht', en: 'the server does not answer RESPONSE-PORT' },
  'packets-lost': { de: 'zu viele Pakete gingen verloren', en: 'too many packets were lost' },
  cancelled: { de: 'abgebrochen', en: 'cancelled' },
};

export function natReason(code: string | null): BilingualTextType {
  return (code !== null ? REASONS[code] : undefined) ?? { de: code ?? '?', en: code ?? '?' };
}

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds * 10) / 10} s`;
  return `${Math.round((seconds / 60) * 10) / 10} min`;
}

/**
 * The engine's reasons for an unknown mapping or filtering (English in the JSON, which other tools
 * read) in both languages for the sentences; an unknown reason is shown as it is.
 */
const BEHAVIOUR_REASONS: Record<string, BilingualTextType> = {
  'the STUN server did not answer': { de: 'der STUN-Server hat nicht geantwortet', en: 'the STUN server did not answer' },
  'the server has no second address (no OTHER-ADDRESS): only the public address can be known': {
    de: 'der Server hat keine zweite Adresse (kein OTHER-ADDRESS): nur die öffentliche Adresse ist feststellbar',
    en: 'the server has no second address (no OTHER-ADDRESS): only the public address can be known',
  },
  'no answer from the server’s second address': { de: 'keine Antwort von der zweiten Adresse des Servers', en: 'no answer from the server’s second address' },
  'no answer from the server’s second address and port': { de: 'keine Antwort von der zweiten Adresse und dem zweiten Port des Servers', en: 'no answer from the server’s second address and port' },
};
const DNS_REASONS: Record<string, BilingualTextType> = {
  'not-found': { de: 'Name nicht gefunden (DNS)', en: 'name not found (DNS)' },
  'resolver-unreachable': { de: 'DNS-Server nicht erreichbar', en: 'DNS server unreachable' },
  error: { de: 'DNS-Fehler', en: 'DNS error' },
};

export function behaviourReason(reason: string): BilingualTextType {
  const known = BEHAVIOUR_REASONS[reason];
  if (known !== undefined) return known;
  const dns = /^(.{1,260}): (not-found|resolver-unreachable|error)$/.exec(reason);
  const status = dns?.[2] === undefined ? undefined : DNS_REASONS[dns[2]];
  if (dns !== null && status !== undefined) return { de: `${dns[1]}: ${status.de}`, en: `${dns[1]}: ${status.en}` };
  return { de: reason, en: reason };
}

export function natTypeSentences(r: NatTypeResultType): BilingualTextType[] {
  const out: BilingualTextType[] = [
    { de: `Öffentliche Adresse: ${r.publicAddress ?? '?'}`, en: `Public address: ${r.publicAddress ?? '?'}` },
    { de: `Zuordnung (Mapping): ${BEHAVIOUR[r.mapping].de}${r.mappingReason ? ` – ${behaviourReason(r.mappingReason).de}` : ''}`, en: `Mapping: ${BEHAVIOUR[r.mapping].en}${r.mappingReason ? ` – ${behaviourReason(r.mappingReason).en}` : ''}` },
    { de: `Filter: ${BEHAVIOUR[r.filtering].de}${r.filteringReason ? ` – ${behaviourReason(r.filteringReason).de}` : ''}`, en: `Filtering: ${BEHAVIOUR[r.filtering].en}${r.filteringReason ? ` – ${behaviourReason(r.filteringReason).en}` : ''}` },
  ];
  const host = r.publicAddress?.replace(/^\[(.*)\]:\d+$|^([^:]*):\d+$/, '$1$2') ?? null;
  if (host !== null && r.local.address !== null && host === r.local.address)
    out.push({ de: 'Kein NAT zwischen Laptop und Server: die öffentliche Adresse ist die eigene (so bei IPv6 üblich). Eine Firewall kann trotzdem filtern und ihre UDP-Zustände nach ihrem Timeout verwerfen – das misst der NAT-Timeout ebenso.', en: 'No NAT between the laptop and the server: the public address is its own (usual with IPv6). A firewall may still filter and drop its UDP state after its timeout – the NAT timeout measures that just the same.' });
  if (r.portPreserving !== null) out.push(r.portPreserving ? { de: 'Der Port bleibt erhalten.', en: 'The port is preserved.' } : { de: 'Der NAT vergibt andere Ports.', en: 'The NAT assigns other ports.' });
  if (r.mapping === 'address-and-port-dependent') out.push({ de: 'Symmetrischer NAT: Telefone brauchen Keep-alives zur Anlage und dürfen sich nicht auf STUN verlassen.', en: 'Symmetric NAT: phones need keep-alives to the PBX and cannot rely on STUN.' });
  if (r.hairpinning !== null && r.hairpinning !== undefined)
    out.push(
      r.hairpinning
        ? { de: 'Hairpinning: ja – Geräte am Standort erreichen einander auch über die öffentliche Adresse.', en: 'Hairpinning: yes – devices at the site also reach each other through the public address.' }
        : { de: 'Hairpinning: nein – Geräte am Standort erreichen einander nicht über die öffentliche Adresse. Interne Gespräche, deren Sprache direkt (nicht über die Anlage) läuft, können ohne Ton bleiben.', en: 'Hairpinning: no – devices at the site cannot reach each other through the public address. Internal calls whose audio goes directly (not through the PBX) may have no audio.' },
    );
  if (r.payloadRewritten) out.push({ de: 'Etwas schreibt Adressen in Paketen um (ALG): SIP-ALG abschalten.', en: 'Something rewrites addresses in packets (ALG): turn off the SIP ALG.' });
  return out;
}

export function natTimeoutSentence(r: NatTimeoutResultType): BilingualTextType {
  const kind = r.kind === 'stream' ? { de: 'Verbindung wie ein angemeldetes Telefon', en: 'flow like a registered phone' } : { de: 'einzelne Anfrage', en: 'single request' };
  if (r.status === 'server-unsuitable') return { de: `Der STUN-Server ${r.server} kann das nicht messen: ${natReason(r.reason).de}. Bitte einen Server mit RFC 5780 (RESPONSE-PORT) nehmen, z. B. den Reflektor.`, en: `The STUN server ${r.server} cannot measure this: ${natReason(r.reason).en}. Please use a server with RFC 5780 (RESPONSE-PORT), e.g. the reflector.` };
  if (r.status === 'at-least') return { de: `NAT-Timeout (${kind.de}): mindestens ${duration(r.lowerSeconds ?? 0)}${r.meets61Minutes ? ' – erfüllt die 61 Minuten der Störungshotline.' : '.'}`, en: `NAT timeout (${kind.en}): at least ${duration(r.lowerSeconds ?? 0)}${r.meets61Minutes ? ' – meets the fault hotline’s 61 minutes.' : '.'}` };
  if (r.status === 'measured') {
    const range = `${duration(r.lowerSeconds ?? 0)}–${duration(r.upperSeconds ?? 0)}`;
    const short = r.meets61Minutes === false;
    return {
      de: `NAT-Timeout (${kind.de}): ${range}.${short ? ` Kürzer als die 61 Minuten der Störungshotline: Telefone werden zwischen ihren Neuanmeldungen UNREACHABLE. Den UDP-/NAT-Timeout der Firewall auf 61 Minuten (${GUIDE_NAT_TIMEOUT_SECONDS} s) erhöhen.` : ''}`,
      en: `NAT timeout (${kind.en}): ${range}.${short ? ` Shorter than the fault hotline’s 61 minutes: phones go UNREACHABLE between re-registrations. Raise the firewall’s UDP/NAT timeout to 61 minutes (${GUIDE_NAT_TIMEOUT_SECONDS} s).` : ''}`,
    };
  }
  return { de: `NAT-Timeout nicht gemessen: ${natReason(r.reason).de}`, en: `NAT timeout not measured: ${natReason(r.reason).en}` };
}

export function natTimeoutFindings(r: NatTimeoutResultType): FindingType[] {
  const text = natTimeoutSentence(r);
  const severity: FindingType['severity'] = r.meets61Minutes === false || r.status === 'failed' || r.status === 'server-unsuitable' ? 'error' : r.meets61Minutes === true ? 'info' : 'warning';
  return [{ code: `nat-timeout-${r.status}`, severity, text, next: null, stepIds: ['nat-timeout'] }];
}

/** The SIP-ALG check per transport: rewritten or not, and which lines. */
export function algSentences(r: AlgResultType): BilingualTextType[] {
  return (['udp', 'tcp'] as const).map((transport) => {
    const c = r[transport];
    const name = transport.toUpperCase();
    if (!c.answered) return { de: `SIP über ${name}: keine Antwort vom Echo (${c.error ?? '?'}).`, en: `SIP over ${name}: no answer from the echo (${c.error ?? '?'}).` };
    if (c.rewritten) {
      const lines = c.changes.slice(0, 3).map((x) => `„${x.sent}“ → „${x.received}“`).join('; ');
      return { de: `SIP über ${name}: ein SIP-ALG schreibt die Anfrage um (${lines}). Den SIP-ALG im Router/in der Firewall abschalten.`, en: `SIP over ${name}: a SIP ALG rewrites the request (${lines}). Turn off the SIP ALG in the router/firewall.` };
    }
    return { de: `SIP über ${name}: unverändert angekommen – kein SIP-ALG auf dem Weg.`, en: `SIP over ${name}: arrived unchanged – no SIP ALG on the way.` };
  });
}
