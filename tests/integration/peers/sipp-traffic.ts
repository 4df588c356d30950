import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bound, startPeer, waitFor, type PeerType } from './processes.js';

/**
 * Real SIP traffic on loopback made by sipp (FACTS.md): sipp as the PBX qualifying phones with
 * OPTIONS, sipp as phones answering at once, after 2500 ms or never, over UDP and TCP; phones
 * registering (a 401/403 loop and a normal digest registration); calls to a provider answered
 * 404/480/500/503. `expected` is what the scenario produced, message by message.
 */

export interface TrafficPlanType {
  ok: number;
  lagged: number;
  silent: number;
  tcp: number;
  invites: number;
}

export interface ExpectedTrafficType {
  ports: number[];
  devices: Record<string, { name: string; ok: number; lagged: number; unreachable: number; pending: number; transport: 'udp' | 'tcp' }>;
  registrations: Record<string, { requests: number; successes: number; challenges: number; failures: number; authLoops: number; expiresSeconds: number | null }>;
  sipMessages: number;
  responseCodes: Record<string, number>;
  retransmittedRequests: number;
}

const HEAD = '<?xml version="1.0" encoding="ISO-8859-1" ?>';

function answer(code: string, extra = ''): string {
  return `<send><![CDATA[
SIP/2.0 ${code}
[last_Via:]
[last_From:]
[last_To:];tag=[pid]t[call_number]
[last_Call-ID:]
[last_CSeq:]
${extra}Server: sipp-peer
Content-Length: 0

]]></send>`;
}

function request(method: string, cseq: number, user: string, extra = '', retransMs = 0): string {
  return `<send${retransMs > 0 ? ` retrans="${retransMs}"` : ''}><![CDATA[
${method} sip:${user}@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
Max-Forwards: 70
From: <sip:${user}@[local_ip]:[local_port]>;tag=[pid]f[call_number]
To: <sip:${user}@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: ${cseq} ${method}
Contact: <sip:${user}@[local_ip]:[local_port]>
${extra}User-Agent: sipp-peer
Content-Length: 0

]]></send>`;
}

const SCENARIOS = {
  phone: (pauseMs: number) => `${HEAD}<scenario name="phone"><recv request="OPTIONS"/>${pauseMs > 0 ? `<pause milliseconds="${pauseMs}"/>` : ''}${answer('200 OK')}</scenario>`,
  silentPhone: () => `${HEAD}<scenario name="silent"><recv request="OPTIONS"/></scenario>`,
  qualify: (timeoutMs: number, retransMs: number) =>
    `${HEAD}<scenario name="qualify">${request('OPTIONS', 1, '[service]', '', retransMs)}<recv response="200" timeout="${timeoutMs}" ontimeout="done"/><label id="done"/></scenario>`,
  registrarLoop: () =>
    `${HEAD}<scenario name="registrar-loop"><recv request="REGISTER"/>${answer('401 Unauthorized', 'WWW-Authenticate: Digest realm="sipp", nonce="1"\n')}<recv request="REGISTER"/>${answer('401 Unauthorized', 'WWW-Authenticate: Digest realm="sipp", nonce="2"\n')}<recv request="REGISTER"/>${answer('403 Forbidden')}</scenario>`,
  phoneLoop: () =>
    `${HEAD}<scenario name="phone-loop">${request('REGISTER', 1, '[service]', 'Expires: 3600\n')}<recv response="401"/>${request('REGISTER', 2, '[service]', 'Expires: 3600\nAuthorization: Digest username="x", realm="sipp", nonce="1", uri="sip:x", response="00"\n')}<recv response="401"/>${request('REGISTER', 3, '[service]', 'Expires: 3600\nAuthorization: Digest username="x", realm="sipp", nonce="2", uri="sip:x", response="00"\n')}<recv response="403"/></scenario>`,
  registrarOk: () =>
    `${HEAD}<scenario name="registrar-ok"><recv request="REGISTER"/>${answer('401 Unauthorized', 'WWW-Authenticate: Digest realm="sipp", nonce="3"\n')}<recv request="REGISTER"/>${answer('200 OK', '[last_Contact:];expires=120\n')}</scenario>`,
  phoneOk: () =>
    `${HEAD}<scenario name="phone-ok">${request('REGISTER', 1, '[service]', 'Expires: 120\n')}<recv response="401"/>${request('REGISTER', 2, '[service]', 'Expires: 120\nAuthorization: Digest username="x", realm="sipp", nonce="3", uri="sip:x", response="00"\n')}<recv response="200"/></scenario>`,
  provider: (codes: string[]) =>
    `${HEAD}<scenario name="provider">${codes.map((c) => `<recv request="INVITE"/>${answer(c)}<recv request="ACK"/>`).join('')}</scenario>`,
  caller: (codes: string[]) =>
    `${HEAD}<scenario name="caller">${codes
      .map((c, i) => `${request('INVITE', i + 1, '[service]')}<recv response="${c.slice(0, 3)}"/>${request('ACK', i + 1, '[service]')}`)
      .join('')}</scenario>`,
};


export class SippTraffic {
  readonly #dir: string;
  #port: number;
  readonly peers: PeerType[] = [];

  constructor(dir: string, basePort: number) {
    this.#dir = dir;
    this.#port = basePort;
  }

