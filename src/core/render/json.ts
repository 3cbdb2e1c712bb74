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
 * JSON.stringify inside an object of its own, which puts it at the depth it
 * has in the whole; everything else is written whole, one top-level entry
 * at a time.
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
  // What JSON.stringify leaves out of an object: undefined, functions, symbols, and values
  // whose toJSON gives one of those.
  const entries = Object.entries(value).filter(([key, v]) => {
    const shown = v !== null && typeof v === 'object' && hasToJson(v) ? (v as Json).toJSON(key) : v;
    return shown !== undefined && typeof shown !== 'function' && typeof shown !== 'symbol';
  });
  if (entries.length === 0) {
    write('{}\n');
    return;
  }
  write('{\n');
  entries.forEach(([key, v], i) => {
    const end = i < entries.length - 1 ? ',\n' : '\n';
    if (!Array.isArray(v) || v.length <= SLICE || hasToJson(v)) {
      // Written inside an object of its own, the entry comes out one level in, as it goes:
      // '{\n  "key": value\n}' without the braces.
      write(`${JSON.stringify({ [key]: v }, null, 2).slice(2, -2)}${end}`);
      return;
    }
    write(`  ${JSON.stringify(key)}: [\n`);
    for (let at = 0; at < v.length; at += SLICE) {
      // '{\n  "k": [\n    item,\n    item\n  ]\n}': the items, already two levels in.
      const slice = JSON.stringify({ k: v.slice(at, at + SLICE) }, null, 2);
      const more = at + SLICE < v.length ? ',\n' : '\n';
      write(`${slice.slice(SLICE_OPENING.length, -SLICE_CLOSING.length)}${more}`);
    }
    write(`  ]${end}`);
  });
  write('}\n');
}

/** What JSON.stringify writes around the items of a slice (see writeJsonObject). */
const SLICE_OPENING = '{\n  "k": [\n';
const SLICE_CLOSING = '\n  ]\n}';

interface Json {
  toJSON(key: string): unknown;
}

function hasToJson(value: object): value is Json {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
