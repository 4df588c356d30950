// A SIP peer for the probe tests, as a real process (it also runs inside a network namespace).
//   node sip-responder.mjs PORT MODE [ADDRESS]
// MODE: ok (200 to every request), delay:MS, garbage (junk first, then a 200), foreign (a 200 for
// another transaction only), delays:A,B,C (the n-th new transaction is answered after the n-th delay).
import { createSocket } from 'node:dgram';

const [port, mode = 'ok', address = '0.0.0.0'] = process.argv.slice(2);
const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
const header = (text, name) => (new RegExp(`^${name}:.*$`, 'mi').exec(text) ?? [''])[0];

function answer(text, rinfo, via = header(text, 'Via')) {
  const reply = [
    'SIP/2.0 200 OK',
    `${via};received=${rinfo.address}`,
    header(text, 'From'),
    `${header(text, 'To')};tag=responder`,
    header(text, 'Call-ID'),
    header(text, 'CSeq'),
    'Server: sft-responder',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  socket.send(reply, rinfo.port, rinfo.address);
}

const answered = new Set();
socket.on('message', (data, rinfo) => {
  const text = data.toString('latin1');
  const branch = /branch=([^;\s]+)/.exec(text)?.[1] ?? '';
  // Retransmissions of one transaction get one answer, like a stateless server that is quick.
  if (answered.has(branch)) return;
  answered.add(branch);
  if (mode === 'ok') answer(text, rinfo);
  else if (mode.startsWith('delay:')) setTimeout(() => answer(text, rinfo), Number(mode.slice(6)));
  else if (mode.startsWith('delays:')) setTimeout(() => answer(text, rinfo), Number(mode.slice(7).split(',')[answered.size - 1] ?? 0));
  else if (mode === 'garbage') {
    socket.send(Buffer.from([0, 1, 2, 3, 0xff, 0x10]), rinfo.port, rinfo.address);
    socket.send('SIP/2.0 banana\r\n\r\n', rinfo.port, rinfo.address);
    setTimeout(() => answer(text, rinfo), 50);
  } else if (mode === 'foreign') answer(text, rinfo, header(text, 'Via').replace(/branch=[^;\s]+/, 'branch=z9hG4bKsomeoneelse'));
});
socket.bind(Number(port), address, () => console.log('ready'));
