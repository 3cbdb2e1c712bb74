/**
 * diagnose() on real Kamailio captures (verdicts and top findings of real
 * failures) and on the hand-written scenarios, each with its near miss;
 * no secret of the input survives into any output.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { parseInput } from '../../../src/core/ingest/parse-input.js';
import { diagnosisCard } from '../../../src/core/render/diagnosis-card.js';
import { renderDiscord } from '../../../src/core/render/discord/render-embeds.js';
import { renderJson } from '../../../src/core/render/json.js';
import { LADDER_WIDTH, renderLadder } from '../../../src/core/render/ladder.js';
import { renderMarkdown } from '../../../src/core/render/markdown.js';
import { renderMermaid } from '../../../src/core/render/mermaid.js';
import { renderSlack } from '../../../src/core/render/slack/render-blocks.js';
import { renderText } from '../../../src/core/render/text.js';
import { fixtureBytes } from '../../fixtures/real/load.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import {
  expectDiscordWithinLimits,
  expectSlackWithinLimits,
} from '../../helpers/platform-limits.js';
import { dialogHeaders, sip, traceOf } from '../../helpers/sip-trace.js';
import { SCENARIOS } from './scenarios.js';

const kb = realKnowledge();

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function diagnoseFixture(file: string) {
  return diagnose(await parseInput(once(fixtureBytes(file))), kb);
}

describe('real Kamailio captures', () => {
  it('names the failing INVITE, its code and the element that sent it', async () => {
    const d = await diagnoseFixture('kamailio-call-failures.pcap');
    expect(d.verdict).toMatchObject({
      outcome: 'failed',
      method: 'INVITE',
      requestUri: 'sip:nobody@127.0.0.1',
      code: 404,
      reason: 'Not Found',
    });
    expect(d.verdict.sentBy).toMatch(/^127\.0\.0\.1:5060 \(kamailio/);
    expect(d.verdict.headline).toMatch(
      /^INVITE sip:nobody@127\.0\.0\.1 failed: 404 Not Found from 127\.0\.0\.1:5060/,
    );
    expect(d.calls.map((c) => [c.outcome, c.code])).toEqual([
      ['failed', 404],
      ['failed', 480],
      ['failed', 486],
      ['failed', 487],
    ]);
    expect(d.findings[0]?.id).toBe('routing.not-found');
    const ids = d.findings.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'callee.unavailable',
        'callee.busy',
        'dialog.cancelled',
        'auth.challenge',
      ]),
    );
    expect(ids).not.toContain('auth.credentials-rejected');
    // The 486 was made by the UA behind the proxy, not by the proxy that forwarded it.
    expect(d.findings.find((f) => f.id === 'callee.busy')?.explanation).toMatch(
      /by 127\.0\.0\.1:5070/,
    );
  });

  it('calls a successful call a success, with the challenge as information only', async () => {
    const d = await diagnoseFixture('kamailio-call.pcap');
    expect(d.verdict.outcome).toBe('succeeded');
    expect(d.verdict.code).toBe(200);
    expect(d.findings.every((f) => f.severity === 'info')).toBe(true);
    expect(renderLadder(d.ladder).split('\n').length).toBeGreaterThan(10);
  });

  it('never lets a digest response or cnonce through, and counts what it cut', async () => {
    const d = await diagnoseFixture('kamailio-call-failures.pcap');
    const card = diagnosisCard(d);
    const outputs = [
      renderJson(card),
      renderText(card),
      renderMarkdown(card),
      JSON.stringify(renderSlack(card)),
      JSON.stringify(renderDiscord(card)),
    ];
    const input = new TextDecoder('latin1').decode(fixtureBytes('kamailio-call-failures.pcap'));
    const secrets = [...input.matchAll(/\b(?:response|cnonce)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(secrets.length).toBeGreaterThan(0);
    for (const out of outputs) for (const secret of secrets) expect(out).not.toContain(secret);
    expect(d.redactions).toBeGreaterThan(0);
  });

  it('fits every Slack and Discord limit, even for the busiest capture', async () => {
    for (const file of [
      'kamailio-diagnosis.pcap',
      'kamailio-call-failures.pcap',
      'kamailio-tcp.pcap',
    ]) {
      const card = diagnosisCard(await diagnoseFixture(file));
      expectSlackWithinLimits(renderSlack(card));
      expectDiscordWithinLimits(renderDiscord(card));
    }
  });

  it('says nothing of any face on its cards: no CLI flags, the full JSON offered as an action', async () => {
    const card = diagnosisCard(await diagnoseFixture('kamailio-diagnosis.pcap'));
    const { data: _data, ...shown } = card;
    const text = JSON.stringify(shown);
    // This capture's card leaves findings or evidence out, so it says where the rest is.
    expect(text).toMatch(/in the full JSON|the full JSON lists every finding/);
    expect(text).not.toMatch(/--format|--json|sip-triage diagnose|npx /);
    expect(card.actions.map((a) => a.id)).toContain('full-json');
  });

  it('draws a ladder no wider than 100 columns', async () => {
    for (const file of [
      'kamailio-call.pcap',
      'kamailio-call-failures.pcap',
      'kamailio-register.pcap',
    ]) {
      const d = await diagnoseFixture(file);
      for (const line of renderLadder(d.ladder).split('\n'))
        expect(line.length).toBeLessThanOrEqual(LADDER_WIDTH);
      expect(renderMermaid(d.ladder).startsWith('sequenceDiagram')).toBe(true);
    }
  });
});

describe.each(SCENARIOS)('$name', (scenario) => {
  it('raises what it must and nothing it must not', async () => {
    const d = diagnose(await traceOf(scenario.hops), kb);
    const ids = d.findings.map((f) => f.id);
    for (const id of scenario.expect)
      expect(ids, `expected ${id} in ${ids.join(', ')}`).toContain(id);
    for (const id of scenario.reject ?? []) expect(ids).not.toContain(id);
    if (scenario.top) expect(d.findings[0]?.id).toBe(scenario.top);
    for (const f of d.findings) {
      expect(f.evidence.length, `${f.id} has evidence`).toBeGreaterThan(0);
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(1);
    }
    const json = renderJson(diagnosisCard(d));
    expect(json).not.toMatch(/inline:[A-Za-z0-9+/]{8}/);
    expect(json).not.toContain('5f3c1e9a0b7d4c2e8f6a1b3c5d7e9f01');
    expect(json).not.toContain('c0ffee42');
  });
});

describe('timers', () => {
  it('reads the retransmissions of an unanswered INVITE as Timer A up to 64*T1', async () => {
    const scenario = SCENARIOS.find((s) => s.name.startsWith('INVITE retransmitted for 32 s'));
    const d = diagnose(await traceOf(scenario?.hops ?? []), kb);
    const finding = d.findings.find((f) => f.id === 'transport.timeout');
    expect(finding?.explanation).toMatch(/sent 7 times/);
    expect(finding?.explanation).toMatch(/Timer A: doubling from T1 = 500 ms/);
    expect(finding?.explanation).toMatch(/64\*T1 = 32 s/);
    expect(d.verdict.outcome).toBe('no-response');
  });
});

describe('inputs without a verdict', () => {
  it('says no SIP was found, and what to paste', async () => {
    const d = diagnose(
      await parseInput(once(new TextEncoder().encode('hello, the phones are down'))),
      kb,
    );
    expect(d.verdict.outcome).toBe('no-sip-found');
    expect(d.missingEvidence[0]).toMatch(/Paste the SIP messages/);
  });

  it('asks for the request when only a response was pasted', async () => {
    const text =
      'SIP/2.0 503 Service Unavailable\r\nVia: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-x\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: only-response\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
    const d = diagnose(await parseInput(once(new TextEncoder().encode(text))), kb);
    expect(d.verdict.outcome).toBe('failed');
    expect(d.missingEvidence.join(' ')).toMatch(/request that was answered is not in the paste/);
  });
});

describe('B2BUA legs', () => {
  const A = '192.0.2.10:5060';
  const PBX = '203.0.113.5:5060';
  const C = '198.51.100.30:5060';
  const invite = (branch: string, callId: string, extra: string[] = []) =>
    sip(
      [
        'INVITE sip:+14155550100@example.com SIP/2.0',
        ...dialogHeaders({
          branch,
          cseq: '1 INVITE',
          callId,
          extra: ['Max-Forwards: 70', ...extra],
        }),
      ],
      '',
    );
  const answer = (status: string, branch: string, callId: string, extra: string[] = []) =>
    sip([
      `SIP/2.0 ${status}`,
      ...dialogHeaders({ branch, cseq: '1 INVITE', callId, toTag: 'x', extra }),
    ]);

  it.each([
    ['an X-Call-ID header', ['X-Call-ID: a-leg@192.0.2.10']],
    ['the same number dialled a moment later', []],
  ])('ties the legs by %s and blames the B-leg failure', async (_how, legHeader) => {
    const d = diagnose(
      await traceOf([
        { at: 0, from: A, to: PBX, text: invite('z9hG4bK-a1', 'a-leg@192.0.2.10') },
        { at: 40, from: PBX, to: C, text: invite('z9hG4bK-b1', 'b-leg@203.0.113.5', legHeader) },
        {
          at: 90,
          from: C,
          to: PBX,
          text: answer('503 Service Unavailable', 'z9hG4bK-b1', 'b-leg@203.0.113.5', [
            'Server: CarrierSBC/4.2',
            'Retry-After: 60',
          ]),
        },
        {
          at: 95,
          from: PBX,
          to: A,
          text: answer('480 Temporarily Unavailable', 'z9hG4bK-a1', 'a-leg@192.0.2.10', [
            'Server: FreeSWITCH-mod_sofia/1.10.11',
          ]),
        },
      ]),
      kb,
    );
    expect(d.calls.find((c) => c.callId === 'b-leg@203.0.113.5')?.legOf).toBe('a-leg@192.0.2.10');
    expect(d.calls.find((c) => c.callId === 'a-leg@192.0.2.10')?.legs).toEqual([
      'b-leg@203.0.113.5',
    ]);
    expect(d.verdict.callId).toBe('a-leg@192.0.2.10');
    expect(d.verdict.headline).toMatch(
      /after its B2BUA leg got 503 Service Unavailable from 198\.51\.100\.30:5060 \(CarrierSBC\/4\.2\)/,
    );
    expect(d.findings.find((f) => f.id === 'callee.unavailable')?.explanation).toMatch(
      /other leg \(Call-ID b-leg@203\.0\.113\.5\) failed first/,
    );
    // The ladder shows both legs: three elements.
    expect(renderLadder(d.ladder).split('\n')[0]).toMatch(/198\.51\.100\.30:5060/);
    expect(d.ladder.legs).toEqual(['a-leg@192.0.2.10', 'b-leg@203.0.113.5']);
    expect(d.ladder.arrows.map((a) => [a.label, a.leg, a.decisive])).toEqual([
      ['INVITE', 0, false],
      ['INVITE', 1, false],
      ['503 Service Unavailable', 1, false],
      ['480 Temporarily Unavailable', 0, true],
    ]);
  });

  it('leaves calls to the same number far apart in time unlinked (near miss)', async () => {
    const d = diagnose(
      await traceOf([
        { at: 0, from: A, to: PBX, text: invite('z9hG4bK-a2', 'first@192.0.2.10') },
        {
          at: 5,
          from: PBX,
          to: A,
          text: answer('486 Busy Here', 'z9hG4bK-a2', 'first@192.0.2.10'),
        },
        { at: 60_000, from: A, to: PBX, text: invite('z9hG4bK-a3', 'second@192.0.2.10') },
        {
          at: 60_010,
          from: PBX,
          to: A,
          text: answer('486 Busy Here', 'z9hG4bK-a3', 'second@192.0.2.10'),
        },
      ]),
      kb,
    );
    expect(d.calls.every((c) => c.legOf === undefined && c.legs === undefined)).toBe(true);
  });
});

describe('forking', () => {
  it('keeps the early dialogs of a forked INVITE apart by To tag', async () => {
    const A = '192.0.2.10:5060';
    const P = '203.0.113.1:5060';
    const invite = sip([
      'INVITE sip:bob@example.com SIP/2.0',
      ...dialogHeaders({ branch: 'z9hG4bK-fk1', cseq: '1 INVITE', extra: ['Max-Forwards: 70'] }),
    ]);
    const ringing = (tag: string) =>
      sip([
        'SIP/2.0 180 Ringing',
        ...dialogHeaders({ branch: 'z9hG4bK-fk1', cseq: '1 INVITE', toTag: tag }),
      ]);
    const d = diagnose(
      await traceOf([
        { at: 0, from: A, to: P, text: invite },
        { at: 50, from: P, to: A, text: ringing('desk') },
        { at: 60, from: P, to: A, text: ringing('mobile') },
        {
          at: 9000,
          from: P,
          to: A,
          text: sip([
            'SIP/2.0 200 OK',
            ...dialogHeaders({ branch: 'z9hG4bK-fk1', cseq: '1 INVITE', toTag: 'mobile' }),
          ]),
        },
      ]),
      kb,
    );
    expect(d.calls[0]?.forks).toEqual(['desk', 'mobile']);
    expect(d.verdict.outcome).toBe('succeeded');
  });
});

describe('who sent a response, when the paste gives no addresses', () => {
  const pasted = (extra: string[], toTag?: string) =>
    [
      sip([
        'INVITE sip:bob@example.com SIP/2.0',
        ...dialogHeaders({ branch: 'z9hG4bK-np1', cseq: '1 INVITE', extra: ['Max-Forwards: 70'] }),
      ]),
      sip([
        'SIP/2.0 486 Busy Here',
        ...dialogHeaders({
          branch: 'z9hG4bK-np1',
          cseq: '1 INVITE',
          toTag,
          via: 'SIP/2.0/UDP 203.0.113.1;branch=z9hG4bK-np1, SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-c',
          extra,
        }),
      ]),
    ].join('');
  const run = async (text: string) =>
    diagnose(await parseInput(once(new TextEncoder().encode(text))), kb).verdict.sentBy;

  it('names the product, else the To tag, else the Via position', async () => {
    expect(await run(pasted(['Server: Asterisk PBX 20.5.0'], 'b1'))).toBe('Asterisk PBX 20.5.0');
    expect(await run(pasted([], 'b1'))).toBe('the element that set To tag b1');
    expect(await run(pasted([]))).toBe('the element 2 Via hops from the caller');
  });
});
