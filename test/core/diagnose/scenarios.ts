/**
 * Hand-written realistic traces, one per situation a single host cannot
 * produce on loopback, each with a near miss that must not raise the same
 * finding. Addresses are documentation ranges; a, b, p are the caller, the
 * callee and a proxy.
 */
import { dialogHeaders, type Hop, OFFER, sip } from '../../helpers/sip-trace.js';

const A = '192.0.2.10:5060';
const B = '198.51.100.20:5060';
const P = '203.0.113.1:5060';

const invite = (
  branch: string,
  cseq = '1 INVITE',
  extra: string[] = [],
  body = OFFER,
  uri = 'sip:+14155550100@example.com',
) =>
  sip(
    [
      `INVITE ${uri} SIP/2.0`,
      ...dialogHeaders({
        branch,
        cseq,
        extra: [
          'Contact: <sip:alice@192.0.2.10:5060>',
          'Max-Forwards: 70',
          ...(body ? ['Content-Type: application/sdp'] : []),
          ...extra,
        ],
      }),
    ],
    body,
  );
const response = (
  status: string,
  branch: string,
  cseq = '1 INVITE',
  extra: string[] = [],
  body = '',
) =>
  sip(
    [
      `SIP/2.0 ${status}`,
      ...dialogHeaders({
        branch,
        cseq,
        toTag: 'bob-1',
        extra: [...(body ? ['Content-Type: application/sdp'] : []), ...extra],
      }),
    ],
    body,
  );
const ack = (branch: string, cseq = '1 ACK') =>
  sip([
    'ACK sip:+14155550100@example.com SIP/2.0',
    ...dialogHeaders({ branch, cseq, toTag: 'bob-1', extra: ['Max-Forwards: 70'] }),
  ]);
const hop = (at: number, from: string, to: string, text: string): Hop => ({ at, from, to, text });

export interface Scenario {
  name: string;
  hops: Hop[];
  /** Finding ids that must be raised. */
  expect: string[];
  /** Finding ids that must not be raised. */
  reject?: string[];
  /** The first finding, when the test pins it. */
  top?: string;
}

const challengeThen = (retryStatus: string, challengeExtra: string[] = []): Hop[] => [
  hop(
    0,
    A,
    B,
    sip([
      'REGISTER sip:example.com SIP/2.0',
      ...dialogHeaders({
        branch: 'z9hG4bK-reg1',
        cseq: '1 REGISTER',
        extra: ['Contact: <sip:alice@192.0.2.10:5060>', 'Max-Forwards: 70'],
      }),
    ]),
  ),
  hop(
    8,
    B,
    A,
    sip([
      'SIP/2.0 401 Unauthorized',
      ...dialogHeaders({
        branch: 'z9hG4bK-reg1',
        cseq: '1 REGISTER',
        toTag: 'r1',
        extra: ['WWW-Authenticate: Digest realm="example.com", nonce="n1", qop="auth"'],
      }),
    ]),
  ),
  hop(
    12,
    A,
    B,
    sip([
      'REGISTER sip:example.com SIP/2.0',
      ...dialogHeaders({
        branch: 'z9hG4bK-reg2',
        cseq: '2 REGISTER',
        extra: [
          'Contact: <sip:alice@192.0.2.10:5060>',
          'Max-Forwards: 70',
          'Authorization: Digest username="alice", realm="example.com", nonce="n1", uri="sip:example.com", response="5f3c1e9a0b7d4c2e8f6a1b3c5d7e9f01", cnonce="c0ffee42", qop=auth, nc=00000001',
        ],
      }),
    ]),
  ),
  hop(
    20,
    B,
    A,
    sip([
      `SIP/2.0 ${retryStatus}`,
      ...dialogHeaders({
        branch: 'z9hG4bK-reg2',
        cseq: '2 REGISTER',
        toTag: 'r1',
        extra: challengeExtra,
      }),
    ]),
  ),
];

