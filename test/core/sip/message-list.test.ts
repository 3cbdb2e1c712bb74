/**
 * An input's messages as a MessageList (message-list.ts): views made when
 * asked for, reading the input's table. The list answers as an array of the
 * same messages would, index for index and method for method, across the
 * table's block boundaries, and keeps no view.
 */
import { describe, expect, it } from 'vitest';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { InputMessage } from '../../../src/core/sip/input-message.js';
import { MessageList, messageAt } from '../../../src/core/sip/message-list.js';
import { MessageTable } from '../../../src/core/sip/message-table.js';
import { parseMessage } from '../../../src/core/sip/parse-message.js';
import { sip } from '../../helpers/sip-trace.js';

function options(n: number): string {
  return sip([
    `OPTIONS sip:host-${n}@example.com SIP/2.0`,
    `Via: SIP/2.0/UDP 192.0.2.${n % 250}:5060;branch=z9hG4bK-l${n}`,
    `From: <sip:a@example.com>;tag=f${n}`,
    'To: <sip:b@example.com>',
    `Call-ID: list-${n}@192.0.2.1`,
    `CSeq: ${n + 1} OPTIONS`,
  ]);
}

/** A table of `count` messages, and the views InputMessage.add handed out as they went in. */
function filled(count: number): { list: MessageList; added: InputMessage[] } {
  const table = new MessageTable();
  const added: InputMessage[] = [];
  for (let n = 0; n < count; n++) {
    const text = options(n);
    added.push(InputMessage.add(table, { line: n + 1 }, parseMessage(text), text));
  }
  return { list: new MessageList(table), added };
}

const facts = (m: InputMessage | undefined) =>
  m === undefined ? undefined : [m.kind, m.method, m.callId, m.cseqSeq, m.fromTag, m.branch];

describe('MessageList', () => {
  it('reads each message as the view made when it was added, across block boundaries', () => {
    const { list, added } = filled(20_000);
    expect(list).toHaveLength(20_000);
    for (const i of [0, 63, 64, 255, 256, 8_191, 8_192, 16_384, 19_999])
      expect(facts(list.at(i))).toEqual(facts(added[i]));
    expect(list.at(8_192)?.callId).toBe('list-8192@192.0.2.1');
    expect(list.map((m) => m.cseqSeq)).toEqual(added.map((m) => m.cseqSeq));
  });

  it('counts a negative index from the end and has nothing past either end, as an array', () => {
    const { list, added } = filled(5);
    expect(facts(list.at(-1))).toEqual(facts(added[4]));
    expect(facts(list.at(-5))).toEqual(facts(added[0]));
    expect(list.at(5)).toBeUndefined();
    expect(list.at(-6)).toBeUndefined();
    expect(new MessageList(new MessageTable()).at(0)).toBeUndefined();
  });

  it('messageAt reads an index as an array does: nothing for what is not one', () => {
    const { list, added } = filled(5);
    for (const messages of [list, added]) {
      expect(facts(messageAt(messages, 2))).toEqual(facts(added[2]));
      expect(messageAt(messages, undefined)).toBeUndefined();
      expect(messageAt(messages, -1)).toBeUndefined();
      expect(messageAt(messages, 1.5)).toBeUndefined();
      expect(messageAt(messages, Number.NaN)).toBeUndefined();
      expect(messageAt(messages, 5)).toBeUndefined();
    }
  });

  it('iterates, tests and filters in order, with each index', () => {
    const { list, added } = filled(300);
    expect([...list].map(facts)).toEqual(added.map(facts));
    const seen: number[] = [];
    list.forEach((m, i) => {
      if (m.cseqSeq !== i + 1) throw new Error(`message ${i} read as ${m.cseqSeq}`);
      seen.push(i);
    });
    expect(seen).toEqual(added.map((_, i) => i));
    expect(list.some((m, i) => i === 299 && m.callId === 'list-299@192.0.2.1')).toBe(true);
    expect(list.some((m) => m.method === 'INVITE')).toBe(false);
    expect(list.every((m) => m.method === 'OPTIONS')).toBe(true);
    expect(list.every((_, i) => i < 299)).toBe(false);
    expect(list.filter((_, i) => i % 100 === 7).map((m) => m.cseqSeq)).toEqual([8, 108, 208]);
  });

  it('is what parseText hands out, a view per read and none kept', () => {
    const result = parseText(`${options(1)}\r\n${options(2)}`);
    expect(result.messages).toBeInstanceOf(MessageList);
    const first = result.messages.at(0);
    expect(first?.callId).toBe('list-1@192.0.2.1');
    // A message is told by its index: two reads are two views of the same facts.
    expect(result.messages.at(0)).not.toBe(first);
    expect(facts(result.messages.at(0))).toEqual(facts(first));
  });
});
