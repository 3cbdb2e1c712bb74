import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSdp } from '../../../src/core/sip/sdp.js';

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;
const ids = (r: { problems: { id: string }[] }) => r.problems.map((p) => p.id);

const asteriskOffer = crlf([
  'v=0',
  'o=- 1700812345 1700812347 IN IP4 203.0.113.10',
  's=Asterisk',
  'c=IN IP4 203.0.113.10',
  't=0 0',
  'm=audio 14562 RTP/AVP 0 8 9 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendrecv',
]);

const freeswitchSrtp = crlf([
  'v=0',
  'o=FreeSWITCH 1700790000 1700790001 IN IP4 198.51.100.20',
  's=FreeSWITCH',
  'c=IN IP4 198.51.100.20',
  't=0 0',
  'm=audio 23456 RTP/SAVP 9 0 8 101',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20|1:32',
  'a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj',
  'a=rtcp:23457 IN IP4 198.51.100.20',
]);

const fingerprint =
  '7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08';

const chromeOffer = crlf([
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS stream1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0 network-id 1',
  'a=candidate:435653019 1 tcp 1845501695 203.0.113.50 9 typ srflx raddr 192.168.0.196 rport 46243 tcptype active generation 0',
  'a=candidate:2157334355 1 udp 33562367 198.51.100.7 61665 typ relay raddr 203.0.113.50 rport 46243 generation 0',
  'a=end-of-candidates',
  'a=ice-ufrag:4ZcD',
  'a=ice-pwd:2/1muCWoOi3uLifh0NuRHlIn',
  'a=ice-options:trickle',
  `a=fingerprint:sha-256 ${fingerprint}`,
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=sendrecv',
  'a=msid:stream1 track1',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:3570614608 cname:4TOk42mSjXCkVIa6',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
  'c=IN IP4 0.0.0.0',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=ice-ufrag:4ZcD',
  'a=ice-pwd:2/1muCWoOi3uLifh0NuRHlIn',
  `a=fingerprint:sha-256 ${fingerprint}`,
  'a=setup:actpass',
  'a=mid:1',
  'a=recvonly',
  'a=rtcp-mux',
  'a=rtcp-rsize',
  'a=rtpmap:96 VP8/90000',
  'a=rtcp-fb:96 nack',
  'a=rtpmap:97 rtx/90000',
  'a=fmtp:97 apt=96',
]);

