/**
 * Bare messages in plain text: how messages are separated, line ends, a
 * lost blank line, bodies with and without Content-Length, truncation,
 * chat decorations, and text that is not SIP at all.
 */
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';
import { invite, lf, response, SDP, sipMessage } from './sample-messages.js';
import { splitWireMessage } from './wire-message.js';

describe('bare messages', () => {
  it('separates messages that follow each other with no blank line between them', () => {
    const text = invite() + response('100 Trying') + response('486 Busy Here');
    const result = extractMessages(text);
    expect(result.messages.map((m) => m.content)).toEqual([
      invite(),
      response('100 Trying'),
      response('486 Busy Here'),
    ]);
    expect(result.format).toBe('raw');
    expect(result.problems).toEqual([]);
  });

  it('rebuilds CRLF line ends from LF-only, CR-only and mixed pastes', () => {
    const original = invite() + response('486 Busy Here');
    const mixed =
      lf(invite()).replace('Max-Forwards: 70\n', 'Max-Forwards: 70\r\n') +
      response('486 Busy Here').replace(/\r\n/g, '\r');
    for (const text of [
      lf(original),
      original.replace(/\r\n/g, '\r'),
      mixed,
      original.replace(/\r\n/g, '\r\r\n'),
    ]) {
      expect(extractMessages(text).messages.map((m) => m.content)).toEqual([
        invite(),
        response('486 Busy Here'),
      ]);
    }
  });

  it('gives the 1-based line each message starts on', () => {
    const text = `hello\n\n${lf(invite())}\n${lf(response('486 Busy Here'))}`;
    const lines = text.split('\n');
    const result = extractMessages(text);
    expect(result.messages.map((m) => m.source.line)).toEqual([
      3,
      lines.indexOf('SIP/2.0 486 Busy Here') + 1,
    ]);
  });

  it('restores a blank line lost before the body', () => {
    const text = lf(invite()).replace('\n\nv=0', '\nv=0');
    const [message] = extractMessages(text).messages;
    expect(message?.content).toBe(invite());
  });

  it('ends a body where Content-Length says and finds the next message after leftover lines', () => {
    const short = invite().replace(/Content-Length: \d+/, 'Content-Length: 10');
    const result = extractMessages(
      `${lf(short)}trailing junk line\n${lf(response('486 Busy Here'))}`,
    );
    expect(result.messages).toHaveLength(2);
    const wire = splitWireMessage(result.messages[0]?.content ?? '');
    expect(wire.body).toBe('v=0\r\no=- 1');
    expect(result.messages[1]?.content).toBe(response('486 Busy Here'));
  });

  it('runs a body without Content-Length to the next start line, dropping blank lines after it', () => {
    const noLength = invite().replace(/Content-Length: \d+\r\n/, '');
    const result = extractMessages(`${lf(noLength)}\n\n\n${lf(response('486 Busy Here'))}`);
    expect(result.messages.map((m) => splitWireMessage(m.content).body)).toEqual([SDP, '']);
  });

  it('keeps a message/sipfrag body that looks like a status line', () => {
    const notify = sipMessage(
      'NOTIFY sip:alice@192.0.2.10 SIP/2.0',
      [
        'Via: SIP/2.0/UDP 198.51.100.20;branch=z9hG4bK-n1',
        'From: <sip:bob@example.com>;tag=b1',
        'To: <sip:alice@example.com>;tag=a1',
        'Call-ID: refer-1@198.51.100.20',
        'CSeq: 2 NOTIFY',
        'Event: refer',
        'Content-Type: message/sipfrag;version=2.0',
        'Content-Length: *',
      ],
      'SIP/2.0 200 OK\r\n',
    );
    const result = extractMessages(lf(notify + response('200 OK')));
    expect(result.messages.map((m) => m.content)).toEqual([notify, response('200 OK')]);
  });

  it('keeps a truncated final message and flags it', () => {
    const cut = lf(invite()).split('\n').slice(0, -4).join('\n');
    const result = extractMessages(`${lf(response('100 Trying'))}\n${cut}\n`);
    expect(result.messages).toHaveLength(2);
    const last = result.messages[1];
    expect(last?.source.truncated).toBe(true);
    expect(splitWireMessage(last?.content ?? '').body).toBe(
      'v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\n',
    );
    expect(result.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        id: 'extract.truncated',
        line: last?.source.line,
      }),
    ]);
    expect(result.messages[0]?.source.truncated).toBeUndefined();
  });

  it('keeps folded header lines and compact header names', () => {
    const compact = sipMessage('OPTIONS sip:bob@example.com SIP/2.0', [
      'v: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-c1',
      'f: <sip:alice@example.com>;tag=1',
      't: <sip:bob@example.com>',
      'i: compact-1@192.0.2.10',
      'CSeq: 1 OPTIONS',
      'Subject: a subject',
      '  folded onto a second line',
      'l: 0',
    ]);
    expect(extractMessages(lf(compact)).messages.map((m) => m.content)).toEqual([compact]);
  });

  it('counts the body in UTF-8 bytes', () => {
    const message = sipMessage(
      'MESSAGE sip:bob@example.com SIP/2.0',
      [
        'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-u1',
        'From: "Zoë" <sip:zoe@example.com>;tag=1',
        'To: <sip:bob@example.com>',
        'Call-ID: utf8-1@192.0.2.10',
        'CSeq: 1 MESSAGE',
        'Content-Type: text/plain;charset=utf-8',
        'Content-Length: *',
      ],
      'Grüße 😀 — à bientôt',
    );
    const result = extractMessages(`${lf(message)}\n\n${lf(response('200 OK'))}`);
    expect(result.messages.map((m) => m.content)).toEqual([message, response('200 OK')]);
  });

  it('keeps LF line ends in a body whose Content-Length counts them so', () => {
    const body = 'v=0\no=- 1 1 IN IP4 192.0.2.10\ns=-\n';
    const message = `${invite()
      .split('\r\n\r\n')[0]
      ?.replace(/Content-Length: \d+/, `Content-Length: ${body.length}`)}\r\n\r\n${body}`;
    const [found] = extractMessages(lf(message)).messages;
    expect(found?.content).toBe(message);
  });

  it('keeps each line end as pasted when the paste kept its CRs', () => {
    const body = 'first\nsecond\rthird\r\n';
    const message = sipMessage(
      'MESSAGE sip:bob@example.com SIP/2.0',
      [
        'Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-b1',
        'Call-ID: ends-1@192.0.2.10',
        'CSeq: 1 MESSAGE',
        'Content-Length: *',
      ],
      body,
    );
    expect(extractMessages(message).messages.map((m) => m.content)).toEqual([message]);
  });

  it('keeps trailing whitespace on the start line', () => {
    const message = response('100 ').replace('SIP/2.0 100 ', 'SIP/2.0 100 ');
    expect(extractMessages(message).messages[0]?.content).toBe(message);
  });
});

