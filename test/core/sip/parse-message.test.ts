import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { materializeMessage, parseMessage } from '../../../src/core/sip/parse-message.js';

const CRLF = '\r\n';
const lines = (...l: string[]) => l.join(CRLF);

const INVITE = lines(
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'Allow: INVITE, ACK, CANCEL, OPTIONS, BYE',
  'Content-Type: application/sdp',
  'Content-Length: 4',
  '',
  'v=0\n',
);

const OK = lines(
  'SIP/2.0 200 OK',
  'v: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bKnashds8;received=192.0.2.3, SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  't: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf',
  'f: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'i: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'm: <sip:bob@192.0.2.4>',
  'l: 0',
  '',
  '',
);

describe('parseMessage: requests and responses', () => {
  it('parses a request completely', () => {
    const m = parseMessage(INVITE);
    expect(m.problems).toEqual([]);
    expect(m).toMatchObject({
      kind: 'request',
      method: 'INVITE',
      requestUri: 'sip:bob@biloxi.example.com',
      version: 'SIP/2.0',
      callId: 'a84b4c76e66710@pc33.atlanta.example.com',
      cseq: { seq: 314159, method: 'INVITE' },
      maxForwards: 70,
      contentLength: 4,
      body: 'v=0\n',
      bodyBytes: 4,
    });
    expect(m.code).toBeUndefined();
    expect(m.from).toMatchObject({
      displayName: 'Alice',
      tag: '1928301774',
      uri: { user: 'alice' },
    });
    expect(m.to?.displayName).toBe('Bob');
    expect(m.via).toHaveLength(1);
    expect(m.via[0]).toMatchObject({
      transport: 'UDP',
      host: 'pc33.atlanta.example.com',
      rport: true,
    });
    expect(m.contacts).toEqual([
      expect.objectContaining({ uriText: 'sip:alice@pc33.atlanta.example.com' }),
    ]);
    expect(m.parsedRequestUri?.host).toBe('biloxi.example.com');
    expect(m.headers.map((h) => h.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(m.length).toBe(INVITE.length);
  });

  it('parses a response with compact names and a comma-joined Via', () => {
    const m = parseMessage(OK);
    expect(m.problems).toEqual([]);
    expect(m).toMatchObject({
      kind: 'response',
      code: 200,
      reason: 'OK',
      version: 'SIP/2.0',
      contentLength: 0,
    });
    expect(m.method).toBeUndefined();
    expect(m.via.map((v) => v.host)).toEqual([
      'server10.biloxi.example.com',
      'pc33.atlanta.example.com',
    ]);
    expect(m.via[0]?.received).toBe('192.0.2.3');
    expect(m.to?.tag).toBe('a6c85cf');
    expect(m.header('Call-ID')?.name).toBe('i');
    expect(m.header('i')?.key).toBe('call-id');
    expect(m.header('CONTACT')?.value).toBe('<sip:bob@192.0.2.4>');
    expect(m.header('Nope')).toBeUndefined();
  });

  it('splits list headers into values, and only those', () => {
    const m = parseMessage(
      lines(
        'OPTIONS sip:x SIP/2.0',
        'Allow: INVITE, ACK',
        'Allow: BYE',
        'Date: Sat, 13 Nov 2010 23:29:00 GMT',
        'X-Thing: a, b',
        'Via: SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b;branch=z9hG4bK2',
        '',
        '',
      ),
    );
    expect(m.values('allow')).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(m.values('Date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(m.values('X-Thing')).toEqual(['a, b']);
    expect(m.values('v')).toHaveLength(2);
    expect(m.values('Missing')).toEqual([]);
  });
});

describe('parseMessage: line structure', () => {
  it('accepts bare LF and mixed line ends', () => {
    const lf = parseMessage(INVITE.replaceAll(CRLF, '\n'));
    expect(lf.problems).toEqual([]);
    expect(lf.callId).toBe('a84b4c76e66710@pc33.atlanta.example.com');
    expect(lf.body).toBe('v=0\n');
    const mixed = parseMessage(
      OK.replace(`l: 0${CRLF}`, 'l: 0\n').replace(
        'CSeq: 314159 INVITE\r\n',
        'CSeq: 314159 INVITE\n',
      ),
    );
    expect(mixed.problems).toEqual([]);
    expect(mixed.cseq?.seq).toBe(314159);
  });

  it('unfolds continuation lines into one space', () => {
    const m = parseMessage(
      lines(
        'OPTIONS sip:x SIP/2.0',
        'Subject: first',
        '   second',
        '\tthird',
        'cseq: 0009',
        '  OPTIONS',
        'X-Empty:',
        '',
        '',
      ),
    );
    expect(m.header('subject')?.value).toBe('first second third');
    expect(m.cseq).toEqual({ seq: 9, method: 'OPTIONS' });
    expect(m.header('x-empty')?.value).toBe('');
    expect(m.headers.map((h) => h.line)).toEqual([2, 5, 7]);
  });

  it('ignores CRLFs before the start line, counting them as lines', () => {
    const m = parseMessage(`${CRLF}${CRLF}${OK}`);
    expect(m.code).toBe(200);
    expect(m.headers[0]?.line).toBe(4);
  });

  it('takes the end of the input as the end of the headers when the blank line is missing', () => {
    const m = parseMessage(OK.slice(0, -2));
    expect(m.problems.map((p) => p.id)).toEqual(['message.no-blank-line']);
    expect(m.contentLength).toBe(0);
  });

  it('reports lines that are not header fields and continues', () => {
    const m = parseMessage(OK.replace('CSeq', 'Foobar roobar\r\nCSeq'));
    expect(m.problems).toContainEqual(
      expect.objectContaining({ id: 'header.malformed', line: 6, severity: 'error' }),
    );
    expect(m.cseq?.seq).toBe(314159);
    const badName = parseMessage(OK.replace('CSeq', 'Bad Name: x\r\nCSeq'));
    expect(badName.problems.map((p) => p.id)).toEqual(['header.malformed']);
  });
});

describe('parseMessage: body framing', () => {
  const withBody = (cl: string, body: string) =>
    lines(
      'MESSAGE sip:x@y SIP/2.0',
      'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
      'To: <sip:x@y>',
      'From: <sip:a@b>;tag=1',
      'Call-ID: c1',
      'CSeq: 1 MESSAGE',
      'Max-Forwards: 70',
      'Content-Type: text/plain',
      ...(cl ? [`Content-Length: ${cl}`] : []),
      '',
      body,
    );

  it('counts a string body in UTF-8 bytes and a byte body one byte per character', () => {
    const text = withBody('6', 'héllo');
    const fromString = parseMessage(text);
    expect(fromString.problems).toEqual([]);
    expect(fromString.body).toBe('héllo');
    expect(fromString.bodyBytes).toBe(6);
    const bytes = new TextEncoder().encode(text);
    const fromBytes = parseMessage(bytes);
    expect(fromBytes.problems).toEqual([]);
    expect(fromBytes.bodyBytes).toBe(6);
    expect(fromBytes.body).toBe('h\u00c3\u00a9llo');
    expect(fromBytes.length).toBe(bytes.length);
  });

  it('never splits a character when Content-Length ends inside it', () => {
    const m = parseMessage(withBody('2', 'é€'));
    expect(m.body).toBe('é');
    expect(m.bodyBytes).toBe(2);
    const astral = parseMessage(withBody('4', '😀x'));
    expect(astral.body).toBe('😀');
    expect(astral.bodyBytes).toBe(4);
  });

  it('reports a body shorter than Content-Length as truncated (with 400 for a request)', () => {
    const m = parseMessage(withBody('50', 'short'));
    expect(m.problems).toEqual([
      expect.objectContaining({ id: 'body.truncated', severity: 'error', response: 400 }),
    ]);
    expect(m.body).toBe('short');
  });

  it('reports bytes after the body but not trailing blank lines', () => {
    const extra = parseMessage(withBody('2', 'hi there'));
    expect(extra.body).toBe('hi');
    expect(extra.problems.map((p) => p.id)).toEqual(['body.extra-bytes']);
    expect(extra.length).toBe(extra.length);
    expect(parseMessage(withBody('2', 'hi\r\n\r\n')).problems).toEqual([]);
  });

  it('takes the rest as the body when Content-Length is missing, and says so', () => {
    const m = parseMessage(withBody('', 'the rest'));
    expect(m.body).toBe('the rest');
    expect(m.problems).toEqual([
      expect.objectContaining({ id: 'content-length.missing', severity: 'note' }),
    ]);
    const tcp = parseMessage(withBody('', 'x').replace('SIP/2.0/UDP', 'SIP/2.0/TCP'));
    expect(tcp.problems).toEqual([
      expect.objectContaining({ id: 'content-length.missing', severity: 'warning' }),
    ]);
  });

  it('never uses a negative or conflicting length', () => {
    expect(parseMessage(withBody('-5', 'abc')).problems.map((p) => p.id)).toEqual([
      'content-length.invalid',
    ]);
    const twice = parseMessage(
      withBody('3', 'abcdef').replace('Content-Length: 3', 'Content-Length: 3\r\nl: 5'),
    );
    expect(twice.contentLength).toBeUndefined();
    expect(twice.problems.map((p) => p.id)).toEqual(['content-length.conflict']);
    const same = parseMessage(
      withBody('3', 'abc').replace('Content-Length: 3', 'Content-Length: 3\r\nl: 3'),
    );
    expect(same.contentLength).toBe(3);
    expect(same.problems.map((p) => p.id)).toEqual(['header.duplicate']);
  });
});

describe('parseMessage: problems', () => {
  const request = (start: string, ...headers: string[]) =>
    lines(
      start,
      'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
      'To: <sip:x@y>',
      'From: <sip:a@b>;tag=1',
      'Call-ID: c1',
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
      ...headers,
      'Content-Length: 0',
      '',
      '',
    );

  it('gives each problem a severity, a stable id, a sentence, a line and for requests a response', () => {
    const m = parseMessage(request('OPTIONS sip:x@y SIP/3.0'));
    expect(m.problems).toEqual([
      {
        severity: 'error',
        id: 'start-line.version',
        message: expect.stringContaining('505'),
        line: 1,
        response: 505,
      },
    ]);
  });

  it('leaves the response code out for responses', () => {
    const m = parseMessage(OK.replace('SIP/2.0 200 OK', 'SIP/2.0 2000 OK'));
    expect(m.problems).toEqual([
      expect.objectContaining({ id: 'start-line.status-code', severity: 'error' }),
    ]);
    expect(m.problems[0]?.response).toBeUndefined();
    expect(m.code).toBeUndefined();
  });

  it('reads past extra and trailing spaces in the Request-Line but reports them', () => {
    const m = parseMessage(request('OPTIONS  sip:x@y SIP/2.0  '));
    expect(m.problems.map((p) => p.id)).toEqual([
      'start-line.extra-space',
      'start-line.trailing-space',
    ]);
    expect([m.method, m.requestUri, m.version]).toEqual(['OPTIONS', 'sip:x@y', 'SIP/2.0']);
  });

  it('names missing mandatory headers', () => {
    const m = parseMessage(lines('OPTIONS sip:x@y SIP/2.0', 'CSeq: 1 OPTIONS', '', ''));
    const missing = m.problems.filter((p) => p.id === 'header.missing');
    const named = (name: string) => missing.find((p) => p.message.includes(`${name} `))?.severity;
    expect(missing).toHaveLength(5);
    expect(['To', 'From', 'Call-ID', 'Via', 'Max-Forwards'].map(named)).toEqual([
      'error',
      'error',
      'error',
      'error',
      'warning',
    ]);
    expect(missing.filter((p) => p.severity === 'error').every((p) => p.response === 400)).toBe(
      true,
    );
  });

  it('checks CSeq against the method and ranges of numbers', () => {
    expect(parseMessage(request('INVITE sip:x@y SIP/2.0')).problems.map((p) => p.id)).toEqual([
      'cseq.method-mismatch',
    ]);
    const big = parseMessage(
      request('OPTIONS sip:x@y SIP/2.0').replace('CSeq: 1', 'CSeq: 36893488147419103232'),
    );
    expect(big.cseq).toBeUndefined();
    expect(big.problems.map((p) => p.id)).toEqual(['cseq.out-of-range']);
    const mf = parseMessage(
      request('OPTIONS sip:x@y SIP/2.0').replace('Max-Forwards: 70', 'Max-Forwards: 300'),
    );
    expect(mf.maxForwards).toBeUndefined();
    expect(mf.problems.map((p) => p.id)).toEqual(['max-forwards.out-of-range']);
  });

  it('answers unsupported URI schemes, unknown extensions and unknown methods', () => {
    expect(parseMessage(request('OPTIONS mailto:a@b SIP/2.0')).problems).toEqual([
      expect.objectContaining({ id: 'request-uri.unsupported-scheme', response: 416 }),
    ]);
    expect(
      parseMessage(request('OPTIONS sip:x@y SIP/2.0', 'Require: 100rel, foo')).problems,
    ).toEqual([
      expect.objectContaining({
        id: 'require.unknown-option',
        response: 420,
        message: expect.stringContaining('foo'),
      }),
    ]);
  });

  it('marks garbage as unknown without inventing more problems', () => {
    const m = parseMessage('hello world\r\nthis is not sip\r\n');
    expect(m.kind).toBe('unknown');
    expect(m.problems.map((p) => p.id)).toEqual([
      'start-line.malformed',
      'header.malformed',
      'message.no-blank-line',
    ]);
    expect(parseMessage('').problems.map((p) => p.id)).toEqual(['message.empty']);
    expect(parseMessage(new Uint8Array()).kind).toBe('unknown');
  });

  it('keeps Contact "*" as such', () => {
    const m = parseMessage(
      request('REGISTER sip:y SIP/2.0', 'Contact: *', 'Expires: 0').replace(
        '1 OPTIONS',
        '1 REGISTER',
      ),
    );
    expect(m.problems).toEqual([]);
    expect(m.contacts).toBe('*');
  });
});

describe('parseMessage: limits', () => {
  it('stops at the header count limit with a clear problem', () => {
    const text = lines(
      'OPTIONS sip:x SIP/2.0',
      ...Array.from({ length: 50 }, (_, i) => `X-H${i}: ${i}`),
      '',
      '',
    );
    const m = parseMessage(text, { maxHeaderCount: 10 });
    expect(m.headers).toHaveLength(10);
    expect(m.problems).toContainEqual(
      expect.objectContaining({ id: 'limits.header-count', line: 12 }),
    );
  });

  it('skips a header longer than the limit, folded or not', () => {
    const long = `X-Long: ${'a'.repeat(200)}`;
    const m = parseMessage(
      lines(
        'OPTIONS sip:x SIP/2.0',
        long,
        'X-Fold: a',
        ` ${'b'.repeat(200)}`,
        'X-After: 1',
        '',
        '',
      ),
      {
        maxHeaderLength: 100,
      },
    );
    expect(m.problems.filter((p) => p.id === 'limits.header-length').map((p) => p.line)).toEqual([
      2, 4,
    ]);
    expect(m.header('x-long')).toBeUndefined();
    expect(m.header('x-fold')?.value).toBe('a');
    expect(m.header('x-after')?.value).toBe('1');
  });

  it('reads only the first maxInputBytes of a large input', () => {
    const m = parseMessage(`${OK}${'x'.repeat(1000)}`, { maxInputBytes: 100 });
    expect(m.problems[0]).toMatchObject({ id: 'limits.input-bytes', severity: 'error' });
    const bytes = parseMessage(new TextEncoder().encode(OK), { maxInputBytes: 50 });
    expect(bytes.problems[0]?.id).toBe('limits.input-bytes');
  });

  it('bounds the number of problems', () => {
    const text = lines(
      'OPTIONS sip:x SIP/2.0',
      ...Array.from({ length: 300 }, () => 'no colon here'),
      '',
      '',
    );
    const m = parseMessage(text);
    expect(m.problems.length).toBeLessThanOrEqual(65);
    expect(m.problems.at(-1)?.id).toBe('limits.problem-count');
  });
});

describe('lazily computed values equal an eager parse', () => {
  const fixtures = ['rfc4475', 'rfc5118'].flatMap((dir) => {
    const base = new URL(`../../fixtures/conformance/${dir}/`, import.meta.url);
    return readdirSync(base)
      .filter((f) => !f.endsWith('.md') && !f.endsWith('.json') && !f.startsWith('.'))
      .map((f) => new Uint8Array(readFileSync(new URL(f, base))));
  });
  const samples: (string | Uint8Array)[] = [INVITE, OK, ...fixtures];

  it('gives the same values whatever is read first', () => {
    expect(fixtures.length).toBe(62);
    for (const input of samples) {
      const eager = materializeMessage(parseMessage(input, undefined, { eager: true }));
      const lazy = parseMessage(input);
      // Read the lazy values in a different order before the snapshot.
      void lazy.contentType;
      void lazy.recordRoutes;
      const contacts = lazy.contacts;
      void lazy.routes;
      expect(materializeMessage(lazy)).toEqual(eager);
      expect(lazy.contacts).toBe(contacts);
    }
  });

  it('completes the late checks correctly however late, and whichever value asks first', () => {
    // Parse everything first, then read: the late checks of each message run after the
    // parser has moved on to other messages.
    const lazy = samples.map((input) => parseMessage(input));
    samples.forEach((input, i) => {
      const m = lazy[i];
      const eager = parseMessage(input, undefined, { eager: true });
      if (i % 2 === 0) void m?.parsedRequestUri;
      expect(m?.problems).toEqual(eager.problems);
      expect(m?.parsedRequestUri).toEqual(eager.parsedRequestUri);
    });
  });

  it('has every problem once problems is read, whatever lazy value is read after', () => {
    for (const input of samples) {
      const lazy = parseMessage(input);
      const before = JSON.stringify(lazy.problems);
      void lazy.contacts;
      void lazy.routes;
      void lazy.recordRoutes;
      void lazy.contentType;
      expect(JSON.stringify(lazy.problems)).toBe(before);
    }
  });

  it('gives the same result on every call, also across the parses that refresh the kept shapes', () => {
    const first = JSON.stringify(materializeMessage(parseMessage(INVITE)));
    for (let i = 0; i < 2100; i++) {
      const m = parseMessage(i % 2 === 0 ? INVITE : new TextEncoder().encode(INVITE));
      if (i % 100 === 0 || i > 2040) expect(JSON.stringify(materializeMessage(m))).toBe(first);
    }
  });

  it('produces JSON-safe snapshots', () => {
    const snapshot = materializeMessage(parseMessage(INVITE));
    expect(JSON.parse(JSON.stringify(snapshot))).toMatchObject({
      kind: 'request',
      callId: expect.any(String),
    });
  });
});