describe('parseSdp: real offers', () => {
  it('reads an Asterisk audio offer', () => {
    const sdp = parseSdp(asteriskOffer);
    expect(sdp.problems).toEqual([]);
    expect(sdp.version).toBe(0);
    expect(sdp.origin).toMatchObject({
      username: '-',
      sessionId: '1700812345',
      sessionVersion: '1700812347',
      netType: 'IN',
      addrType: 'IP4',
      address: '203.0.113.10',
    });
    expect(sdp.sessionName).toBe('Asterisk');
    expect(sdp.timing).toEqual([{ start: 0, stop: 0, line: 5 }]);
    expect(sdp.media).toHaveLength(1);
    const audio = sdp.media[0];
    expect(audio).toMatchObject({
      type: 'audio',
      port: 14562,
      protocol: 'RTP/AVP',
      formats: ['0', '8', '9', '101'],
      rejected: false,
      direction: 'sendrecv',
      effectiveDirection: 'sendrecv',
      ptime: 20,
      maxptime: 150,
      line: 6,
    });
    expect(audio?.effectiveConnection?.address).toBe('203.0.113.10');
    expect(audio?.codecs.map((c) => `${c.payloadType} ${c.encoding}/${c.clockRate}`)).toEqual([
      '0 PCMU/8000',
      '8 PCMA/8000',
      '9 G722/8000',
      '101 telephone-event/8000',
    ]);
    expect(audio?.codecs[3]?.fmtp).toBe('0-16');
    expect(audio?.fmtps[0]?.params).toEqual({ '0-16': '' });
  });

  it('reads FreeSWITCH SDES crypto and keeps the inline keys for redaction', () => {
    const sdp = parseSdp(freeswitchSrtp);
    expect(sdp.problems).toEqual([]);
    const audio = sdp.media[0];
    expect(audio?.crypto).toHaveLength(2);
    expect(audio?.crypto[0]).toMatchObject({
      tag: 1,
      suite: 'AES_CM_128_HMAC_SHA1_80',
      keyParams: [
        {
          method: 'inline',
          key: 'WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz',
          lifetime: '2^20',
          mki: '1',
          mkiLength: '32',
        },
      ],
      line: 11,
    });
    expect(audio?.crypto[1]?.keyParams[0]?.key).toBe('NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj');
    expect(audio?.rtcp).toEqual({
      port: 23457,
      netType: 'IN',
      addrType: 'IP4',
      address: '198.51.100.20',
      line: 13,
    });
    // Static payload types without rtpmap take their names from RFC 3551.
    expect(audio?.codecs.find((c) => c.payloadType === 0)).toEqual({
      payloadType: 0,
      encoding: 'PCMU',
      clockRate: 8000,
      channels: 1,
      static: true,
    });
  });

  it('reads a Chrome WebRTC offer: ICE, DTLS, BUNDLE, per-media direction', () => {
    const sdp = parseSdp(chromeOffer);
    expect(sdp.problems).toEqual([]);
    expect(sdp.groups).toEqual(['BUNDLE 0 1']);
    expect(sdp.media.map((m) => m.mid)).toEqual(['0', '1']);
    const [audio, video] = sdp.media;
    expect(audio?.effectiveDirection).toBe('sendrecv');
    expect(video?.effectiveDirection).toBe('recvonly');
    expect(audio?.rtcpMux).toBe(true);
    expect(audio?.iceUfrag).toBe('4ZcD');
    expect(audio?.icePwd).toBe('2/1muCWoOi3uLifh0NuRHlIn');
    expect(audio?.iceOptions).toEqual(['trickle']);
    expect(audio?.effectiveSetup).toBe('actpass');
    expect(audio?.effectiveFingerprints).toEqual([
      { hash: 'sha-256', value: fingerprint, line: 18 },
    ]);
    expect(audio?.endOfCandidates).toBe(true);
    expect(audio?.candidates).toHaveLength(3);
    expect(audio?.candidates[0]).toMatchObject({
      foundation: '1467250027',
      component: 1,
      transport: 'udp',
      priority: 2122260223,
      address: '192.168.0.196',
      port: 46243,
      type: 'host',
      extensions: { generation: '0', 'network-id': '1' },
    });
    expect(audio?.candidates[1]).toMatchObject({
      type: 'srflx',
      transport: 'tcp',
      relatedAddress: '192.168.0.196',
      relatedPort: 46243,
      extensions: { tcptype: 'active', generation: '0' },
    });
    expect(audio?.candidates[2]?.type).toBe('relay');
    expect(audio?.codecs[0]).toMatchObject({
      payloadType: 111,
      encoding: 'opus',
      clockRate: 48000,
      channels: 2,
    });
    expect(audio?.codecs[0]?.fmtp).toBe('minptime=10;useinbandfec=1');
    expect(audio?.fmtps[0]?.params).toEqual({ minptime: '10', useinbandfec: '1' });
    expect(video?.codecs.map((c) => c.encoding)).toEqual(['VP8', 'rtx']);
    expect(sdp.attributes.map((a) => a.name)).toEqual([
      'group',
      'extmap-allow-mixed',
      'msid-semantic',
    ]);
  });

  it('parses LF-only text the same as CRLF text', () => {
    const lf = parseSdp(chromeOffer.replaceAll('\r\n', '\n'));
    expect(lf).toEqual(parseSdp(chromeOffer));
  });

  it('lets the media inherit a session-level hold direction', () => {
    const sdp = parseSdp(
      crlf([
        'v=0',
        'o=root 5000 5001 IN IP4 192.0.2.5',
        's=call',
        'c=IN IP4 192.0.2.5',
        't=0 0',
        'a=sendonly',
        'm=audio 30000 RTP/AVP 8',
        'm=video 30002 RTP/AVP 34',
        'a=inactive',
      ]),
    );
    expect(sdp.problems).toEqual([]);
    expect(sdp.direction).toBe('sendonly');
    expect(sdp.media.map((m) => m.effectiveDirection)).toEqual(['sendonly', 'inactive']);
    expect(sdp.media[0]?.direction).toBeUndefined();
  });

  it('defaults to sendrecv and notes RFC 2543-style hold', () => {
    const sdp = parseSdp(
      crlf([
        'v=0',
        'o=- 1 1 IN IP4 192.0.2.5',
        's=-',
        'c=IN IP4 0.0.0.0',
        't=0 0',
        'm=audio 4000 RTP/AVP 0',
      ]),
    );
    expect(sdp.media[0]?.effectiveDirection).toBe('sendrecv');
    expect(ids(sdp)).toEqual(['sdp.connection.hold-address']);
    expect(sdp.problems[0]?.line).toBe(4);
  });

  it('prefers the media connection and reads IPv6 and multicast forms', () => {
    const sdp = parseSdp(
      crlf([
        'v=0',
        'o=- 1 1 IN IP6 2001:db8::1',
        's=-',
        'c=IN IP6 2001:db8::1',
        't=0 0',
        'm=audio 4000 RTP/AVP 0',
        'c=IN IP4 224.2.36.42/127/3',
        'm=audio 4002 RTP/AVP 0',
      ]),
    );
    expect(sdp.problems).toEqual([]);
    expect(sdp.media[0]?.effectiveConnection).toMatchObject({
      address: '224.2.36.42',
      ttl: 127,
      count: 3,
    });
    expect(sdp.media[1]?.effectiveConnection).toMatchObject({
      addrType: 'IP6',
      address: '2001:db8::1',
    });
  });

  it('accepts a rejected stream and a T.38 stream', () => {
    const sdp = parseSdp(
      crlf([
        'v=0',
        'o=- 1 2 IN IP4 192.0.2.9',
        's=-',
        't=0 0',
        'm=video 0 RTP/AVP 96',
        'm=image 4000 udptl t38',
        'c=IN IP4 192.0.2.9',
        'a=T38FaxVersion:0',
        'a=T38FaxRateManagement:transferredTCF',
      ]),
    );
    expect(sdp.problems).toEqual([]);
    expect(sdp.media[0]?.rejected).toBe(true);
    expect(sdp.media[1]).toMatchObject({
      type: 'image',
      protocol: 'udptl',
      formats: ['t38'],
      codecs: [],
    });
  });

  it('reads bandwidth lines and port counts', () => {
    const sdp = parseSdp(
      crlf([
        'v=0',
        'o=- 1 1 IN IP4 192.0.2.1',
        's=-',
        'c=IN IP4 192.0.2.1',
        'b=AS:256',
        't=0 0',
        'm=video 5000/2 RTP/AVP 31',
        'b=TIAS:64000',
      ]),
    );
    expect(sdp.problems).toEqual([]);
    expect(sdp.bandwidths).toEqual([{ type: 'AS', value: 256, line: 5 }]);
    expect(sdp.media[0]?.bandwidths).toEqual([{ type: 'TIAS', value: 64000, line: 8 }]);
    expect(sdp.media[0]?.portCount).toBe(2);
  });
});

