/**
 * A SIP message printed by Python as a bytes literal, one per line:
 *   received b'SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP 203.0.113.5:5060\r\n...\r\n\r\n'
 * The literal is decoded (\r \n \t \\ \' \" \xNN, bytes read as UTF-8) and
 * split back into lines; the text before it stays in front of the first
 * line, "b'" included, so the prefix names the layout.
 */

const SIMPLE: Record<string, number> = { n: 10, r: 13, t: 9, '\\': 92, "'": 39, '"': 34, '0': 0 };

/** The lines of the first SIP message in a bytes literal on `line`, or undefined. */
export function decodePythonBytesLine(line: string): string[] | undefined {
  let open = line.indexOf("b'");
  const dq = line.indexOf('b"');
  if (open < 0 || (dq >= 0 && dq < open)) open = dq;
  while (open >= 0) {
    const before = open === 0 ? 32 : line.charCodeAt(open - 1);
    const word =
      (before >= 48 && before <= 57) || ((before | 0x20) >= 97 && (before | 0x20) <= 122);
    if (!word) {
      const decoded = decodeLiteral(line, open + 1);
      if (decoded?.includes('SIP/2.0') && decoded.includes('\n')) {
        const eol = decoded.includes('\r\n') ? '\r\n' : '\n';
        const pieces = decoded.split(eol);
        if (pieces.length >= 3) {
          pieces[0] = line.slice(0, open + 2) + (pieces[0] ?? '');
          return pieces;
        }
      }
    }
    const nextSingle = line.indexOf("b'", open + 2);
    const nextDouble = line.indexOf('b"', open + 2);
    open =
      nextSingle < 0 ? nextDouble : nextDouble < 0 ? nextSingle : Math.min(nextSingle, nextDouble);
  }
  return undefined;
}

/** The bytes of the literal whose quote is at `quoteAt`, as UTF-8 text; undefined when it never closes. */
function decodeLiteral(line: string, quoteAt: number): string | undefined {
  const quote = line.charCodeAt(quoteAt);
  const bytes: number[] = [];
  for (let i = quoteAt + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === quote) return new TextDecoder().decode(new Uint8Array(bytes));
    if (c !== 92) {
      if (c > 127) return undefined;
      bytes.push(c);
      continue;
    }
    const e = line[i + 1] ?? '';
    const simple = SIMPLE[e];
    if (simple !== undefined) {
      bytes.push(simple);
      i++;
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
      bytes.push(Number.parseInt(line.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      bytes.push(92);
    }
  }
  return undefined;
}
