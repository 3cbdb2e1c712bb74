/**
 * Format details the sample pastes do not cover: IPv6 and TCP in tool
 * headers, prefixes around tool output, bodies tshark cannot show, JSON
 * shapes other than HOMER 7's, and log prefixes with extra words.
 */
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';
import { invite, lf, response, SDP } from './sample-messages.js';
import { splitWireMessage } from './wire-message.js';

const lines = (message: string, prefix = ''): string =>
  lf(message)
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');

describe('Asterisk', () => {
  it('reads pjsip headers with IPv6 and TCP, inside docker compose prefixes', () => {
    const text = [
      'asterisk-1  | <--- Received SIP request (812 bytes) from TCP:[2001:db8::10]:5060 --->',
      lines(invite(), 'asterisk-1  | '),
      'asterisk-1  | ',
      'asterisk-1  | <--- Transmitting SIP response (300 bytes) to TCP:[2001:db8::10]:5060 --->',
      lines(response('486 Busy Here'), 'asterisk-1  | '),
    ].join('\n');
    const result = extractMessages(text);
    expect(result.messages.map((m) => m.content)).toEqual([invite(), response('486 Busy Here')]);
    expect(
      result.messages.map((m) => [m.source.format, m.source.src, m.source.dst, m.source.transport]),
    ).toEqual([
      ['asterisk', { address: '2001:db8::10', port: 5060 }, undefined, 'TCP'],
      ['asterisk', undefined, { address: '2001:db8::10', port: 5060 }, 'TCP'],
    ]);
  });

  it('reads chan_sip messages up to the closing marker even without Content-Length', () => {
    const noLength = response('486 Busy Here').replace('Content-Length: 0\r\n', '');
    const text = `<--- SIP read from TLS:192.0.2.10:5061 --->\n${lf(noLength)}<------------->\n--- (5 headers 0 lines) ---\n`;
    const [message] = extractMessages(text).messages;
    expect(message?.content).toBe(noLength);
    expect(message?.source).toMatchObject({
      format: 'asterisk',
      src: { address: '192.0.2.10', port: 5061 },
      transport: 'TLS',
    });
  });
});

describe('FreeSWITCH', () => {
  it('reads IPv6 and TCP, ends a message at the dash line, and keeps a time without a date as text only', () => {
    const noLength = response('486 Busy Here').replace('Content-Length: 0\r\n', '');
    const dashes = `   ${'-'.repeat(72)}`;
    const text = `send 300 bytes to tcp/[2001:db8::10]:5060 at 23:59:59.000001:\n${dashes}\n${lines(noLength, '   ')}\n${dashes}\n`;
    const [message] = extractMessages(text).messages;
    expect(message?.content).toBe(noLength);
    expect(message?.source).toEqual({
      format: 'freeswitch',
      dst: { address: '2001:db8::10', port: 5060 },
      transport: 'TCP',
      timestampText: '23:59:59.000001',
      line: 3,
    });
  });
});

describe('sngrep-style headers', () => {
  it('reads the older export with a dash line and a transport word', () => {
    const header = '2026-11-24 10:00:00.5 TCP 192.0.2.10:5060 -> 198.51.100.20:5060';
    const text = `${header}\n${'-'.repeat(header.length)}\n${lf(response('486 Busy Here'))}\n`;
    const [message] = extractMessages(text).messages;
    expect(message?.content).toBe(response('486 Busy Here'));
    expect(message?.source).toMatchObject({
      format: 'sngrep',
      transport: 'TCP',
      src: { address: '192.0.2.10', port: 5060 },
      epochMicros: Date.UTC(2026, 10, 24, 10, 0, 0, 500) * 1000,
    });
  });

  it('does not take prose with an arrow for a header', () => {
    const text = `retry -> failover\n${lf(response('486 Busy Here'))}`;
    expect(extractMessages(text).messages[0]?.source.format).toBe('raw');
  });
});