const minimal = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0'];
const withMedia = (...lines: string[]) => parseSdp(crlf([...minimal, ...lines]));

describe('parseSdp: problems', () => {
  it('reports an empty body', () => {
    expect(ids(parseSdp(''))).toEqual(['sdp.empty']);
    expect(ids(parseSdp('\r\n\r\n'))).toEqual(['sdp.empty']);
  });

  it('reports missing mandatory lines', () => {
    const sdp = parseSdp('m=audio 4000 RTP/AVP 0\r\n');
    expect(ids(sdp)).toEqual([
      'sdp.version.not-first',
      'sdp.version.missing',
      'sdp.origin.missing',
      'sdp.session-name.missing',
      'sdp.timing.missing',
      'sdp.connection.missing',
    ]);
    expect(sdp.problems.every((p) => p.severity === 'error')).toBe(true);
  });

  it('reports malformed lines and points at them, offset by firstLine', () => {
    const sdp = parseSdp(crlf([...minimal, 'hello world', 'm=audio 4000 RTP/AVP 0']), {
      firstLine: 20,
    });
    expect(ids(sdp)).toEqual(['sdp.line.syntax']);
    expect(sdp.problems[0]?.line).toBe(25);
  });

  it('reports bad version, origin, timing and connection lines', () => {
    const sdp = parseSdp(
      crlf([
        'v=1',
        'o=- 1 IN IP4 192.0.2.1',
        's=-',
        'c=IN IP4 192.0.2.300',
        't=now',
        'm=audio 4000 RTP/AVP 0',
        'c=IN IP4',
      ]),
    );
    expect(ids(sdp)).toEqual([
      'sdp.version.value',
      'sdp.origin.syntax',
      'sdp.connection.address',
      'sdp.timing.syntax',
      'sdp.connection.syntax',
    ]);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 'c=IN IP4 2001:db8::5'))).toEqual([
      'sdp.connection.address',
    ]);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 'c=IN IP6 2001:db8:::5'))).toEqual([
      'sdp.connection.address',
    ]);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 'c=ATM NSAP 47.0005'))).toEqual([
      'sdp.connection.nettype',
      'sdp.connection.addrtype',
    ]);
  });

  it('reports bad m= lines', () => {
    expect(ids(withMedia('m=audio'))).toEqual(['sdp.media.syntax']);
    expect(ids(withMedia('m=audio abc RTP/AVP 0'))).toEqual(['sdp.media.port']);
    expect(ids(withMedia('m=audio 70000 RTP/AVP 0'))).toEqual(['sdp.media.port']);
    expect(ids(withMedia('m=audio 4000 RTP/AVP'))).toEqual(['sdp.media.formats-missing']);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0 200 x'))).toEqual([
      'sdp.media.format',
      'sdp.media.format',
    ]);
    expect(ids(withMedia('m=audio 4000/x RTP/AVP 0'))).toEqual(['sdp.media.port']);
  });

  it('reports rtpmap and fmtp problems', () => {
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 'a=rtpmap:96 opus/48000/2'))).toEqual([
      'sdp.rtpmap.unknown-payload',
    ]);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 96'))).toEqual(['sdp.format.rtpmap-missing']);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 96', 'a=rtpmap:96 opus'))).toEqual([
      'sdp.rtpmap.syntax',
      'sdp.format.rtpmap-missing',
    ]);
    expect(
      ids(
        withMedia('m=audio 4000 RTP/AVP 96', 'a=rtpmap:96 opus/48000', 'a=rtpmap:96 speex/16000'),
      ),
    ).toEqual(['sdp.rtpmap.duplicate']);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 'a=fmtp:101 0-16'))).toEqual([
      'sdp.fmtp.unknown-payload',
    ]);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 'a=fmtp:'))).toEqual(['sdp.fmtp.syntax']);
  });

  it('reports conflicting directions at one level', () => {
    const sdp = withMedia('m=audio 4000 RTP/AVP 0', 'a=sendonly', 'a=recvonly');
    expect(ids(sdp)).toEqual(['sdp.direction.duplicate']);
    expect(sdp.media[0]?.effectiveDirection).toBe('recvonly');
  });

  it('reports SRTP keying problems', () => {
    expect(ids(withMedia('m=audio 4000 RTP/SAVP 0'))).toEqual(['sdp.srtp.keys-missing']);
    expect(
      ids(
        withMedia(
          'm=audio 4000 RTP/AVP 0',
          'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz',
        ),
      ),
    ).toEqual(['sdp.crypto.profile']);
    expect(
      ids(
        withMedia('m=audio 4000 RTP/SAVP 0', 'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:c2hvcnQ='),
      ),
    ).toEqual(['sdp.crypto.key-length']);
    expect(
      ids(
        withMedia(
          'm=audio 4000 RTP/SAVP 0',
          'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:not*base64',
        ),
      ),
    ).toEqual(['sdp.crypto.key-syntax']);
    expect(ids(withMedia('m=audio 4000 RTP/SAVP 0', 'a=crypto:x AES_CM_128_HMAC_SHA1_80'))).toEqual(
      ['sdp.crypto.syntax', 'sdp.srtp.keys-missing'],
    );
    expect(
      ids(
        withMedia(
          'm=audio 4000 RTP/SAVP 0',
          'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz',
          'a=crypto:1 MY_SUITE inline:abcd',
        ),
      ),
    ).toEqual(['sdp.crypto.tag-duplicate', 'sdp.crypto.suite-unknown']);
  });

  it('accepts a DTLS fingerprint at session level for SAVPF media', () => {
    const sdp = parseSdp(
      crlf([
        ...minimal,
        `a=fingerprint:SHA-256 ${fingerprint}`,
        'a=setup:passive',
        'm=audio 4000 UDP/TLS/RTP/SAVPF 0',
      ]),
    );
    expect(sdp.problems).toEqual([]);
    expect(sdp.media[0]?.effectiveFingerprints[0]?.hash).toBe('sha-256');
    expect(sdp.media[0]?.effectiveSetup).toBe('passive');
  });

  it('reports malformed fingerprint, setup, candidate, rtcp and ptime attributes', () => {
    expect(
      ids(
        withMedia(
          'm=audio 4000 UDP/TLS/RTP/SAVPF 0',
          'a=fingerprint:sha-256 7B8BF0',
          'a=setup:both',
          'a=candidate:1 1 udp 2122260223 192.0.2.1 5000 host',
          'a=candidate:1 1 udp 2122260223 192.0.2.1 5000 typ magic',
          'a=rtcp:abc',
          'a=ptime:twenty',
          'a=maxptime:1.5.0',
        ),
      ),
    ).toEqual([
      'sdp.fingerprint.syntax',
      'sdp.setup.value',
      'sdp.candidate.syntax',
      'sdp.candidate.type',
      'sdp.rtcp.syntax',
      'sdp.ptime.syntax',
      'sdp.maxptime.syntax',
    ]);
    expect(withMedia('m=audio 4000 RTP/AVP 0', 'a=ptime:0.5').media[0]?.ptime).toBe(0.5);
  });

  it('reports order, unknown line types, bad bandwidth and blank lines', () => {
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 't=0 0'))).toEqual(['sdp.line.order']);
    expect(ids(withMedia('y=1', 'm=audio 4000 RTP/AVP 0'))).toEqual(['sdp.line.unknown-type']);
    expect(ids(withMedia('m=audio 4000 RTP/AVP 0', 'b=AS'))).toEqual(['sdp.bandwidth.syntax']);
    expect(ids(withMedia('', 'm=audio 4000 RTP/AVP 0'))).toEqual(['sdp.line.blank']);
    expect(ids(parseSdp(`${crlf([...minimal, 'm=audio 4000 RTP/AVP 0'])}\r\n\r\n`))).toEqual([]);
    expect(ids(withMedia('o=- 2 2 IN IP4 192.0.2.1', 'm=audio 4000 RTP/AVP 0'))).toEqual([
      'sdp.line.duplicate',
    ]);
  });

  it('caps a flood of one problem and says how many were left out', () => {
    const sdp = parseSdp(crlf([...minimal, ...Array.from({ length: 500 }, () => 'garbage')]));
    const syntax = sdp.problems.filter((p) => p.id === 'sdp.line.syntax');
    expect(syntax).toHaveLength(20);
    expect(sdp.problems.at(-1)).toMatchObject({ id: 'problems.truncated', severity: 'note' });
    expect(sdp.problems.at(-1)?.message).toContain('480');
  });
});

