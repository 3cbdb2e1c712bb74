/**
 * Ladder ends where the input gives no addresses (issue 11, item 8):
 * responses go back toward the requester, one column per element (a PBX
 * that logs both its legs is one column, not "caller" and "callee"), and
 * labels are cut after a whole word. Addresses are documentation ranges.
 */
import { describe, expect, it } from 'vitest';
import { buildLadder, cutAtWord } from '../../../src/core/diagnose/build-ladder.js';
import { DiagnoseContext } from '../../../src/core/diagnose/context.js';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { Redactor } from '../../../src/core/diagnose/redact.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { renderLadder } from '../../../src/core/render/ladder.js';
import { renderMermaid } from '../../../src/core/render/mermaid.js';
import { InputMessage } from '../../../src/core/sip/input-message.js';
import { MessageTable } from '../../../src/core/sip/message-table.js';
import { parseMessage } from '../../../src/core/sip/parse-message.js';
import type { Endpoint } from '../../../src/core/sip/types.js';
import { buildTrace } from '../../../src/core/trace/build-trace.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { sip } from '../../helpers/sip-trace.js';

const kb = realKnowledge();
const PHONE = '192.0.2.10:5060';
const PBX = '203.0.113.5:5060';
const CARRIER = '198.51.100.20:5060';

function headers(o: { vias: string[]; callId: string; cseq: string; toTag?: string }): string[] {
  return [
    ...o.vias.map((v) => `Via: SIP/2.0/UDP ${v}`),
    'From: <sip:alice@example.com>;tag=a1',
    `To: <sip:bob@example.com>${o.toTag ? `;tag=${o.toTag}` : ''}`,
    `Call-ID: ${o.callId}`,
    `CSeq: ${o.cseq}`,
  ];
}

const at = (v: string, branch: string) => `${v};branch=${branch}`;

function endpoint(text: string | undefined): Endpoint | undefined {
  if (text === undefined) return undefined;
  const colon = text.lastIndexOf(':');
  return { address: text.slice(0, colon), port: Number(text.slice(colon + 1)) };
}

/** The ladder of hand-made messages, each with the addresses the input gave (or none). */
function ladderOf(messages: { text: string; src?: string; dst?: string }[]) {
  const table = new MessageTable();
  const input = messages.map((m) =>
    InputMessage.add(
      table,
      { src: endpoint(m.src), dst: endpoint(m.dst), format: 'test' },
      parseMessage(m.text),
      m.text,
    ),
  );
  const ctx = new DiagnoseContext(buildTrace(input), kb, new Redactor());
  return buildLadder(
    ctx,
    input.map((_, i) => i),
  );
}

const arrowsOf = (ladder: ReturnType<typeof ladderOf>) =>
  ladder.arrows.map(
    (a) => `${ladder.columns[a.from]?.name} -> ${ladder.columns[a.to]?.name}: ${a.label}`,
  );

describe('a paste without addresses', () => {
  const invite = sip([
    'INVITE sip:bob@example.com SIP/2.0',
    ...headers({ vias: [at(PHONE, 'z9hG4bK1')], callId: 'c1', cseq: '1 INVITE' }),
  ]);
  const busy = sip([
    'SIP/2.0 486 Busy Here',
    ...headers({ vias: [at(PHONE, 'z9hG4bK1')], callId: 'c1', cseq: '1 INVITE', toTag: 'b' }),
  ]);

  it('sends the response back to the requester, in the ladder and in Mermaid', () => {
    const d = diagnose(parseText(`${invite}${busy}`), kb);
    expect(d.ladder.columns.map((c) => c.name)).toEqual([PHONE, 'callee']);
    expect(d.ladder.arrows.map((a) => [a.from, a.to, a.label])).toEqual([
      [0, 1, 'INVITE'],
      [1, 0, '486 Busy Here'],
    ]);
    const mermaid = renderMermaid(d.ladder);
    expect(mermaid).toContain('P1->>P0: 486 Busy Here');
    expect(mermaid).not.toContain('P0->>P1: 486');
    expect(renderLadder(d.ladder).split('\n')[2]).toMatch(/<-+ ?486 Busy Here/);
  });

  it('follows a proxy by the Via it adds, and each response back the way its request came', () => {
    const ladder = ladderOf([
      { text: invite },
      {
        text: sip([
          'INVITE sip:bob@example.com SIP/2.0',
          ...headers({
            vias: [at(PBX, 'z9hG4bK2'), at(PHONE, 'z9hG4bK1')],
            callId: 'c1',
            cseq: '1 INVITE',
          }),
        ]),
      },
      {
        text: sip([
          'SIP/2.0 486 Busy Here',
          ...headers({
            vias: [at(PBX, 'z9hG4bK2'), at(PHONE, 'z9hG4bK1')],
            callId: 'c1',
            cseq: '1 INVITE',
            toTag: 'b',
          }),
        ]),
      },
      { text: busy },
    ]);
    expect(arrowsOf(ladder)).toEqual([
      `${PHONE} -> ${PBX}: INVITE`,
      `${PBX} -> callee: INVITE`,
      `callee -> ${PBX}: 486 Busy Here`,
      `${PBX} -> ${PHONE}: 486 Busy Here`,
    ]);
  });

  it('keeps a B2BUA that pasted both its legs in one column (Request-URI host to Via)', () => {
    const ladder = ladderOf([
      {
        text: sip([
          'INVITE sip:200@203.0.113.5 SIP/2.0',
          ...headers({ vias: [at(PHONE, 'z9hG4bK1')], callId: 'leg-a', cseq: '1 INVITE' }),
        ]),
      },
      {
        text: sip([
          'INVITE sip:bob@198.51.100.20:5060 SIP/2.0',
          ...headers({ vias: [at(PBX, 'z9hG4bKb')], callId: 'leg-b', cseq: '7 INVITE' }),
        ]),
      },
      {
        text: sip([
          'SIP/2.0 486 Busy Here',
          ...headers({
            vias: [at(PBX, 'z9hG4bKb')],
            callId: 'leg-b',
            cseq: '7 INVITE',
            toTag: 'x',
          }),
        ]),
      },
      {
        text: sip([
          'SIP/2.0 486 Busy Here',
          ...headers({
            vias: [at(PHONE, 'z9hG4bK1')],
            callId: 'leg-a',
            cseq: '1 INVITE',
            toTag: 'y',
          }),
        ]),
      },
    ]);
    expect(ladder.columns.map((c) => c.name)).toEqual([PHONE, PBX, 'callee']);
    expect(arrowsOf(ladder)).toEqual([
      `${PHONE} -> ${PBX}: INVITE`,
      `${PBX} -> callee: INVITE`,
      `callee -> ${PBX}: 486 Busy Here`,
      `${PBX} -> ${PHONE}: 486 Busy Here`,
    ]);
  });
});