describe('tshark trees', () => {
  const frame = (top: string[], sip: string[]): string =>
    [
      'Frame 7: 900 bytes on wire (7200 bits), 900 bytes captured (7200 bits) on interface eth0, id 0',
      ...top,
      ...sip,
      '',
    ].join('\n');
  const header = [
    'Internet Protocol Version 4, Src: 192.0.2.10, Dst: 198.51.100.20',
    'Transmission Control Protocol, Src Port: 40000, Dst Port: 5061, Seq: 1, Ack: 1, Len: 850',
    'Transport Layer Security',
    '    TLSv1.3 Record Layer: Application Data Protocol: Session Initiation Protocol',
  ];

  it.each([
    [
      'as tshark 4 shows it',
      ['    Message Body', '        Signal=5\\r\\n', '        Duration=160\\r\\n'],
    ],
    [
      'under "Line-based text data"',
      [
        '    Message Body',
        '        Line-based text data: application/dtmf-relay (2 lines)',
        '            Signal=5\\r\\n',
        '            Duration=160\\r\\n',
      ],
    ],
  ])('takes TLS over TCP as the transport and rebuilds a text body %s', (_how, body) => {
    const sip = [
      'Session Initiation Protocol (INFO)',
      '    Request-Line: INFO sip:bob@198.51.100.20 SIP/2.0',
      '    Message Header',
      '        Via: SIP/2.0/TLS 192.0.2.10:40000;branch=z9hG4bK-i1',
      '        Call-ID: info-1@192.0.2.10',
      '        CSeq: 2 INFO',
      '        Content-Type: application/dtmf-relay',
      '        Content-Length: 24',
      ...body,
    ];
    const [message] = extractMessages(frame(header, sip)).messages;
    expect(message?.source).toMatchObject({
      format: 'tshark',
      transport: 'TLS',
      src: { address: '192.0.2.10', port: 40000 },
      dst: { address: '198.51.100.20', port: 5061 },
    });
    expect(splitWireMessage(message?.content ?? '').body).toBe('Signal=5\r\nDuration=160\r\n');
    expect(message?.source.truncated).toBeUndefined();
  });

  it('flags messages whose body or header tshark could not show in full', () => {
    const xml = [
      'Session Initiation Protocol (NOTIFY)',
      '    Request-Line: NOTIFY sip:alice@192.0.2.10 SIP/2.0',
      '    Message Header',
      '         [truncated]Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-x1',
      '        Call-ID: notify-1@198.51.100.20',
      '        CSeq: 5 NOTIFY',
      '        Content-Type: application/pidf+xml',
      '        Content-Length: 400',
      '    Message Body',
      '        eXtensible Markup Language',
      '            <?xml',
    ];
    const result = extractMessages(frame([], xml));
    expect(result.messages[0]?.source.truncated).toBe(true);
    expect(result.messages[0]?.content).toContain(
      '\r\nVia: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-x1\r\n',
    );
    expect(result.problems.map((p) => p.id)).toEqual(['extract.truncated']);
  });

  it('reads a SIP subtree copied from Wireshark without its frame', () => {
    const sip = [
      'Session Initiation Protocol (486)',
      '    Status-Line: SIP/2.0 486 Busy Here',
      '        Status-Code: 486',
      '        [Resent Packet: False]',
      '    Message Header',
      ...lf(response('486 Busy Here'))
        .trim()
        .split('\n')
        .slice(1)
        .map((h) => `        ${h}`),
    ];
    const result = extractMessages(`Copied from Wireshark:\n\n${sip.join('\n')}\n`);
    expect(result.messages.map((m) => m.content)).toEqual([response('486 Busy Here')]);
    expect(result.messages[0]?.source.src).toBeUndefined();
  });
});

describe('JSON', () => {
  it('reads HOMER 5 style records (msg, source_ip, micro_ts) nested in a response object', () => {
    const doc = {
      status: 200,
      data: [
        {
          micro_ts: 1795514400123456,
          source_ip: '192.0.2.10',
          source_port: 5060,
          destination_ip: '2001:db8::20',
          destination_port: '5062',
          proto: 'udp',
          msg: invite(),
        },
        {
          micro_ts: '1795514400125901',
          source_ip: '2001:db8::20',
          source_port: 5062,
          destination_ip: '192.0.2.10',
          destination_port: 5060,
          proto: 17,
          msg: response('486 Busy Here'),
        },
      ],
    };
    const result = extractMessages(JSON.stringify(doc));
    expect(result.format).toBe('homer-json');
    expect(result.messages.map((m) => m.content)).toEqual([invite(), response('486 Busy Here')]);
    expect(
      result.messages.map((m) => [
        m.source.src,
        m.source.dst,
        m.source.transport,
        m.source.epochMicros,
      ]),
    ).toEqual([
      [
        { address: '192.0.2.10', port: 5060 },
        { address: '2001:db8::20', port: 5062 },
        'UDP',
        1795514400123456,
      ],
      [
        { address: '2001:db8::20', port: 5062 },
        { address: '192.0.2.10', port: 5060 },
        'UDP',
        1795514400125901,
      ],
    ]);
  });

  it('reads one record per line with the line it is on, and ISO times', () => {
    const text = [
      'exported records:',
      JSON.stringify({
        date: '2026-11-24T10:00:00.25+01:00',
        src: '192.0.2.10:5060',
        dst: '198.51.100.20:5060',
        transport: 'tcp',
        payload: invite(),
      }),
      JSON.stringify({
        date: '2026-11-24T10:00:01Z',
        src: '198.51.100.20:5060',
        dst: '192.0.2.10:5060',
        transport: 'tcp',
        payload: response('486 Busy Here'),
      }),
    ].join('\n');
    const result = extractMessages(text);
    expect(
      result.messages.map((m) => [
        m.source.line,
        m.source.src?.address,
        m.source.transport,
        m.source.epochMicros,
      ]),
    ).toEqual([
      [2, '192.0.2.10', 'TCP', Date.UTC(2026, 10, 24, 9, 0, 0, 250) * 1000],
      [3, '198.51.100.20', 'TCP', Date.UTC(2026, 10, 24, 10, 0, 1) * 1000],
    ]);
  });

  it('reads journalctl -o json lines, whose MESSAGE is an array of bytes when it holds a CR', () => {
    const bytesOf = (s: string): number[] => [...new TextEncoder().encode(s)];
    const entries = lf(response('486 Busy Here'))
      .replace(/\n$/, '')
      .split('\n')
      .map((l, i) => ({
        __REALTIME_TIMESTAMP: String(1795514400123456 + i),
        _PID: '812',
        MESSAGE: i % 2 ? `${l}` : bytesOf(`${l}\r`),
      }));
    const result = extractMessages(entries.map((e) => JSON.stringify(e)).join('\n'));
    expect(result.messages.map((m) => m.content)).toEqual([response('486 Busy Here')]);
    expect(result.messages[0]?.source).toMatchObject({
      format: 'journald-json',
      epochMicros: 1795514400123456,
    });
  });

  it('notes a JSON export that does not parse, and never throws on it', () => {
    const result = extractMessages('[{"raw": "INVITE sip:bob@example.com SIP/2.0\\r\\nVia: x"');
    expect(result.messages).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: 'note', id: 'extract.json-invalid' }),
    ]);
  });
});

