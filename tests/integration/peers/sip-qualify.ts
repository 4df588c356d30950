import { createSocket } from 'node:dgram';

/** `count` qualify rounds: OPTIONS from the "PBX" socket, 200 OK from the "phone" socket. */
export async function qualifyRounds(pbxPort: number, phonePort: number, count: number): Promise<void> {
  const pbx = createSocket('udp4');
  const phone = createSocket('udp4');
  await Promise.all([new Promise<void>((r) => pbx.bind(pbxPort, '127.0.0.1', r)), new Promise<void>((r) => phone.bind(phonePort, '127.0.0.1', r))]);
  let answered = 0;
  const all = new Promise<void>((resolve) => pbx.on('message', () => ++answered === count && resolve()));
  phone.on('message', (m) => {
    const text = m.toString();
    const header = (name: string) => new RegExp(`^${name}: .*$`, 'm').exec(text)?.[0] ?? '';
    phone.send(`SIP/2.0 200 OK\r\n${header('Via')}\r\n${header('From')}\r\n${header('To')};tag=p\r\n${header('Call-ID')}\r\n${header('CSeq')}\r\nContent-Length: 0\r\n\r\n`, pbxPort, '127.0.0.1');
  });
  for (let i = 0; i < count; i++) {
    const msg = `OPTIONS sip:${200 + (i % 7)}@127.0.0.1:${phonePort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${pbxPort};branch=z9hG4bK-${i}-${Math.random().toString(36).slice(2)}\r\nFrom: <sip:pbx@127.0.0.1>;tag=q${i}\r\nTo: <sip:${200 + (i % 7)}@127.0.0.1>\r\nCall-ID: q-${i}-${Date.now()}\r\nCSeq: ${i + 1} OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;
    pbx.send(msg, phonePort, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 10));
  }
  await all;
  pbx.close();
  phone.close();
}
