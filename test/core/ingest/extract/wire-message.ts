/**
 * Test helper: splits an extracted message into start line, header lines and
 * body the way the wire does (first CRLF CRLF), and reads its Content-Length,
 * so tests can check framing without depending on the parser.
 */
export interface WireMessage {
  startLine: string;
  headers: string[];
  body: string;
  /** Body length in UTF-8 bytes. */
  bodyBytes: number;
  contentLength?: number;
}

export function splitWireMessage(text: string): WireMessage {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  const [startLine = '', ...headers] = head.split('\r\n');
  const lengthLine = headers.find((h) => /^(content-length|l)\s*:/i.test(h));
  const contentLength =
    lengthLine === undefined
      ? undefined
      : Number(lengthLine.slice(lengthLine.indexOf(':') + 1).trim());
  return {
    startLine,
    headers,
    body,
    bodyBytes: new TextEncoder().encode(body).length,
    ...(contentLength === undefined ? {} : { contentLength }),
  };
}

/** True when every line end in the head is CRLF and no bare LF or CR is left. */
export function hasWireLineEnds(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  return !/\r(?!\n)|(?<!\r)\n/.test(head);
}
