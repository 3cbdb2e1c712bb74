/**
 * HOMER exports with call-data summary rows (issue 11, item 1): a HOMER 7
 * search or transaction export can hold, beside the per-message records
 * with their `raw` SIP text, rows that sum up a call or a transaction
 * (sid/callid, method, status, cseq, from_user, to_user, duration, type) and
 * hold no message. They are counted as skipped ('homer.summary') and never
 * become messages. homer-with-summaries.json holds the dialog of raw.txt as
 * HOMER 7 message records, with three summary rows among them (one of them
 * listing the dialog's start lines, without headers).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../src/core/app/handle.js';
import { diagnose } from '../../../../src/core/diagnose/diagnose.js';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';
import { parseInput } from '../../../../src/core/ingest/parse-input.js';
import { parseText } from '../../../../src/core/ingest/parse-text.js';
import { realKnowledge } from '../../../helpers/knowledge.js';
import { splitWireMessage } from './wire-message.js';

const dir = new URL('../../../fixtures/pastes-layouts/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const kb = realKnowledge();

const text = read('homer-with-summaries.json');
const raw = extractMessages(read('raw.txt'));
const startLines = (result: ReturnType<typeof extractMessages>): string[] =>
  result.messages.map((m) => splitWireMessage(m.content).startLine);

/** The summary rows of the fixture, alone. */
const summariesOnly = (): string =>
  JSON.stringify(
    (JSON.parse(text) as Record<string, unknown>[]).filter((r) => r.raw === undefined),
    null,
    2,
  );

async function* once(value: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(value);
}

async function cardOf(
  paste: string,
): Promise<{ title?: string; verdict?: Record<string, unknown>; top?: string }> {
  const reply = await createApp({ kb }).handle({
    type: 'message',
    text: paste,
    origin: { platform: 'cli', user: { id: 'u' }, conversation: 'c' },
  });
  const card = reply.messages[0]?.card;
  const data = card?.data as
    | { verdict?: Record<string, unknown>; findings?: { id: string }[] }
    | undefined;
  return {
    title: card?.title.replace(/ from \S+:\d+ \(([^()]*)\)$/, ' from $1'),
    verdict: data?.verdict,
    top: data?.findings?.[0]?.id,
  };
}

describe('a HOMER export with call-data summary rows', () => {
  const result = extractMessages(text);

  it('gives the messages of the raw dialog and no phantom from the summaries', () => {
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('homer-json');
    expect(startLines(result)).toEqual(startLines(raw));
    expect(result.messages.map((m) => m.content.replace(/\r\n/g, '\n'))).toEqual(
      raw.messages.map((m) => m.content.replace(/\r\n/g, '\n')),
    );
    for (const m of result.messages) {
      expect(m.source.format).toBe('homer-json');
      expect(m.source.transport).toBe('UDP');
    }
    expect(result.messages[0]?.source.src).toEqual({ address: '203.0.113.5', port: 5060 });
    expect(result.messages[0]?.source.timestampText).toBe('1796378400.100250');
  });

  it('counts the summary rows as skipped', () => {
    expect(result.skipped).toEqual({ 'homer.summary': 3 });
    const parsed = parseText(text);
    expect(parsed.messages).toHaveLength(5);
    expect(parsed.skipped).toEqual({ 'homer.summary': 3 });
  });

  it('gets the same verdict and top finding as the raw dialog', async () => {
    const homer = await cardOf(text);
    const plain = await cardOf(read('raw.txt'));
    expect(homer.title).toBe(plain.title);
    const pick = (v?: Record<string, unknown>) => ({
      outcome: v?.outcome,
      method: v?.method,
      requestUri: v?.requestUri,
      code: v?.code,
      reason: v?.reason,
      callId: v?.callId,
    });
    expect(pick(homer.verdict)).toEqual(pick(plain.verdict));
    expect(homer.verdict).toMatchObject({ outcome: 'failed', code: 486 });
    expect(homer.top).toBe(plain.top);
    expect(homer.top).toBe('callee.busy');
  });

  it('counts summary rows exported one JSON object per line', () => {
    const lines = (JSON.parse(text) as unknown[]).map((r) => JSON.stringify(r)).join('\n');
    const found = extractMessages(lines);
    expect(startLines(found)).toEqual(startLines(raw));
    expect(found.skipped).toEqual({ 'homer.summary': 3 });
  });
});

describe('a HOMER export of summary rows only', () => {
  it('yields no message', () => {
    const result = extractMessages(summariesOnly());
    expect(result.messages).toEqual([]);
    expect(result.format).toBe('none');
    expect(result.skipped).toEqual({ 'homer.summary': 3 });
  });

  it('is diagnosed as holding no SIP message, like an empty input', async () => {
    const parsed = await parseInput(once(summariesOnly()));
    expect(parsed.messages).toHaveLength(0);
    expect(parsed.skipped).toEqual({ 'homer.summary': 3 });
    const d = diagnose(parsed, kb);
    expect(d.verdict.outcome).toBe('no-sip-found');
    expect(d.verdict.headline).toBe(diagnose(parseText(''), kb).verdict.headline);
    expect(d.findings).toEqual([]);
  });

  it('gets no diagnosis card when pasted in chat, like text without SIP', async () => {
    expect(await cardOf(summariesOnly())).toEqual({
      title: undefined,
      verdict: undefined,
      top: undefined,
    });
  });
});

describe('message records', () => {
  it('keep their nested data_header out of the summary count', () => {
    const result = extractMessages(read('../pastes/homer.json'));
    expect(result.messages).toHaveLength(4);
    expect(result.skipped).toBeUndefined();
  });
});
