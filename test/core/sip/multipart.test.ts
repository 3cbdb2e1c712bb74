import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContentType } from '../../../src/core/sip/content-type.js';
import { parseMultipart } from '../../../src/core/sip/multipart.js';
import { parseSdp } from '../../../src/core/sip/sdp.js';

const crlf = (lines: string[]) => lines.join('\r\n');
const ids = (r: { problems: { id: string }[] }) => r.problems.map((p) => p.id);

const sdpLines = [
  'v=0',
  'o=- 1700812345 1700812345 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 20000 RTP/AVP 8 0',
];
// An ISUP IAM is binary; the message text carries it one byte per character.
const isup =
  '\x01\x00\x49\x00\x00\x03\x02\x00\x07\x04\x10\x00\x33\x63\x21\x43\x00\x00\x03\x06\x0d\x03\x80\x90\xa2';

const sipI = crlf([
  '--unique-boundary-1',
  'Content-Type: application/sdp',
  '',
  ...sdpLines,
  '',
  '--unique-boundary-1',
  'Content-Type: application/ISUP;version=itu-t92+',
  'Content-Disposition: signal;handling=required',
  '',
  isup,
  '--unique-boundary-1--',
  '',
]);

describe('parseMultipart', () => {
  it('splits a SIP-I INVITE body into SDP and ISUP', () => {
    const body = parseMultipart(sipI, 'multipart/mixed;boundary=unique-boundary-1');
    expect(body.problems).toEqual([]);
    expect(body).toMatchObject({
      subtype: 'mixed',
      boundary: 'unique-boundary-1',
      closed: true,
      preamble: '',
      epilogue: '',
    });
    expect(body.parts.map((p) => p.mediaType)).toEqual(['application/sdp', 'application/isup']);
    const [sdp, isupPart] = body.parts;
    expect(sdp?.body).toBe(`${crlf(sdpLines)}\r\n`);
    expect(sdp?.line).toBe(2);
    expect(sdp?.bodyLine).toBe(4);
    expect(isupPart?.body).toBe(isup);
    expect(isupPart?.contentType).toBe('application/ISUP;version=itu-t92+');
    expect(isupPart?.headers.map((h) => [h.key, h.value, h.line])).toEqual([
      ['content-type', 'application/ISUP;version=itu-t92+', 12],
      ['content-disposition', 'signal;handling=required', 13],
    ]);
    expect(sipI.slice(isupPart?.bodyOffset ?? 0).startsWith(isup)).toBe(true);
  });

  it('gives part lines in message terms, so SDP problems point into the message', () => {
    const broken = sipI.replace('t=0 0', 't=soon');
    const body = parseMultipart(
      broken,
      parseContentType('multipart/mixed; boundary="unique-boundary-1"'),
      {
        firstLine: 15,
      },
    );
    const part = body.parts[0];
    expect(part?.bodyLine).toBe(18);
    const sdp = parseSdp(part?.body ?? '', { firstLine: part?.bodyLine ?? 1 });
    expect(sdp.problems).toMatchObject([{ id: 'sdp.timing.syntax', line: 22 }]);
  });

  it('reads an RFC 6442 location conveyance body (SDP + PIDF-LO) with a quoted boundary', () => {
    const pidf = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="pres:alice@atlanta.example.com">',
      '  <dm:device id="target123-1"><gp:geopriv><gp:location-info><gml:Point srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>32.86726 -97.16054</gml:pos></gml:Point></gp:location-info></gp:geopriv></dm:device>',
      '</presence>',
    ];
    const text = crlf([
      '--boundary1',
      'Content-Type: application/sdp',
      '',
      ...sdpLines,
      '',
      '--boundary1',
      'Content-Type: application/pidf+xml',
      'Content-ID: <target123@atlanta.example.com>',
      '',
      ...pidf,
      '--boundary1--',
    ]);
    const body = parseMultipart(text, 'multipart/mixed; boundary="boundary1"');
    expect(body.problems).toEqual([]);
    expect(body.parts[1]?.mediaType).toBe('application/pidf+xml');
    expect(body.parts[1]?.headers.find((h) => h.key === 'content-id')?.value).toBe(
      '<target123@atlanta.example.com>',
    );
    expect(body.parts[1]?.body).toBe(crlf(pidf));
  });

  it('keeps preamble and epilogue, and ignores lines that only start with the boundary', () => {
    const text = [
      'This is a multi-part message in MIME format.',
      '--b1',
      'Content-Type: text/plain',
      '',
      'a line that mentions --b1 in the middle',
      '--b1-not-a-delimiter',
      '--b1  ',
      'Content-Type: text/plain',
      '',
      'second',
      '--b1--   ',
      'epilogue text',
    ].join('\n');
    const body = parseMultipart(text, 'multipart/alternative; boundary=b1');
    expect(body.problems).toEqual([]);
    expect(body.preamble).toBe('This is a multi-part message in MIME format.');
    expect(body.epilogue).toBe('epilogue text');
    expect(body.parts.map((p) => p.body)).toEqual([
      'a line that mentions --b1 in the middle\n--b1-not-a-delimiter',
      'second',
    ]);
    expect(body.subtype).toBe('alternative');
  });

  it('parses a nested multipart part', () => {
    const inner = crlf([
      '--inner',
      'Content-Type: application/sdp',
      '',
      'v=0',
      '--inner',
      'Content-Type: text/plain',
      '',
      'hi',
      '--inner--',
    ]);
    const text = crlf([
      '--outer',
      'Content-Type: multipart/alternative; boundary=inner',
      '',
      inner,
      '--outer',
      'Content-Type: application/resource-lists+xml',
      '',
      '<resource-lists/>',
      '--outer--',
    ]);
    const body = parseMultipart(text, 'multipart/mixed;boundary=outer');
    expect(body.problems).toEqual([]);
    expect(body.parts[0]?.parts?.map((p) => [p.mediaType, p.body, p.line])).toEqual([
      ['application/sdp', 'v=0', 5],
      ['text/plain', 'hi', 9],
    ]);
    const shallow = parseMultipart(text, 'multipart/mixed;boundary=outer', { maxDepth: 1 });
    expect(ids(shallow)).toEqual(['multipart.depth']);
    expect(shallow.parts[0]?.parts).toBeUndefined();
  });

  it('accepts a part with no headers when it starts with a blank line', () => {
    const body = parseMultipart('--x\r\n\r\nplain text\r\n--x--', 'multipart/mixed;boundary=x');
    expect(body.parts[0]).toMatchObject({
      headers: [],
      mediaType: 'text/plain',
      body: 'plain text',
    });
    expect(ids(body)).toEqual(['multipart.part.content-type-missing']);
  });
});

