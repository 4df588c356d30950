import type { BilingualTextType } from '../model/bounded.js';

/**
 * The TCP ports a site needs to reach a STARFACE (FACTS.md, "Übersicht der Portnutzung der
 * STARFACE", knowledge.starface.de pageId=46564693). Data, so a measurement can be given another
 * list; `role` says how much a closed port matters for the verdict:
 *  - required: telephony or the web UI breaks (SIP, HTTPS);
 *  - recommended: apps, TLS phones or provisioning break;
 *  - optional: only some setups need it (plain HTTP redirect, site networking).
 */
export interface StarfacePortType {
  port: number;
  role: 'required' | 'recommended' | 'optional';
  purpose: BilingualTextType;
}

export const STARFACE_TCP_PORTS: readonly StarfacePortType[] = [
  { port: 80, role: 'optional', purpose: { de: 'Weboberfläche und REST über HTTP', en: 'web UI and REST over HTTP' } },
  { port: 443, role: 'required', purpose: { de: 'Weboberfläche (HTTPS), Desktop- und Mobile-Apps', en: 'web UI (HTTPS), desktop and mobile apps' } },
  { port: 5060, role: 'required', purpose: { de: 'SIP (Telefone, Leitungen)', en: 'SIP (phones, lines)' } },
  { port: 5061, role: 'recommended', purpose: { de: 'SIP über TLS (Desktop-Apps, manche Provider)', en: 'SIP over TLS (desktop apps, some providers)' } },
  { port: 5222, role: 'recommended', purpose: { de: 'XMPP-Anmeldung der Apps', en: 'XMPP login of the apps' } },
  { port: 3090, role: 'optional', purpose: { de: 'Anlagenverbund', en: 'site networking' } },
  { port: 50080, role: 'recommended', purpose: { de: 'Provisionierung und Telefonmenüs (unverschlüsselt)', en: 'provisioning and phone menus (unencrypted)' } },
  { port: 50081, role: 'recommended', purpose: { de: 'Provisionierung mit TLS (OpenStage, Snom)', en: 'provisioning with TLS (OpenStage, Snom)' } },
];

export const DEFAULT_TCP_PORTS: readonly number[] = STARFACE_TCP_PORTS.map((p) => p.port);

/** Ports whose TLS certificate is checked: the web UI and SIP over TLS. */
export const TLS_PORTS: readonly number[] = [443, 5061];

export const STUN_PORT = 3478;

export function portInfo(port: number): StarfacePortType | undefined {
  return STARFACE_TCP_PORTS.find((p) => p.port === port);
}