describe('text that is not SIP', () => {
  it.each([
    ['empty text', ''],
    ['prose', 'Hi team,\ncalls fail since 9:00. Any idea?\nThanks\n'],
    [
      'a start line without headers',
      'we send INVITE sip:bob@example.com SIP/2.0 and get nothing back\n',
    ],
    [
      'a start line followed by non-SIP "Name: value" lines',
      'INVITE sip:bob@example.com SIP/2.0\nNote: it fails\nTicket: 4711\n',
    ],
    ['HTTP', 'GET /index.html HTTP/1.1\nHost: example.com\nAccept: */*\n\n'],
    [
      'a status line in a log sentence',
      'proxy answered SIP/2.0 503 Service Unavailable\nSeverity: high\n',
    ],
    [
      'an Asterisk log without SIP debug',
      "[Nov 24 10:00:00] NOTICE[2281] chan_sip.c: Registration from '<sip:100@192.0.2.10>' failed\n",
    ],
    ['JSON without messages', '[{"id": 1, "note": "SIP/2.0 is the version"}]'],
  ])('%s gives no messages and no problems', (_name, text) => {
    expect(extractMessages(text)).toEqual({ messages: [], format: 'none', problems: [] });
  });
});

describe('chat and Markdown decorations', () => {
  it('reads messages inside ``` fences and stops at the closing fence', () => {
    const noLength = lf(response('486 Busy Here')).replace('Content-Length: 0\n', '');
    const text = `look:\n\`\`\`\n${noLength}\`\`\`\nafter the fence\n`;
    const [message] = extractMessages(text).messages;
    expect(splitWireMessage(message?.content ?? '').body).toBe('');
  });

  it('reads Slack-style fences with the message on the fence lines', () => {
    const body = lf(response('486 Busy Here')).trimEnd();
    const result = extractMessages(`\`\`\`${body}\`\`\``);
    expect(result.messages.map((m) => m.content)).toEqual([response('486 Busy Here')]);
  });

  it('strips chat quoting, nested or not, with blank quote lines', () => {
    const quoted = (prefix: string, message: string): string =>
      lf(message)
        .split('\n')
        .map((l) => (l ? `${prefix}${l}` : prefix.trimEnd()))
        .join('\n');
    const text = `${quoted('> ', invite())}\nsome reply\n${quoted('> > ', response('486 Busy Here'))}\n${quoted('>>', response('200 OK'))}`;
    expect(extractMessages(text).messages.map((m) => m.content)).toEqual([
      invite(),
      response('486 Busy Here'),
      response('200 OK'),
    ]);
  });

  it('reads a Markdown code block indented by four spaces', () => {
    const text = lf(invite())
      .split('\n')
      .map((l) => (l ? `    ${l}` : ''))
      .join('\n');
    const result = extractMessages(`Here:\n\n${text}\nthanks`);
    expect(result.messages.map((m) => m.content)).toEqual([invite()]);
    expect(result.format).toBe('raw');
  });
});

describe('messages logged on one line with escaped line ends', () => {
  it('splits rsyslog "#015#012" escapes', () => {
    const line = `Nov 24 10:00:00 sbc1 kamailio[812]: ${response('486 Busy Here').replace(/\r\n/g, '#015#012')}`;
    const [message] = extractMessages(line).messages;
    expect(message?.content).toBe(response('486 Busy Here'));
    expect(message?.source.timestampText).toBe('Nov 24 10:00:00');
  });

  it('splits literal "\\r\\n" escapes', () => {
    const line = `2026-11-24T10:00:00.5Z DEBUG sip: ${invite().replace(/\r\n/g, '\\r\\n')}`;
    const [message] = extractMessages(line).messages;
    expect(message?.content).toBe(invite());
    expect(message?.source.epochMicros).toBe(Date.UTC(2026, 10, 24, 10, 0, 0, 500) * 1000);
  });
});