describe('parseMultipart: problems', () => {
  it('reports a missing boundary parameter', () => {
    const body = parseMultipart(sipI, 'multipart/mixed', { firstLine: 11 });
    expect(body.problems).toMatchObject([
      { id: 'multipart.boundary.missing', severity: 'error', line: 11 },
    ]);
    expect(body.parts).toEqual([]);
  });

  it('reports a body that never contains its boundary', () => {
    const body = parseMultipart(crlf(sdpLines), 'multipart/mixed;boundary=zzz');
    expect(ids(body)).toEqual(['multipart.delimiter.missing']);
    expect(body.preamble).toBe(crlf(sdpLines));
  });

  it('keeps the last part of a truncated body and flags the missing close delimiter', () => {
    const truncated = sipI.slice(0, sipI.indexOf('--unique-boundary-1--'));
    const body = parseMultipart(truncated, 'multipart/mixed;boundary=unique-boundary-1');
    expect(ids(body)).toEqual(['multipart.close.missing']);
    expect(body.closed).toBe(false);
    expect(body.parts).toHaveLength(2);
    expect(body.parts[1]?.body).toBe(isup);
  });

  it('reports parts without the blank line, without headers, or empty', () => {
    const text = crlf([
      '--b',
      'v=0',
      'o=- 1 1 IN IP4 192.0.2.1',
      '--b',
      'Content-Type: application/sdp',
      '--b',
      '--b',
      'Content-Type: text/plain',
      'this line has no colon',
      '',
      'body',
      '--b--',
    ]);
    const body = parseMultipart(text, 'multipart/mixed;boundary=b');
    expect(ids(body)).toEqual([
      'multipart.part.headers-missing',
      'multipart.part.content-type-missing',
      'multipart.part.blank-line-missing',
      'multipart.part.empty',
      'multipart.part.header-syntax',
    ]);
    expect(body.parts[0]?.body).toBe('v=0\r\no=- 1 1 IN IP4 192.0.2.1');
    expect(body.parts[1]).toMatchObject({ mediaType: 'application/sdp', body: '' });
    expect(body.parts[3]?.body).toBe('body');
  });

  it('reports a Content-Type that is not multipart and an over-long boundary', () => {
    expect(ids(parseMultipart('--b\r\n\r\nx\r\n--b--', 'application/sdp;boundary=b'))).toEqual([
      'multipart.content-type',
      'multipart.part.content-type-missing',
    ]);
    const long = 'x'.repeat(71);
    expect(
      ids(
        parseMultipart(
          `--${long}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${long}--`,
          `multipart/mixed;boundary=${long}`,
        ),
      ),
    ).toEqual(['multipart.boundary.syntax']);
  });

  it('reports a body with a close delimiter and no parts', () => {
    expect(ids(parseMultipart('--b--\r\n', 'multipart/mixed;boundary=b'))).toEqual([
      'multipart.parts.empty',
    ]);
  });

  it('unfolds continued part header lines', () => {
    const body = parseMultipart(
      '--b\r\nContent-Type: application/sdp;\r\n  charset=utf-8\r\n\r\nv=0\r\n--b--',
      'multipart/mixed;boundary=b',
    );
    expect(body.parts[0]?.contentType).toBe('application/sdp; charset=utf-8');
    expect(body.problems).toEqual([]);
  });
});

