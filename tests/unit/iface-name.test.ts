import { describe, expect, it } from 'vitest';
import { CaptureJobSpecSchema, IfaceNameSchema } from '../../shared/jobs/job-specs.js';

/** The capture job's interface name (issue 8 §1): what Linux, macOS and Windows call them, nothing that could act as an option or hide on screen. */

const WINDOWS_AND_OTHERS = [
  '\\Device\\NPF_{4A3F0C1E-9B2D-4C6E-8F1A-2B3C4D5E6F70}',
  '\\Device\\NPF_Loopback',
  'LAN-Verbindung* 2',
  'WLAN (2)',
  'Ethernet 2',
  'Drahtlosnetzwerkverbindung',
  'Drahtlosnetzwerkverbindung 2',
  'Local Area Connection* 10',
  'Connexion au réseau local',
  'Ethernet-Verbindung für Büro',
  'Bluetooth-Netzwerkverbindung',
  'vEthernet (Default Switch)',
  'eth0',
  'enp0s31f6.100',
  'wlp2s0',
  'br-4a3f0c1e9b2d',
  'en0',
  'utun3',
  'any',
  'lo',
  'eth0:1',
  'veth@if12',
  'x'.repeat(256),
];

const REFUSED = ['', '-w', '--iface', '-i eth0', ' eth0', 'eth0 ', '\teth0', 'eth0\0', 'eth0\n-w /tmp/x', 'eth0\r', 'eth0\x1b[2J', 'eth\u202e0', 'eth\u200b0', 'eth0\u2028', 'x'.repeat(257)];

describe('IfaceNameSchema', () => {
  it.each(WINDOWS_AND_OTHERS)('takes %j', (name) => {
    expect(IfaceNameSchema.safeParse(name).success).toBe(true);
    expect(CaptureJobSpecSchema.parse({ type: 'capture', iface: name }).iface).toBe(name);
  });

  it.each(REFUSED)('refuses %j', (name) => {
    expect(IfaceNameSchema.safeParse(name).success).toBe(false);
    expect(CaptureJobSpecSchema.safeParse({ type: 'capture', iface: name }).success).toBe(false);
  });
});
