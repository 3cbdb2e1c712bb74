/**
 * Card -> the JSON contract (`--json`): the card's data plus its title, for
 * scripts and other bots. Indented by two spaces, one value per line, as
 * JSON.stringify(value, null, 2) writes it.
 *
 * `writeJson` hands the same text out in pieces: a diagnosis of a large
 * capture lists hundreds of thousands of messages (35 MB of JSON for
 * 800,000), and one string of it, with the bytes it is written as, would
 * double what the diagnosis itself holds in memory at its end. A long
 * array at the top level goes out a slice at a time, each slice written by
 * JSON.stringify and moved in by one level; everything else is written
 * whole.
 */
import type { Card } from '../card.js';
import { plainText } from '../inline.js';

/** Items of a top-level array written per piece. */
const SLICE = 2_000;

function jsonValue(card: Card): Record<string, unknown> {
  return { ...card.data, kind: card.kind, title: plainText(card.title) };
}

export function renderJson(card: Card): string {
  return `${JSON.stringify(jsonValue(card), null, 2)}\n`;
}

/** Writes renderJson(card) through `write`, in pieces of about SLICE array items or one top-level value. */
export function writeJson(card: Card, write: (text: string) => void): void {
  writeJsonObject(jsonValue(card), write);
}

/** JSON.stringify(value, null, 2) and a line end, in pieces (see the header). */
export function writeJsonObject(
  value: Record<string, unknown>,
  write: (text: string) => void,
): void {
  // What JSON.stringify leaves out of an object: undefined, functions, symbols.
  const entries = Object.entries(value).filter(
    ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
  );
  if (entries.length === 0) {
    write('{}\n');
    return;
  }
  write('{\n');
  entries.forEach(([key, v], i) => {
    const end = i < entries.length - 1 ? ',\n' : '\n';
    const name = `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(v) || v.length <= SLICE || hasToJson(v)) {
      write(`${name}${indent(JSON.stringify(v, null, 2))}${end}`);
      return;
    }
    write(`${name}[\n`);
    for (let at = 0; at < v.length; at += SLICE) {
      // "[\n  item,\n  item\n]": the items without the brackets, two spaces further in.
      const slice = JSON.stringify(v.slice(at, at + SLICE), null, 2);
      const more = at + SLICE < v.length ? ',\n' : '\n';
      write(`  ${indent(slice.slice(2, -2))}${more}`);
    }
    write(`  ]${end}`);
  });
  write('}\n');
}

/** Moves every line after the first in by one level (a string never holds a raw line break). */
function indent(text: string): string {
  return text.replaceAll('\n', '\n  ');
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
