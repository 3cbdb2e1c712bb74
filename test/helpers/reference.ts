/** Facts from the shared reference tables (copied under test/fixtures/reference), parsed for coverage tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../fixtures/reference/', import.meta.url));

export function referenceCodes(): { code: number; phrase: string; rfc: string }[] {
  return readFileSync(`${dir}sip-response-codes.tsv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [code, phrase, rfc] = line.split('\t');
      return { code: Number(code), phrase: phrase ?? '', rfc: rfc ?? '' };
    });
}

function tableAfter(heading: string): string[][] {
  const text = readFileSync(`${dir}mappings.md`, 'utf8');
  const start = text.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const rows: string[][] = [];
  let pastHeader = false;
  for (const line of text.slice(start).split('\n').slice(1)) {
    if (line.startsWith('#')) break;
    if (line.startsWith('|---')) pastHeader = true;
    else if (line.startsWith('|') && pastHeader) {
      rows.push(
        line
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    }
  }
  return rows;
}

export function referenceQ850(): { cause: number; name: string }[] {
  return tableAfter('## ITU-T Q.850 cause values').map(([cause, name]) => ({
    cause: Number(cause),
    name: name ?? '',
  }));
}

export function referenceWarnings(): number[] {
  return tableAfter('## SIP Warning header codes').map(([code]) => Number(code));
}

export function referenceFreeswitchInternal(): { name: string; value: number }[] {
  const text = readFileSync(`${dir}mappings.md`, 'utf8');
  const start = text.indexOf('Internal names');
  const end = text.indexOf('### FreeSWITCH cause -> SIP');
  return [...text.slice(start, end).matchAll(/([A-Z_]+) (\d+)/g)].map((m) => ({
    name: m[1] ?? '',
    value: Number(m[2]),
  }));
}

/** Rows of a two-column mapping table: the left cell's numbers -> the right cell. */
export function referenceMappingRows(heading: string): { keys: string[]; value: string }[] {
  return tableAfter(heading).map(([left, right]) => ({
    keys: (left ?? '').split(',').map((k) => k.trim()),
    value: right ?? '',
  }));
}