describe('parseSdp: robustness', () => {
  const lineArb = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      ...chromeOffer.split('\r\n'),
      ...freeswitchSrtp.split('\r\n'),
      'm=',
      'a=',
      'c=',
      'a=rtpmap:',
      '=',
    ),
  );

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const sdp = parseSdp(text);
        expect(sdp.problems.length).toBeLessThanOrEqual(2000);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on shuffled and mutated real lines', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { maxLength: 60 }),
        fc.constantFrom('\r\n', '\n', '\r'),
        (lines, eol) => {
          const sdp = parseSdp(lines.join(eol));
          for (const m of sdp.media)
            expect(['sendrecv', 'sendonly', 'recvonly', 'inactive']).toContain(
              m.effectiveDirection,
            );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays linear on large and hostile bodies', () => {
    const manyFormats = Array.from({ length: 20_000 }, (_, i) => String(i % 128)).join(' ');
    const hostile = [
      crlf([
        ...minimal,
        `m=audio 4000 RTP/AVP ${manyFormats}`,
        ...Array.from({ length: 20_000 }, (_, i) => `a=rtpmap:${i % 128} x/8000`),
      ]),
      'a='.repeat(200_000),
      '\n'.repeat(200_000),
      crlf([...minimal, ...Array.from({ length: 5_000 }, () => 'm=audio 4000 RTP/AVP 0 8')]),
      `v=0\r\na=${':'.repeat(500_000)}`,
    ];
    const started = performance.now();
    for (const text of hostile) parseSdp(text);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