describe('a log that gives only the far end of each message', () => {
  it('is written by one element: one column for it, named by its Via, not "caller" and "callee"', () => {
    const inA = sip([
      'INVITE sip:200@203.0.113.5 SIP/2.0',
      ...headers({ vias: [at(PHONE, 'z9hG4bK1')], callId: 'leg-a', cseq: '1 INVITE' }),
    ]);
    const outB = sip([
      'INVITE sip:bob@198.51.100.20 SIP/2.0',
      ...headers({ vias: [at(PBX, 'z9hG4bKb')], callId: 'leg-b', cseq: '7 INVITE' }),
    ]);
    const busyB = sip([
      'SIP/2.0 486 Busy Here',
      ...headers({ vias: [at(PBX, 'z9hG4bKb')], callId: 'leg-b', cseq: '7 INVITE', toTag: 'x' }),
      'Server: Carrier/2',
    ]);
    const busyA = sip([
      'SIP/2.0 486 Busy Here',
      ...headers({ vias: [at(PHONE, 'z9hG4bK1')], callId: 'leg-a', cseq: '1 INVITE', toTag: 'y' }),
      'Server: PBX/9',
    ]);
    const ladder = ladderOf([
      { text: inA, src: PHONE },
      { text: outB, dst: CARRIER },
      { text: busyB, src: CARRIER },
      { text: busyA, dst: PHONE },
    ]);
    expect(ladder.columns).toEqual([
      { name: PHONE, title: PHONE },
      { name: PBX, title: `${PBX} PBX/9` },
      { name: CARRIER, title: `${CARRIER} Carrier/2` },
    ]);
    expect(arrowsOf(ladder)).toEqual([
      `${PHONE} -> ${PBX}: INVITE`,
      `${PBX} -> ${CARRIER}: INVITE`,
      `${CARRIER} -> ${PBX}: 486 Busy Here`,
      `${PBX} -> ${PHONE}: 486 Busy Here`,
    ]);
  });
});

describe('labels', () => {
  it('are cut after a whole word', () => {
    expect(cutAtWord('480 Temporarily Unavailable (Do Not Disturb)', 28)).toBe(
      '480 Temporarily Unavailable…',
    );
    expect(cutAtWord('486 Busy Here', 28)).toBe('486 Busy Here');
    expect(cutAtWord('600 Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 20)).toHaveLength(20);
  });

  it('are never cut mid-word in Mermaid or in the text ladder', () => {
    const text = `${sip([
      'INVITE sip:bob@example.com SIP/2.0',
      ...headers({ vias: [at(PHONE, 'z9hG4bK1')], callId: 'c1', cseq: '1 INVITE' }),
    ])}${sip([
      'SIP/2.0 480 Temporarily Unavailable because the user set Do Not Disturb',
      ...headers({ vias: [at(PHONE, 'z9hG4bK1')], callId: 'c1', cseq: '1 INVITE', toTag: 'b' }),
    ])}`;
    const d = diagnose(parseText(text), kb);
    const line = renderMermaid(d.ladder).split('\n').at(-1) ?? '';
    expect(line).toBe('    P1->>P0: 480 Temporarily Unavailable…');
    const words = new Set(
      '480 Temporarily Unavailable because the user set Do Not Disturb'.split(' '),
    );
    const row = renderLadder(d.ladder).split('\n')[2] ?? '';
    const shown = /480[^|<>-]*/.exec(row)?.[0].replace('…', '').trim().split(' ') ?? [];
    expect(shown.length).toBeGreaterThan(1);
    for (const word of shown) expect(words.has(word)).toBe(true);
  });
});
