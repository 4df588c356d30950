// A SIP ALG for the tests, as a real process: it listens on LISTEN:PORT (UDP and TCP), forwards to
// TARGET:TPORT, and on the way there rewrites every FROM address in the payload to TO — what a
// router's SIP ALG does with a phone's private address. Answers come back unchanged.
//   node alg-proxy.mjs LISTEN PORT TARGET TPORT FROM TO
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';

const [listen, port, target, tport, from, to] = process.argv.slice(2);
const rewrite = (buf) => Buffer.from(buf.toString('latin1').split(from).join(to), 'latin1');

const outside = createSocket('udp4');
const inside = createSocket('udp4');
const clients = new Map();
inside.on('message', (data, rinfo) => {
  clients.set('last', rinfo);
  outside.send(rewrite(data), Number(tport), target);
});
outside.on('message', (data) => {
  const c = clients.get('last');
  if (c) inside.send(data, c.port, c.address);
});
outside.bind(0);
inside.bind(Number(port), listen);
createServer((client) => {
  const upstream = connect(Number(tport), target);
  client.on('data', (d) => upstream.write(rewrite(d)));
  upstream.on('data', (d) => client.write(d));
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
}).listen(Number(port), listen, () => console.log('ready'));
