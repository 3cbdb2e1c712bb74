/** Test helper: small SIP messages built with a correct Content-Length. */
const CRLF = '\r\n';

/** A message from its start line, header lines and body; "Content-Length: *" is filled in. */
export function sipMessage(startLine: string, headers: string[], body = ''): string {
  const length = String(new TextEncoder().encode(body).length);
  const filled = headers.map((h) => h.replace('Content-Length: *', `Content-Length: ${length}`));
  return [startLine, ...filled].join(CRLF) + CRLF + CRLF + body;
}

export const SDP = [
  'v=0',
  'o=- 1 1 IN IP4 192.0.2.10',
  's=-',
  'c=IN IP4 192.0.2.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join(CRLF);

export function invite(callId = 'a84b4c76e66710@192.0.2.10'): string {
  return sipMessage(
    'INVITE sip:bob@198.51.100.20 SIP/2.0',
    [
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds',
      'Max-Forwards: 70',
      'To: Bob <sip:bob@example.com>',
      'From: Alice <sip:alice@example.com>;tag=1928301774',
      `Call-ID: ${callId}`,
      'CSeq: 314159 INVITE',
      'Contact: <sip:alice@192.0.2.10>',
      'Content-Type: application/sdp',
      'Content-Length: *',
    ],
    SDP,
  );
}

export function response(code: string, callId = 'a84b4c76e66710@192.0.2.10'): string {
  return sipMessage(`SIP/2.0 ${code}`, [
    'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;received=192.0.2.10',
    'To: Bob <sip:bob@example.com>;tag=a6c85cf',
    'From: Alice <sip:alice@example.com>;tag=1928301774',
    `Call-ID: ${callId}`,
    'CSeq: 314159 INVITE',
    'Content-Length: 0',
  ]);
}

/** `text` with CRLF turned into LF, as most chat clients and terminals hand it over. */
export function lf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
