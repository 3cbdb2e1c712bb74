import { describe, expect, it } from 'vitest';
import { realKnowledge } from '../../helpers/knowledge.js';
import { referenceMappingRows } from '../../helpers/reference.js';

const { mappings } = realKnowledge();

describe('cause mappings agree with the reference tables', () => {
  it('SIP -> ISUP cause (RFC 3398 §8.2.6.1)', () => {
    const rows = referenceMappingRows('## RFC 3398 §8.2.6.1');
    expect(rows.length).toBeGreaterThan(10);
    for (const { keys, value } of rows) {
      for (const code of keys.map(Number)) {
        const expected = /^\d+$/.test(value) ? Number(value) : null;
        expect(mappings.forSipCode(code).q850?.cause, `SIP ${code}`).toBe(expected);
      }
    }
  });

  it('ISUP cause -> SIP (RFC 3398 §7.2.4.1)', () => {
    for (const { keys, value } of referenceMappingRows('## RFC 3398 §7.2.4.1')) {
      const expected = /^\d{3}/.test(value) ? Number(value.slice(0, 3)) : null;
      for (const cause of keys.map(Number))
        expect(mappings.forCause(cause).rfc3398?.sip, `cause ${cause}`).toBe(expected);
    }
  });

  it('SIP -> FreeSWITCH cause (sofia_glue_sip_cause_to_freeswitch), including its default', () => {
    for (const { keys, value } of referenceMappingRows('### SIP -> FreeSWITCH cause')) {
      if (keys[0] === 'anything else') {
        expect(mappings.forSipCode(499).freeswitch).toMatchObject({
          cause: value,
          isDefault: true,
        });
        continue;
      }
      for (const code of keys.map(Number))
        expect(mappings.forSipCode(code).freeswitch?.cause, `SIP ${code}`).toBe(value);
    }
  });

  it('FreeSWITCH cause -> SIP (hangup_cause_to_sip) for the Q.850-valued causes', () => {
    for (const { keys, value } of referenceMappingRows('### FreeSWITCH cause -> SIP')) {
      for (const key of keys.filter((k) => /^\d+$/.test(k))) {
        expect(mappings.forCause(Number(key)).freeswitch?.sip, `cause ${key}`).toBe(Number(value));
      }
    }
    expect(mappings.forCause(47).freeswitch).toBeUndefined(); // no FreeSWITCH name for 47
    expect(mappings.forCause(16).freeswitch).toMatchObject({ sip: 480, isDefault: true });
    expect(mappings.freeswitchSipForName('ORIGINATOR_CANCEL')).toBe(487);
  });

  it('SIP -> Asterisk cause (chan_pjsip), including class defaults', () => {
    for (const { keys, value } of referenceMappingRows('### SIP -> Asterisk cause')) {
      if (keys[0]?.startsWith('other')) continue;
      for (const code of keys.map(Number))
        expect(mappings.forSipCode(code).asterisk?.cause, `SIP ${code}`).toBe(Number(value));
    }
    expect(mappings.forSipCode(499).asterisk).toMatchObject({ cause: 127, isDefault: true });
    expect(mappings.forSipCode(599).asterisk).toMatchObject({ cause: 34, isDefault: true });
    expect(mappings.forSipCode(699).asterisk).toMatchObject({ cause: 127, isDefault: true });
  });

  it('resolves vendor names, with and without AST_CAUSE_', () => {
    expect(mappings.causeValueForName('NORMAL_CIRCUIT_CONGESTION')).toEqual({
      value: 34,
      vendor: 'both',
    });
    expect(mappings.causeValueForName('AST_CAUSE_USER_BUSY')).toEqual({
      value: 17,
      vendor: 'asterisk',
    });
    expect(mappings.causeValueForName('SERVICE_UNAVAILABLE')).toEqual({
      value: 63,
      vendor: 'freeswitch',
    });
    expect(mappings.causeValueForName('CONGESTION')).toEqual({ value: 34, vendor: 'asterisk' });
    expect(mappings.causeValueForName('NOT_A_CAUSE')).toBeUndefined();
  });
});
