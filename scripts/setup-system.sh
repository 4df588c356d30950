#!/usr/bin/env bash
# System packages the tests use as real peers and tools (Debian/Ubuntu):
#   chromium       headless browser for the e2e tests (driven by playwright-core, no browser download)
#   poppler-utils  pdftotext / pdfdetach / pdftoppm to read back the exported PDF
#   sip-tester     sipp, the PBX side of the SIP OPTIONS tests (UDP, TCP)
#   kamailio (+ kamailio-tls-modules)  a real SIP server answering OPTIONS over TLS
#   dnsmasq-base   a local DNS server for the resolver tests
#   coturn         turnserver as a STUN server (RFC 5389/5780)
#   nftables, iproute2  network namespaces and firewall rules for dropped/rejected ports
#   openssl        certificates (expired, wrong host name) for the TLS tests
#   tshark (+ dumpcap, editcap), tcpdump  capture SIP on loopback, convert formats, count messages to compare
#   sngrep         the ladder tool the benchmark compares with
#   faketime       moves the wall clock of one process, to test the NAT timeout's sleep detection
#   libpcap-dev    libpcap's headers, so npm builds node-pcap (optional dependency `pcap`) for live capture
# Needs root (or sudo). Safe to run again.
set -euo pipefail
packages=(chromium poppler-utils ca-certificates sip-tester kamailio kamailio-tls-modules dnsmasq-base coturn nftables iproute2 openssl tshark tcpdump sngrep faketime libpcap-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup-system: installed ${missing[*]}"