export const SCENARIOS: Scenario[] = [
  {
    name: 'wrong password: the retry with credentials is challenged again',
    hops: challengeThen('401 Unauthorized', [
      'WWW-Authenticate: Digest realm="example.com", nonce="n2", qop="auth"',
    ]),
    expect: ['auth.credentials-rejected'],
    reject: ['auth.challenge', 'auth.stale-nonce'],
    top: 'auth.credentials-rejected',
  },
  {
    name: 'challenge answered and accepted (near miss for rejected credentials)',
    hops: challengeThen('200 OK'),
    expect: ['auth.challenge'],
    reject: ['auth.credentials-rejected', 'auth.no-credentials', 'auth.realm-mismatch'],
  },
  {
    name: 'stale nonce',
    hops: challengeThen('401 Unauthorized', [
      'WWW-Authenticate: Digest realm="example.com", nonce="n3", stale=true, qop="auth"',
    ]),
    expect: ['auth.stale-nonce'],
    reject: ['auth.credentials-rejected'],
  },
  {
    name: 'proxy authentication never answered',
    hops: [
      hop(0, A, P, invite('z9hG4bK-na1')),
      hop(
        6,
        P,
        A,
        response('407 Proxy Authentication Required', 'z9hG4bK-na1', '1 INVITE', [
          'Proxy-Authenticate: Digest realm="example.com", nonce="x"',
        ]),
      ),
      hop(9, A, P, ack('z9hG4bK-na1')),
    ],
    expect: ['auth.no-credentials'],
    top: 'auth.no-credentials',
  },
  {
    name: 'INVITE retransmitted for 32 s with no answer',
    hops: [0, 500, 1500, 3500, 7500, 15500, 31500].map((at) =>
      hop(at, A, B, invite('z9hG4bK-to1')),
    ),
    expect: ['transport.timeout'],
    top: 'transport.timeout',
  },
  {
    name: 'INVITE answered by 100 Trying (near miss for no response)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-ok1')),
      hop(40, B, A, response('100 Trying', 'z9hG4bK-ok1')),
    ],
    expect: [],
    reject: [
      'transport.timeout',
      'transport.no-response',
      'transport.udp-too-large',
      'clearing.reason',
      'clearing.warning',
    ],
  },
  {
    name: 'a proxy turns a downstream 503 into 500',
    hops: [
      hop(0, A, P, invite('z9hG4bK-up1')),
      hop(
        5,
        P,
        B,
        invite('z9hG4bK-down1', '1 INVITE', [], OFFER).replace(
          'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-down1',
          'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-down1\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-up1',
        ),
      ),
      hop(
        30,
        B,
        P,
        response('503 Service Unavailable', 'z9hG4bK-down1', '1 INVITE', [
          'Retry-After: 60',
          'Server: FreeSWITCH-mod_sofia/1.10.9',
        ]),
      ),
      hop(
        33,
        P,
        A,
        response('500 Server Internal Error', 'z9hG4bK-up1', '1 INVITE', [
          'Server: Kamailio (5.6.4 (x86_64/linux))',
        ]),
      ),
    ],
    expect: ['server.internal-error', 'server.overloaded'],
  },
  {
    name: '200 OK retransmitted, ACK never arrives',
    hops: [
      hop(0, A, B, invite('z9hG4bK-ma1')),
      hop(
        100,
        B,
        A,
        response(
          '200 OK',
          'z9hG4bK-ma1',
          '1 INVITE',
          ['Contact: <sip:bob@198.51.100.20:5060>'],
          OFFER,
        ),
      ),
      hop(
        600,
        B,
        A,
        response(
          '200 OK',
          'z9hG4bK-ma1',
          '1 INVITE',
          ['Contact: <sip:bob@198.51.100.20:5060>'],
          OFFER,
        ),
      ),
      hop(
        1600,
        B,
        A,
        response(
          '200 OK',
          'z9hG4bK-ma1',
          '1 INVITE',
          ['Contact: <sip:bob@198.51.100.20:5060>'],
          OFFER,
        ),
      ),
      hop(
        3600,
        B,
        A,
        response(
          '200 OK',
          'z9hG4bK-ma1',
          '1 INVITE',
          ['Contact: <sip:bob@198.51.100.20:5060>'],
          OFFER,
        ),
      ),
    ],
    expect: ['dialog.missing-ack'],
    top: 'dialog.missing-ack',
  },
  {
    name: '200 OK acknowledged (near miss for missing ACK)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-ak1')),
      hop(100, B, A, response('200 OK', 'z9hG4bK-ak1', '1 INVITE', [], OFFER)),
      hop(110, A, B, ack('z9hG4bK-ak2')),
    ],
    expect: [],
    reject: ['dialog.missing-ack', 'media.no-answer-sdp'],
  },
  {
    name: 'T.38 re-INVITE refused',
    hops: [
      hop(
        0,
        A,
        B,
        invite(
          'z9hG4bK-fx1',
          '3 INVITE',
          [],
          OFFER.replace('m=audio 40000 RTP/AVP 0 8 101', 'm=image 40002 udptl t38'),
        ),
      ),
      hop(
        40,
        B,
        A,
        response('488 Not Acceptable Here', 'z9hG4bK-fx1', '3 INVITE', [
          'Warning: 304 gw.example.com "Media type not available"',
        ]),
      ),
    ],
    expect: ['media.t38-rejected', 'clearing.warning'],
    reject: ['media.srtp-mismatch'],
    top: 'media.t38-rejected',
  },
  {
    name: 'SRTP offered to a plain RTP gateway',
    hops: [
      hop(
        0,
        A,
        B,
        invite(
          'z9hG4bK-sr1',
          '1 INVITE',
          [],
          `${OFFER.replace('RTP/AVP', 'RTP/SAVP')}a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:32\r\n`,
        ),
      ),
      hop(40, B, A, response('488 Not Acceptable Here', 'z9hG4bK-sr1')),
    ],
    expect: ['media.srtp-mismatch'],
    reject: ['media.t38-rejected'],
    top: 'media.srtp-mismatch',
  },
  {
    name: 'session interval too small',
    hops: [
      hop(0, A, B, invite('z9hG4bK-se1', '1 INVITE', ['Session-Expires: 60', 'Supported: timer'])),
      hop(
        20,
        B,
        A,
        response('422 Session Interval Too Small', 'z9hG4bK-se1', '1 INVITE', ['Min-SE: 90']),
      ),
    ],
    expect: ['timer.session-interval-too-small'],
    top: 'timer.session-interval-too-small',
  },
  {
    name: 'STIR/SHAKEN: invalid Identity header',
    hops: [
      hop(0, A, B, invite('z9hG4bK-id1')),
      hop(20, B, A, response('438 Invalid Identity Header', 'z9hG4bK-id1')),
    ],
    expect: ['identity.invalid'],
    top: 'identity.invalid',
  },
  {
    name: 'STIR/SHAKEN: stale date',
    hops: [
      hop(0, A, B, invite('z9hG4bK-id2')),
      hop(20, B, A, response('403 Stale Date', 'z9hG4bK-id2')),
    ],
    expect: ['identity.stale-date'],
    reject: ['policy.forbidden'],
  },
  {
    name: 'plain 403 (near miss for stale date)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-fb1')),
      hop(
        20,
        B,
        A,
        response('403 Forbidden', 'z9hG4bK-fb1', '1 INVITE', [
          'Warning: 399 sbc.example.com "Source IP not allowed"',
        ]),
      ),
    ],
    expect: ['policy.forbidden', 'clearing.warning'],
    reject: ['identity.stale-date', 'auth.credentials-rejected'],
    top: 'policy.forbidden',
  },
  {
    name: 'SIP scanner probing with OPTIONS',
    hops: [
      hop(
        0,
        '203.0.113.66:5070',
        B,
        sip([
          'OPTIONS sip:100@198.51.100.20 SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-sc1',
            cseq: '1 OPTIONS',
            extra: ['User-Agent: friendly-scanner', 'Max-Forwards: 70'],
          }),
        ]),
      ),
    ],
    expect: ['security.scanner'],
  },
  {
    name: 'ordinary phone (near miss for scanner)',
    hops: [
      hop(
        0,
        A,
        B,
        sip([
          'OPTIONS sip:100@198.51.100.20 SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-sc2',
            cseq: '1 OPTIONS',
            extra: ['User-Agent: Yealink SIP-T46U 108.86.0.20', 'Max-Forwards: 70'],
          }),
        ]),
      ),
      hop(
        5,
        B,
        A,
        sip([
          'SIP/2.0 200 OK',
          ...dialogHeaders({ branch: 'z9hG4bK-sc2', cseq: '1 OPTIONS', toTag: 'o' }),
        ]),
      ),
    ],
    expect: [],
    reject: ['security.scanner'],
  },
  {
    name: 'phone behind NAT: private Via and Contact from a public address',
    hops: [
      hop(
        0,
        '203.0.113.50:61234',
        B,
        invite('z9hG4bK-nat1', '1 INVITE', [], OFFER.replace(/192\.0\.2\.10/g, '192.168.1.20'))
          .replace('Via: SIP/2.0/UDP 192.0.2.10:5060', 'Via: SIP/2.0/UDP 192.168.1.20:5060')
          .replace(
            'Contact: <sip:alice@192.0.2.10:5060>',
            'Contact: <sip:alice@192.168.1.20:5060>',
          ),
      ),
      hop(30, B, '203.0.113.50:61234', response('100 Trying', 'z9hG4bK-nat1')),
    ],
    expect: ['nat.private-address'],
    reject: ['nat.received-mismatch'],
  },
  {
    name: 'private addresses on a private network (near miss for NAT)',
    hops: [
      hop(
        0,
        '192.168.1.20:5060',
        '192.168.1.1:5060',
        invite('z9hG4bK-nat2', '1 INVITE', [], OFFER.replace(/192\.0\.2\.10/g, '192.168.1.20')),
      ),
    ],
    expect: [],
    reject: ['nat.private-address'],
  },
  {
    name: 're-INVITE glare',
    hops: [
      hop(0, A, B, invite('z9hG4bK-gl1', '2 INVITE')),
      hop(10, B, A, response('491 Request Pending', 'z9hG4bK-gl1', '2 INVITE')),
    ],
    expect: ['dialog.glare'],
  },
  {
    name: 'busy with a Q.850 Reason',
    hops: [
      hop(0, A, B, invite('z9hG4bK-bz1')),
      hop(
        900,
        B,
        A,
        response('486 Busy Here', 'z9hG4bK-bz1', '1 INVITE', [
          'Reason: Q.850;cause=17;text="User busy"',
        ]),
      ),
    ],
    expect: ['callee.busy', 'clearing.reason'],
    top: 'callee.busy',
  },
  {
    name: 'CANCEL crosses the 200 OK',
    hops: [
      hop(0, A, B, invite('z9hG4bK-cr1')),
      hop(50, B, A, response('180 Ringing', 'z9hG4bK-cr1')),
      hop(
        4000,
        A,
        B,
        sip([
          'CANCEL sip:+14155550100@example.com SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-cr1',
            cseq: '1 CANCEL',
            extra: ['Max-Forwards: 70'],
          }),
        ]),
      ),
      hop(4001, B, A, response('200 OK', 'z9hG4bK-cr1', '1 INVITE', [], OFFER)),
      hop(4005, B, A, response('200 OK', 'z9hG4bK-cr1', '1 CANCEL')),
    ],
    expect: ['dialog.cancel-race'],
  },
  {
    name: 'INVITE too large for UDP',
    hops: [
      hop(
        0,
        A,
        B,
        invite(
          'z9hG4bK-big1',
          '1 INVITE',
          Array.from({ length: 12 }, (_, i) => `X-Padding-${i}: ${'p'.repeat(100)}`),
        ),
      ),
    ],
    expect: ['transport.udp-too-large'],
  },
  {
    name: 'credentials answer another realm',
    hops: [
      hop(
        0,
        A,
        B,
        sip([
          'REGISTER sip:example.com SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-rm1',
            cseq: '1 REGISTER',
            extra: ['Max-Forwards: 70'],
          }),
        ]),
      ),
      hop(
        8,
        B,
        A,
        sip([
          'SIP/2.0 401 Unauthorized',
          ...dialogHeaders({
            branch: 'z9hG4bK-rm1',
            cseq: '1 REGISTER',
            toTag: 'r1',
            extra: ['WWW-Authenticate: Digest realm="pbx.example.com", nonce="n1"'],
          }),
        ]),
      ),
      hop(
        12,
        A,
        B,
        sip([
          'REGISTER sip:example.com SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-rm2',
            cseq: '2 REGISTER',
            extra: [
              'Max-Forwards: 70',
              'Authorization: Digest username="alice", realm="example.com", nonce="n1", uri="sip:example.com", response="aaaabbbbccccddddeeeeffff00001111"',
            ],
          }),
        ]),
      ),
      hop(
        20,
        B,
        A,
        sip([
          'SIP/2.0 403 Forbidden',
          ...dialogHeaders({ branch: 'z9hG4bK-rm2', cseq: '2 REGISTER', toTag: 'r1' }),
        ]),
      ),
    ],
    expect: ['auth.realm-mismatch', 'auth.credentials-rejected'],
    reject: ['policy.forbidden'],
  },
  {
    name: 'a proxy marks the caller behind NAT with received=',
    hops: [
      hop(
        0,
        P,
        B,
        invite('z9hG4bK-rc1', '1 INVITE', [], OFFER).replace(
          'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-rc1',
          'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-rc1\r\nVia: SIP/2.0/UDP 10.1.1.5:5060;received=198.18.7.7;rport=40112;branch=z9hG4bK-orig',
        ),
      ),
      hop(20, B, P, response('100 Trying', 'z9hG4bK-rc1')),
    ],
    expect: ['nat.received-mismatch'],
  },
  {
    name: 'call put on hold',
    hops: [
      hop(
        0,
        A,
        B,
        invite('z9hG4bK-hd1', '2 INVITE', [], OFFER.replace('a=sendrecv', 'a=sendonly')),
      ),
      hop(
        20,
        B,
        A,
        response(
          '200 OK',
          'z9hG4bK-hd1',
          '2 INVITE',
          [],
          OFFER.replace('a=sendrecv', 'a=recvonly'),
        ),
      ),
      hop(25, A, B, ack('z9hG4bK-hd2', '2 ACK')),
    ],
    expect: ['media.hold-or-inactive'],
    reject: ['media.no-answer-sdp'],
  },
  {
    name: 'call put on hold, the direction written in capitals (a=SendOnly)',
    hops: [
      hop(
        0,
        A,
        B,
        invite('z9hG4bK-hd3', '2 INVITE', [], OFFER.replace('a=sendrecv', 'a=SendOnly')),
      ),
      hop(20, B, A, response('200 OK', 'z9hG4bK-hd3', '2 INVITE', [], OFFER)),
      hop(25, A, B, ack('z9hG4bK-hd4', '2 ACK')),
    ],
    expect: ['media.hold-or-inactive'],
  },
  {
    name: 'call put on hold the old way (c=IN IP4 0.0.0.0)',
    hops: [
      hop(
        0,
        A,
        B,
        invite(
          'z9hG4bK-hd5',
          '2 INVITE',
          [],
          OFFER.replace(/c=IN IP4 [0-9.]+/, 'c=IN IP4 0.0.0.0'),
        ),
      ),
      hop(20, B, A, response('200 OK', 'z9hG4bK-hd5', '2 INVITE', [], OFFER)),
      hop(25, A, B, ack('z9hG4bK-hd6', '2 ACK')),
    ],
    expect: ['media.hold-or-inactive'],
  },
  {
    name: '200 OK without the SDP answer',
    hops: [
      hop(0, A, B, invite('z9hG4bK-na9')),
      hop(20, B, A, response('200 OK', 'z9hG4bK-na9')),
      hop(25, A, B, ack('z9hG4bK-na10')),
    ],
    expect: ['media.no-answer-sdp'],
    reject: ['media.hold-or-inactive'],
  },
  {
    name: 'body shorter than Content-Length, CSeq method wrong, RFC 2543 branch',
    hops: [
      hop(
        0,
        A,
        B,
        `${invite('old-branch-7', '1 INVITE')
          .replace(/Content-Length: \d+/, 'Content-Length: 400')
          .replace('CSeq: 1 INVITE', 'CSeq: 1 OPTIONS')}`,
      ),
    ],
    expect: [
      'message.content-length-mismatch',
      'message.cseq-mismatch',
      'message.non-rfc3261-branch',
    ],
  },
  {
    name: 'well-formed INVITE (near miss for message defects)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-wf1')),
      hop(30, B, A, response('180 Ringing', 'z9hG4bK-wf1')),
    ],
    expect: [],
    reject: [
      'message.content-length-mismatch',
      'message.cseq-mismatch',
      'message.non-rfc3261-branch',
      'message.malformed',
    ],
  },
  {
    name: 'garbage in a header line',
    hops: [
      hop(
        0,
        A,
        B,
        invite('z9hG4bK-gb1').replace(
          'Max-Forwards: 70',
          'Max-Forwards: 70\r\nthis line is not a header',
        ),
      ),
    ],
    expect: ['message.malformed'],
  },
  {
    name: 'OPTIONS sent once, nothing back',
    hops: [
      hop(
        0,
        A,
        B,
        sip([
          'OPTIONS sip:198.51.100.20 SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-op1',
            cseq: '1 OPTIONS',
            extra: ['Max-Forwards: 70'],
          }),
        ]),
      ),
    ],
    expect: ['transport.no-response'],
    reject: ['transport.timeout'],
  },
  {
    name: 'rang, then 480 when nobody answered',
    hops: [
      hop(0, A, B, invite('z9hG4bK-nr1')),
      hop(100, B, A, response('180 Ringing', 'z9hG4bK-nr1')),
      hop(
        30100,
        B,
        A,
        response('480 Temporarily Unavailable', 'z9hG4bK-nr1', '1 INVITE', [
          'Reason: Q.850;cause=19;text="No answer from user"',
        ]),
      ),
    ],
    expect: ['callee.no-answer'],
    reject: ['callee.unavailable'],
  },
  {
    name: 'reliable 183 retransmitted, no PRACK',
    hops: [
      hop(0, A, B, invite('z9hG4bK-pr1', '1 INVITE', ['Supported: 100rel'])),
      ...[100, 600, 1600, 3600].map((at) =>
        hop(
          at,
          B,
          A,
          response(
            '183 Session Progress',
            'z9hG4bK-pr1',
            '1 INVITE',
            ['Require: 100rel', 'RSeq: 1'],
            OFFER,
          ),
        ),
      ),
    ],
    expect: ['extension.prack-missing'],
  },
  {
    name: 'reliable 183 acknowledged by PRACK (near miss)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-pr2', '1 INVITE', ['Supported: 100rel'])),
      hop(
        100,
        B,
        A,
        response(
          '183 Session Progress',
          'z9hG4bK-pr2',
          '1 INVITE',
          ['Require: 100rel', 'RSeq: 1'],
          OFFER,
        ),
      ),
      hop(
        600,
        B,
        A,
        response(
          '183 Session Progress',
          'z9hG4bK-pr2',
          '1 INVITE',
          ['Require: 100rel', 'RSeq: 1'],
          OFFER,
        ),
      ),
      hop(
        700,
        A,
        B,
        sip([
          'PRACK sip:bob@198.51.100.20 SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-pr3',
            cseq: '2 PRACK',
            toTag: 'bob-1',
            extra: ['RAck: 1 1 INVITE', 'Max-Forwards: 70'],
          }),
        ]),
      ),
    ],
    expect: [],
    reject: ['extension.prack-missing'],
  },
  {
    name: 'BYE because the session timer expired',
    hops: [
      hop(
        0,
        A,
        B,
        invite('z9hG4bK-st1', '1 INVITE', [
          'Session-Expires: 1800;refresher=uac',
          'Supported: timer',
        ]),
      ),
      hop(
        50,
        B,
        A,
        response(
          '200 OK',
          'z9hG4bK-st1',
          '1 INVITE',
          ['Session-Expires: 1800;refresher=uac', 'Require: timer'],
          OFFER,
        ),
      ),
      hop(60, A, B, ack('z9hG4bK-st2')),
      hop(
        1_800_060,
        B,
        A,
        sip([
          'BYE sip:alice@192.0.2.10:5060 SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-st3',
            cseq: '1 BYE',
            toTag: 'bob-1',
            extra: ['Reason: SIP;cause=408;text="Session timer expired"', 'Max-Forwards: 70'],
          }),
        ]),
      ),
    ],
    expect: ['timer.session-expired'],
  },
  {
    name: 'BYE because the session timer expired, its Reason folded over three lines',
    hops: [
      hop(0, A, B, invite('z9hG4bK-st7', '1 INVITE', ['Session-Expires: 90;refresher=uas'])),
      hop(50, B, A, response('200 OK', 'z9hG4bK-st7', '1 INVITE', [], OFFER)),
      hop(60, A, B, ack('z9hG4bK-st8')),
      hop(
        90_060,
        A,
        B,
        sip([
          'BYE sip:bob@192.0.2.20:5060 SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-st9',
            cseq: '2 BYE',
            toTag: 'bob-1',
            // Unfolded, the text reads "Session timer ran out".
            extra: [
              'Reason: SIP;cause=408;\r\n text="Session\r\n\t timer ran out"',
              'Max-Forwards: 70',
            ],
          }),
        ]),
      ),
    ],
    expect: ['timer.session-expired'],
  },
  {
    name: 'ordinary hang-up with session timers (near miss)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-st4', '1 INVITE', ['Session-Expires: 1800;refresher=uac'])),
      hop(50, B, A, response('200 OK', 'z9hG4bK-st4', '1 INVITE', [], OFFER)),
      hop(60, A, B, ack('z9hG4bK-st5')),
      hop(
        60_000,
        B,
        A,
        sip([
          'BYE sip:alice@192.0.2.10:5060 SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-st6',
            cseq: '1 BYE',
            toTag: 'bob-1',
            extra: ['Reason: Q.850;cause=16;text="Normal call clearing"', 'Max-Forwards: 70'],
          }),
        ]),
      ),
    ],
    expect: ['clearing.reason'],
    reject: ['timer.session-expired'],
  },
  {
    name: '480 at once, no ringing (near miss for no answer)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-un1')),
      hop(20, B, A, response('480 Temporarily Unavailable', 'z9hG4bK-un1')),
    ],
    expect: ['callee.unavailable'],
    reject: ['callee.no-answer'],
  },
  {
    name: 'CANCEL before any answer (near miss for the cancel race)',
    hops: [
      hop(0, A, B, invite('z9hG4bK-cc1')),
      hop(50, B, A, response('180 Ringing', 'z9hG4bK-cc1')),
      hop(
        3000,
        A,
        B,
        sip([
          'CANCEL sip:+14155550100@example.com SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-cc1',
            cseq: '1 CANCEL',
            extra: ['Max-Forwards: 70'],
          }),
        ]),
      ),
      hop(3002, B, A, response('200 OK', 'z9hG4bK-cc1', '1 CANCEL')),
      hop(3003, B, A, response('487 Request Terminated', 'z9hG4bK-cc1')),
      hop(3010, A, B, ack('z9hG4bK-cc1')),
    ],
    expect: ['dialog.cancelled'],
    reject: ['dialog.cancel-race', 'dialog.missing-ack'],
    top: 'dialog.cancelled',
  },
];