  /** The ports this traffic will use, for a capture filter (`portrange`). */
  get portRange(): [number, number] {
    return [this.#port, this.#port + 40];
  }

  async #sipp(name: string, xml: string, args: string[], waitBound?: 'udp' | 'tcp'): Promise<{ port: number; peer: PeerType }> {
    const port = this.#port++;
    const file = join(this.#dir, `${name}-${port}.xml`);
    await writeFile(file, xml);
    const peer = startPeer('sipp', ['-sf', file, '-i', '127.0.0.1', '-p', String(port), '-nostdin', '-trace_err', '-error_file', join(this.#dir, `${name}-${port}.err`), ...args], { cwd: this.#dir });
    this.peers.push(peer);
    if (waitBound !== undefined) await waitFor(`sipp ${name}`, () => bound(port, waitBound), peer);
    return { port, peer };
  }

  async #finished(peer: PeerType, timeoutMs: number): Promise<void> {
    await waitFor('sipp run', async () => peer.child.exitCode !== null || peer.child.signalCode !== null, undefined, timeoutMs);
  }

  /** Runs the whole plan; resolves when every sipp has ended, with what the capture must show. */
  async run(plan: TrafficPlanType): Promise<ExpectedTrafficType> {
    const ports: number[] = [];
    const devices: ExpectedTrafficType['devices'] = {};
    const runs: Array<Promise<void>> = [];
    const qualify = async (name: string, count: number, transport: 'u1' | 't1', phoneXml: string, timeoutMs: number, retransmit: boolean) => {
      const phone = await this.#sipp('phone', phoneXml, ['-t', transport, '-m', String(count)], transport === 'u1' ? 'udp' : 'tcp');
      const pbx = await this.#sipp('qualify', SCENARIOS.qualify(timeoutMs, retransmit ? 500 : 0), ['-t', transport, '-s', name, '-m', String(count), '-l', '1', '-r', '1', '-rp', '4000', ...(retransmit ? [] : ['-nr']), `127.0.0.1:${phone.port}`]);
      ports.push(phone.port, pbx.port);
      runs.push(this.#finished(pbx.peer, count * 4000 + 20_000));
      return phone.port;
    };
    const a = await qualify('2456.WinClient', plan.ok, 'u1', SCENARIOS.phone(0), 3500, false);
    devices[`127.0.0.1:${a}`] = { name: '2456.WinClient', ok: plan.ok, lagged: 0, unreachable: 0, pending: 0, transport: 'udp' };
    const b = await qualify('1234.SFiphone', plan.lagged, 'u1', SCENARIOS.phone(2500), 3500, false);
    devices[`127.0.0.1:${b}`] = { name: '1234.SFiphone', ok: 0, lagged: plan.lagged, unreachable: 0, pending: 0, transport: 'udp' };
    // Never answers; sipp retransmits at 500 and 1500 ms (Timer E) and gives up at 2000 ms.
    const c = await qualify('6789.SFandroid', plan.silent, 'u1', SCENARIOS.silentPhone(), 2000, true);
    devices[`127.0.0.1:${c}`] = { name: '6789.SFandroid', ok: 0, lagged: 0, unreachable: plan.silent - 1, pending: 1, transport: 'udp' };
    const d = await qualify('301.Yealink', plan.tcp, 't1', SCENARIOS.phone(0), 3500, false);
    devices[`127.0.0.1:${d}`] = { name: '301.Yealink', ok: plan.tcp, lagged: 0, unreachable: 0, pending: 0, transport: 'tcp' };

    const registrations: ExpectedTrafficType['registrations'] = {};
    const register = async (name: string, registrarXml: string, phoneXml: string, expected: ExpectedTrafficType['registrations'][string]) => {
      const registrar = await this.#sipp('registrar', registrarXml, ['-t', 'u1', '-m', '1'], 'udp');
      const phone = await this.#sipp('register', phoneXml, ['-t', 'u1', '-s', name, '-m', '1', '-nr', `127.0.0.1:${registrar.port}`]);
      ports.push(registrar.port, phone.port);
      registrations[`127.0.0.1:${phone.port}`] = expected;
      runs.push(this.#finished(phone.peer, 20_000));
    };
    await register('102', SCENARIOS.registrarLoop(), SCENARIOS.phoneLoop(), { requests: 3, successes: 0, challenges: 2, failures: 1, authLoops: 1, expiresSeconds: null });
    await register('103', SCENARIOS.registrarOk(), SCENARIOS.phoneOk(), { requests: 2, successes: 1, challenges: 1, failures: 0, authLoops: 0, expiresSeconds: 120 });

    const codes = ['404 Not Found', '480 Temporarily Unavailable', '500 Server Internal Error', '503 Service Unavailable'];
    const provider = await this.#sipp('provider', SCENARIOS.provider(codes), ['-t', 'u1', '-m', String(plan.invites)], 'udp');
    const caller = await this.#sipp('caller', SCENARIOS.caller(codes), ['-t', 'u1', '-s', '4930123456', '-m', String(plan.invites), '-l', '1', '-nr', `127.0.0.1:${provider.port}`]);
    ports.push(provider.port, caller.port);
    runs.push(this.#finished(caller.peer, 30_000));

    await Promise.all(runs);
    for (const p of this.peers) await p.stop();
    const answered = plan.ok + plan.lagged + plan.tcp;
    return {
      ports,
      devices,
      registrations,
      sipMessages: 2 * answered + 3 * plan.silent + 6 + 4 + 3 * 4 * plan.invites,
      responseCodes: { '200': answered + 1, '401': 3, '403': 1, '404': plan.invites, '480': plan.invites, '500': plan.invites, '503': plan.invites },
      retransmittedRequests: 2 * plan.silent,
    };
  }
}
