import type { CliLanguageType } from './messages.js';

/** What the measuring commands say, in the user's language. */
const de = {
  usage: `Messungen (nur das genannte Ziel wird kontaktiert):
  starface-triage ports --host HOST [--ports 443,5061,…] [--timeout MS] [--json]
  starface-triage sip-ping --target sip:HOST[:PORT][;transport=udp|tcp|tls] [--count N] [--interval MS] [--large] [--json]
  starface-triage nat-type --stun HOST:PORT [--json]
  starface-triage nat-timeout --stun HOST:PORT [--max SEKUNDEN] [--kind stream|oneshot] [--json]
Weitere Optionen: --dns-server IP[:PORT], --stun-port N (0 = ohne STUN), --https-port N, bei sip-ping --timeout MS je Anfrage.
Beendet sich mit 0, wenn gemessen wurde (auch wenn Ports zu sind), mit 2 bei falscher Eingabe oder unbekanntem Ziel.`,
  missingHost: 'Bitte mit --host angeben, welche Anlage geprüft wird (Cloud-Name oder Adresse)',
  badHost: (v: string) => `„${v}“ ist kein Hostname und keine IP-Adresse`,
  missingTarget: 'Bitte mit --target das SIP-Ziel angeben: sip:HOST[:PORT][;transport=udp|tcp|tls]',
  badTarget: (v: string, why: string) => `„${v}“ ist kein brauchbares SIP-Ziel (${why})`,
  badNumber: (option: string, v: string, min: number, max: number) => `${option} „${v}“: erlaubt ist eine ganze Zahl von ${min} bis ${max}`,
  badPorts: (v: string) => `--ports „${v}“: erlaubt sind Ports von 1 bis 65535, durch Kommas getrennt`,
  badDnsServer: (v: string) => `--dns-server „${v}“ ist keine IP-Adresse (mit optionalem :PORT)`,
  notFound: (host: string) => `${host}: diesen Namen gibt es im DNS nicht – Schreibweise prüfen`,
  resolverUnreachable: (host: string) => `${host}: kein DNS-Server hat geantwortet – Netz und DNS-Einstellungen prüfen`,
  measuredFrom: (from: string, ms: number) => `Gemessen von ${from} in ${ms} ms.`,
  probe: (seq: number, cls: string, rtt: string, code: string) => `#${seq} ${cls} ${rtt} ${code}`,
};

const en: typeof de = {
  usage: `Measurements (only the target named is contacted):
  starface-triage ports --host HOST [--ports 443,5061,…] [--timeout MS] [--json]
  starface-triage sip-ping --target sip:HOST[:PORT][;transport=udp|tcp|tls] [--count N] [--interval MS] [--large] [--json]
  starface-triage nat-type --stun HOST:PORT [--json]
  starface-triage nat-timeout --stun HOST:PORT [--max SECONDS] [--kind stream|oneshot] [--json]
More options: --dns-server IP[:PORT], --stun-port N (0 = no STUN), --https-port N, for sip-ping --timeout MS per request.
Exits with 0 when it measured (even if ports are closed), 2 on bad input or an unknown target.`,
  missingHost: 'Please say with --host which PBX to check (cloud name or address)',
  badHost: (v) => `"${v}" is neither a host name nor an IP address`,
  missingTarget: 'Please give the SIP target with --target: sip:HOST[:PORT][;transport=udp|tcp|tls]',
  badTarget: (v, why) => `"${v}" is not a usable SIP target (${why})`,
  badNumber: (option, v, min, max) => `${option} "${v}": a whole number from ${min} to ${max} is allowed`,
  badPorts: (v) => `--ports "${v}": ports from 1 to 65535, separated by commas`,
  badDnsServer: (v) => `--dns-server "${v}" is not an IP address (with optional :PORT)`,
  notFound: (host) => `${host}: this name does not exist in DNS – check the spelling`,
  resolverUnreachable: (host) => `${host}: no DNS server answered – check the network and DNS settings`,
  measuredFrom: (from, ms) => `Measured from ${from} in ${ms} ms.`,
  probe: (seq, cls, rtt, code) => `#${seq} ${cls} ${rtt} ${code}`,
};

export type NetTextsType = typeof de;

export function netTexts(language: CliLanguageType): NetTextsType {
  return language === 'de' ? de : en;
}
