import { CaptureWriter, ipv4, udp } from './capture-writer.js';

/**
 * A capture of about `mb` MB for tests of progress and cancel: RTP-sized datagrams with a SIP
 * OPTIONS from a phone number every 500 of them. Returns the file and how many SIP messages it has.
 */
export function largeCapture(mb: number): { file: Buffer; sip: number } {
  const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
  const voice = Buffer.alloc(1200, 0x55);
  voice[0] = 0x80;
  voice[1] = 8;
  let t = Date.UTC(2026, 10, 28, 10) * 1000;
  let sip = 0;
  for (let i = 0; i * 1250 < mb * 1048576; i++) {
    if (i % 500 === 0) {
      sip++;
      const options = Buffer.from(`OPTIONS sip:pbx.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK${i}\r\nFrom: <sip:+4972150959${String(i % 1000).padStart(3, '0')}@pbx.example.com>;tag=${i}\r\nTo: <sip:pbx.example.com>\r\nCall-ID: c${i}@192.0.2.7\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`);
      w.packet((t += 100), ipv4('192.0.2.7', '192.0.2.60', 17, udp(5060, 5060, options), i)[0]!);
    }
    w.packet((t += 20_000), ipv4('192.0.2.7', '192.0.2.60', 17, udp(40000, 40002, voice), i)[0]!);
  }
  return { file: w.toBuffer(), sip };
}