describe('log prefixes', () => {
  it('strips the part of the prefix the following lines share when the first line had extra words', () => {
    const prefix = 'Nov  9 08:15:02 sbc1 kamailio[812]: ';
    const [first, ...rest] = lf(invite()).replace(/\n$/, '').split('\n');
    const text = [
      `${prefix}NOTICE: <script>: received: ${first}`,
      ...rest.map((l) => `${prefix}${l}`),
    ].join('\n');
    const [message] = extractMessages(text).messages;
    expect(message?.content).toBe(invite());
    expect(message?.source).toMatchObject({ format: 'syslog', timestampText: 'Nov  9 08:15:02' });
    expect(message?.source.epochMicros).toBeUndefined();
  });

  it('skips lines from other processes interleaved with a prefixed message', () => {
    const body = lf(invite()).replace(/\n$/, '').split('\n');
    const out: string[] = [];
    body.forEach((l, i) => {
      out.push(`Nov 24 10:00:0${i % 10} sbc1 kamailio[812]: ${l}`);
      if (i === 3)
        out.push('Nov 24 10:00:03 sbc1 rtpengine[640]: INFO: [core] Next kernel rule ID: 3');
    });
    expect(extractMessages(out.join('\n')).messages.map((m) => m.content)).toEqual([invite()]);
  });

  it('reads docker compose -t prefixes whose nanosecond times vary in length', () => {
    const text = lf(response('486 Busy Here'))
      .replace(/\n$/, '')
      .split('\n')
      .map((l, i) => `kamailio-1  | 2026-11-24T10:00:00.1${'2345'.slice(0, i % 4)}Z ${l}`)
      .join('\n');
    const [message] = extractMessages(text).messages;
    expect(message?.content).toBe(response('486 Busy Here'));
    expect(message?.source).toMatchObject({
      format: 'docker',
      epochMicros: Date.UTC(2026, 10, 24, 10, 0, 0, 100) * 1000,
    });
  });

  it('keeps SDP bodies whole under a prefix', () => {
    const text = lines(invite(), '2026-11-24T10:00:00.123456+00:00 sbc1 kamailio[812]: ');
    expect(splitWireMessage(extractMessages(text).messages[0]?.content ?? '').body).toBe(SDP);
  });
});

describe('JSON lists of message strings', () => {
  it('reads a plain array of messages', () => {
    const result = extractMessages(JSON.stringify([invite(), response('486 Busy Here')], null, 2));
    expect(result.messages.map((m) => m.content)).toEqual([invite(), response('486 Busy Here')]);
    expect(result.format).toBe('homer-json');
  });
});

describe('tcpdump', () => {
  it('ends a message at the header of a later IP fragment instead of gluing its bytes on', () => {
    const [head, body] = lf(invite()).split('\n\n');
    const firstPart = `${head}\n\n${(body ?? '').split('\n').slice(0, 3).join('\n')}`;
    const text = [
      '10:00:00.123456 IP 192.0.2.10.5060 > 198.51.100.20.5060: SIP: INVITE sip:bob@198.51.100.20 SIP/2.0',
      `E....F@.@./....d...${firstPart}`,
      '10:00:00.123470 IP 192.0.2.10 > 198.51.100.20: ip-proto-17',
      'E..(.G..@.......d...c=IN IP4 192.0.2.10',
      't=0 0',
      'SIP/2.0 200 OK',
      '10:00:00.200000 IP localhost.sip > localhost.5080: SIP: SIP/2.0 486 Busy Here',
    ].join('\n');
    const result = extractMessages(text);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]?.source.truncated).toBe(true);
    expect(result.messages[0]?.content).not.toContain('E..(');
  });

  it('reads resolved names and service ports', () => {
    const text = `10:00:00.5 IP pbx.example.com.sip > 192.0.2.10.5062: SIP: SIP/2.0 486 Busy Here\n${lf(response('486 Busy Here'))}`;
    expect(extractMessages(text).messages[0]?.source).toMatchObject({
      src: { address: 'pbx.example.com', port: 5060 },
      dst: { address: '192.0.2.10', port: 5062 },
      transport: 'UDP',
      timestampText: '10:00:00.5',
    });
  });
});