describe('parseContentType', () => {
  it('reads type, subtype and parameters', () => {
    const t = parseContentType('Multipart/Mixed; boundary="----=_Part_0_12345.678"; charset=UTF-8');
    expect(t).toMatchObject({
      type: 'multipart',
      subtype: 'mixed',
      mediaType: 'multipart/mixed',
      boundary: '----=_Part_0_12345.678',
      charset: 'utf-8',
      problems: [],
    });
    expect(t.params.boundary).toBe('"----=_Part_0_12345.678"');
    expect(parseContentType('multipart/mixed;boundary=----=_Part_1').boundary).toBe('----=_Part_1');
  });

  it('reports empty and malformed values', () => {
    expect(ids(parseContentType(''))).toEqual(['content-type.empty']);
    expect(ids(parseContentType('sdp'))).toEqual(['content-type.syntax']);
    expect(ids(parseContentType('application/sdp;;charset=x'))).toEqual([
      'content-type.param.empty-name',
    ]);
    expect(ids(parseContentType('application/sdp; charset="utf-8'))).toEqual([
      'content-type.param.unterminated-quote',
    ]);
  });
});

describe('parseMultipart: robustness', () => {
  const pieces = fc.array(
    fc.constantFrom(
      '--b',
      '--b--',
      '\r\n',
      '\n',
      'Content-Type: text/plain',
      'Content-Type: multipart/mixed;boundary=b',
      ':',
      ' ',
      'x',
      '',
    ),
    { maxLength: 60 },
  );

  it('never throws on arbitrary bodies and content types', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 60 }), (body, type) => {
        parseMultipart(body, type);
        parseMultipart(body, `multipart/mixed;boundary=${type}`);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on boundary-heavy bodies, including self-nesting ones', () => {
    fc.assert(
      fc.property(pieces, (parts) => {
        const body = parseMultipart(parts.join(''), 'multipart/mixed;boundary=b');
        expect(body.problems.length).toBeLessThanOrEqual(400);
      }),
      { numRuns: 300 },
    );
  });

  it('stays linear on hostile bodies', () => {
    const hostile = [
      '--b\r\n'.repeat(50_000),
      '-'.repeat(300_000),
      `--b\r\n${'Content-Type: text/plain\r\n'.repeat(20_000)}`,
      '\0'.repeat(300_000),
      `--b\r\nContent-Type: multipart/mixed;boundary=b\r\n\r\n`.repeat(10_000),
    ];
    const started = performance.now();
    for (const text of hostile) parseMultipart(text, 'multipart/mixed;boundary=b');
    parseMultipart('-'.repeat(300_000), `multipart/mixed;boundary=${'-'.repeat(60)}`);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
