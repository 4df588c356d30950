import type { ReporterRoleType, ServiceAreaType } from '../model/case.js';
import type { LocalizedTextType } from './types.js';

/** The service areas the technician chooses from, with who may report faults in them (seed, top). */
export const AREAS: ReadonlyArray<{ id: ServiceAreaType; label: LocalizedTextType; hint: LocalizedTextType; reporters: readonly ReporterRoleType[] }> = [
  {
    id: 'cloud',
    label: { de: 'STARFACE Cloud', en: 'STARFACE Cloud' },
    hint: { de: 'Anlage in der STARFACE Cloud (z. B. name.starface-cloud.com)', en: 'PBX in the STARFACE Cloud (e.g. name.starface-cloud.com)' },
    reporters: ['partner'],
  },
  {
    id: 'connect',
    label: { de: 'STARFACE Connect', en: 'STARFACE Connect' },
    hint: { de: 'SIP-Leitung von STARFACE, Kunden-Center', en: 'STARFACE SIP line, Kunden-Center' },
    reporters: ['partner', 'customer'],
  },
  {
    id: 'dsl',
    label: { de: 'STARFACE DSL', en: 'STARFACE DSL' },
    hint: { de: 'Internetanschluss über STARFACE mit FRITZ!Box', en: 'Internet access via STARFACE with a FRITZ!Box' },
    reporters: ['partner', 'customer'],
  },
  {
    id: 'appliance',
    label: { de: 'Telefonie auf Appliance / VM', en: 'Telephony on appliance / VM' },
    hint: { de: 'Anlage beim Kunden oder im Rechenzentrum des Partners', en: 'PBX at the customer or in the partner’s data centre' },
    reporters: ['partner', 'customer'],
  },
  {
    id: 'other',
    label: { de: 'Sonstige Dienste', en: 'Other services' },
    hint: { de: 'Partner-Portal, Push-Server (iPhone)', en: 'Partner-Portal, push server (iPhone)' },
    reporters: ['partner'],
  },
];
