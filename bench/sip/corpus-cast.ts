/**
 * Who talks in the benchmark corpus: parties with names, numbers and
 * documentation addresses, proxies between them, the devices and servers
 * they run, and the per-call state (Call-ID, tags, CSeq) a flow moves along.
 */
import type { Endpoint } from '../../src/core/sip/types.js';
import type { Random } from './prng.js';

const DOMAINS = [
  'example.com',
  'example.net',
  'example.org',
  'voip.example.com',
  'pbx.example.net',
];
const NAMES = [
  'Alice Martin',
  'Bob Okafor',
  'Carol Nguyen',
  'Dmitri Petrov',
  'Eve Lindqvist',
  'Farid Haddad',
  'Grace Kim',
  'Hiro Tanaka',
  'Ines Duarte',
  'Jonas Weber',
];
const USER_AGENTS = [
  'Linphone/5.2.5 (belle-sip/5.2.4)',
  'Zoiper rv2.10.20.2',
  'Yealink SIP-T46U 108.86.0.45',
  'Grandstream GXP2170 1.0.11.23',
  'Polycom/6.4.6.2614 PolycomVVX-VVX_450-UA/6.4.6.2614',
  'MicroSIP/3.21.3',
  'baresip v3.10.1 (x86_64/linux)',
  'Cisco-CP8845/14.2.1',
];
const SERVERS = [
  'FreeSWITCH-mod_sofia/1.10.11-release~64bit',
  'Asterisk PBX 20.5.0',
  'kamailio (5.7.4 (x86_64/linux))',
  'OpenSIPS (3.4.3 (x86_64/linux))',
  'Cisco-SIPGateway/IOS-17.9.4a',
];
const ALTERNATE_PORTS = [
  5062, 5070, 5080, 5090, 5160, 6060, 7060, 15060, 25060, 35060, 45060, 55060,
];
export const ALLOW =
  'INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, UPDATE, PRACK';
export const SUPPORTED = [
  'replaces, timer',
  '100rel, replaces, timer, norefersub',
  'path, gruu, outbound',
  'timer',
];

export interface Party {
  user: string;
  display?: string;
  domain: string;
  address: string;
  port: number;
}

export interface Dialog {
  random: Random;
  clock: { micros: number };
  caller: Party;
  callee: Party;
  /** Proxies between caller and callee, nearest to the caller first. */
  proxies: Endpoint[];
  callId: string;
  fromTag: string;
  toTag: string;
  seq: number;
  compact: boolean;
  userAgent: string;
  server: string;
}

function newParty(random: Random, net: string): Party {
  const numeric = random.chance(0.4);
  const name = random.pick(NAMES);
  const user = numeric
    ? `+1555${random.int(1000000, 9999999)}`
    : (name.split(' ')[0] ?? 'user').toLowerCase() + random.int(10, 999);
  return {
    user,
    ...(numeric || random.chance(0.3) ? {} : { display: name }),
    domain: random.pick(DOMAINS),
    address: `${net}.${random.int(2, 254)}`,
    // Non-default ports stay clear of other protocols' well-known ports, so that tshark
    // dissects every packet as SIP and the comparison counts the same messages.
    port: random.chance(0.6) ? 5060 : random.pick(ALTERNATE_PORTS),
  };
}

export function newDialog(random: Random, clock: { micros: number }): Dialog {
  const proxyCount = random.pick([0, 1, 1, 2]);
  const proxies: Endpoint[] = [];
  for (let i = 0; i < proxyCount; i++)
    proxies.push({ address: `198.51.100.${random.int(2, 254)}`, port: 5060 });
  return {
    random,
    clock,
    caller: newParty(random, '192.0.2'),
    callee: newParty(random, '203.0.113'),
    proxies,
    callId: random.chance(0.5)
      ? `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`
      : `${random.token(22)}@192.0.2.${random.int(2, 254)}`,
    fromTag: random.hex(random.int(8, 16)),
    toTag: random.chance(0.5) ? random.hex(10) : `as${random.hex(8)}`,
    seq: random.int(1, 9000),
    compact: random.chance(0.12),
    userAgent: random.pick(USER_AGENTS),
    server: random.pick(SERVERS),
  };
}
