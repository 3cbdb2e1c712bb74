/** The ladder a diagnosis carries is data: columns, arrows, counts and times, already redacted. */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { dialogHeaders, sip, traceOf } from '../../helpers/sip-trace.js';

const kb = realKnowledge();
const START_MICROS = Date.UTC(2026, 10, 24, 9, 0, 0) * 1000;
const PHONE = '192.0.2.10:5060';
const PBX = '203.0.113.5:5060';

function busyCall() {
  const invite = sip([
    'INVITE sip:+14155550100@example.com SIP/2.0',
    ...dialogHeaders({ branch: 'z9hG4bK-l1', cseq: '1 INVITE', extra: ['User-Agent: Phone/1.0'] }),
  ]);
  const busy = sip([
    'SIP/2.0 486 Busy Here',
    ...dialogHeaders({
      branch: 'z9hG4bK-l1',
      cseq: '1 INVITE',
      toTag: 'p',
      extra: ['Server: PBX/9'],
    }),
  ]);
  return traceOf([
    ...[0, 500, 1500, 3500].map((at) => ({ at, from: PHONE, to: PBX, text: invite })),
    { at: 4000, from: PBX, to: PHONE, text: busy },
  ]);
}

describe('the ladder of a diagnosis', () => {
  it('has one column per element with its product, and retransmissions as one counted arrow', async () => {
    const d = diagnose(await busyCall(), kb);
    expect(d.ladder).toEqual({
      columns: [
        { name: PHONE, title: `${PHONE} Phone/1.0` },
        { name: PBX, title: `${PBX} PBX/9` },
      ],
      arrows: [
        {
          from: 0,
          to: 1,
          label: 'INVITE',
          time: START_MICROS,
          count: 4,
          message: 0,
          leg: 0,
          decisive: false,
        },
        {
          from: 1,
          to: 0,
          label: '486 Busy Here',
          time: START_MICROS + 4_000_000,
          count: 1,
          message: 4,
          leg: 0,
          decisive: true,
        },
      ],
      legs: ['call-1@192.0.2.10'],
    });
    expect(d.ladder.texts).toBeUndefined();
  });

  it('names the elements by pseudonym when addresses are hidden', async () => {
    const d = diagnose(await busyCall(), kb, { addresses: true });
    const [phone, pbx] = d.ladder.columns;
    expect(phone?.name).toMatch(/^ip-\d+:5060$/);
    expect(pbx?.name).toMatch(/^ip-\d+:5060$/);
    expect(phone?.name).not.toBe(pbx?.name);
    expect(phone?.title).toBe(`${phone?.name} Phone/1.0`);
    expect(pbx?.title).toBe(`${pbx?.name} PBX/9`);
    expect(JSON.stringify(d.ladder)).not.toMatch(/192\.0\.2\.10|203\.0\.113\.5/);
  });

  it('keeps the redacted text of each arrow when asked, without counting it on the card', async () => {
    const plain = diagnose(await busyCall(), kb, { addresses: true });
    const d = diagnose(await busyCall(), kb, { addresses: true, messageTexts: true });
    expect(d.redactions).toBe(plain.redactions);
    expect(d.ladder.texts).toHaveLength(d.ladder.arrows.length);
    const [invite, busy] = d.ladder.texts ?? [];
    expect(invite).toMatch(/^INVITE sip:\+14155550100@example\.com SIP\/2\.0\r?\n/);
    expect(busy).toMatch(/^SIP\/2\.0 486 Busy Here/);
    // Addresses get the same pseudonyms as the columns.
    const phone = d.ladder.columns[0]?.name.split(':')[0] ?? '?';
    expect(invite).toContain(phone);
    expect(d.ladder.texts?.join('\n')).not.toMatch(/192\.0\.2\.10|203\.0\.113\.5/);
  });
});
