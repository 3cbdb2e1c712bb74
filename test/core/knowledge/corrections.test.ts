/**
 * Issue 12, knowledge items 1-7 (and the reference label of item 15): each
 * test here fails on the value the knowledge base had before the correction.
 */
import { describe, expect, it } from 'vitest';
import { ianaResponseCodeReference } from '../../../src/core/explain/card-parts.js';
import { explain } from '../../../src/core/explain/explain.js';
import { realKnowledge, realKnowledgeFiles } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const files = realKnowledgeFiles();
const file = (path: string): string => {
  const text = files.get(path);
  if (text === undefined) throw new Error(`no knowledge file ${path}`);
  return text;
};
/** Markdown text with line wraps undone, so phrases can be matched across lines. */
const flat = (path: string): string => file(path).replace(/\s+/g, ' ');
const field = (query: string, label: string): string | undefined =>
  explain(query, kb).fields.find((f) => f.label === label)?.value;

describe('1. RFC 3398 section numbers', () => {
  it('files ISUP cause -> SIP under §7.2.4.1 and SIP -> ISUP under §8.2.6.1', () => {
    expect(kb.mappings.rfc3398Sections).toEqual({ toSip: '7.2.4.1', toIsup: '8.2.6.1' });
    expect(kb.mappings.forCause(17).rfc3398?.source).toBe('RFC 3398 §7.2.4.1');
    expect(kb.mappings.forSipCode(486).q850?.source).toBe('RFC 3398 §8.2.6.1');
  });

  it('cites §7.2.4.1 on a Q.850 cause card', () => {
    const refs = explain('cause 17', kb).references;
    const rfc3398 = refs.find((r) => r.label.startsWith('RFC 3398'));
    expect(rfc3398).toEqual({
      label: 'RFC 3398 §7.2.4.1',
      url: 'https://www.rfc-editor.org/rfc/rfc3398#section-7.2.4.1',
    });
    expect(refs.some((r) => r.label.includes('8.2.1'))).toBe(false);
  });

  it('no knowledge file cites the swapped or invented section numbers', () => {
    for (const [path, text] of files) {
      if (!/3398/.test(text)) continue;
      expect(text, path).not.toMatch(/3398[^\n]{0,40}§?8\.2\.1\b/);
      expect(text, path).not.toMatch(/"8\.2\.1"/);
    }
  });
});

describe('2. FreeSWITCH tables (mod_sofia 1.8.6 and 1.10.7 additions)', () => {
  it.each([
    [607, 'UNWANTED'],
    [608, 'CALL_REJECTED'],
    [428, 'NO_IDENTITY'],
    [429, 'BAD_IDENTITY_INFO'],
    [437, 'UNSUPPORTED_CERTIFICATE'],
    [438, 'INVALID_IDENTITY'],
  ])('a received %i becomes %s, not the default', (code, cause) => {
    expect(kb.mappings.forSipCode(code).freeswitch).toMatchObject({ cause, isDefault: false });
    const shown = field(String(code), 'FreeSWITCH');
    expect(shown).toContain(cause);
    expect(shown).not.toContain('NORMAL_UNSPECIFIED');
    expect(shown).not.toContain('default');
  });

  it.each([
    ['BUSY_EVERYWHERE', 600],
    ['DECLINE', 603],
    ['REJECT_ALL', 603],
    ['DOES_NOT_EXIST_ANYWHERE', 604],
    ['NOT_ACCEPTABLE', 606],
    ['UNWANTED', 607],
    ['NO_IDENTITY', 428],
    ['BAD_IDENTITY_INFO', 429],
    ['UNSUPPORTED_CERTIFICATE', 437],
    ['INVALID_IDENTITY', 438],
    ['STALE_DATE', 403],
  ])('hangup_cause_to_sip sends %s as %i', (name, sip) => {
    expect(kb.mappings.freeswitchSipForName(name)).toBe(sip);
  });

  it('keeps the older rows and the defaults', () => {
    expect(kb.mappings.forSipCode(603).freeswitch?.cause).toBe('CALL_REJECTED');
    expect(kb.mappings.forSipCode(499).freeswitch).toMatchObject({
      cause: 'NORMAL_UNSPECIFIED',
      isDefault: true,
    });
    expect(kb.mappings.freeswitchSipForName('ORIGINATOR_CANCEL')).toBe(487);
  });

  it("608's vendor lines: FreeSWITCH CALL_REJECTED, Asterisk its 6xx default 127", () => {
    const text = flat('codes/608.md');
    expect(text).not.toContain('no specific mapping for 608');
    expect(text).toContain('CALL_REJECTED');
    expect(text).toMatch(/6xx default, 127/);
    expect(kb.mappings.forSipCode(608).asterisk).toMatchObject({ cause: 127, isDefault: true });
  });
});

describe('3. FreeSWITCH relays the B leg SIP code unless sip_ignore_remote_cause', () => {
  it.each(['codes/500.md', 'codes/502.md', 'codes/482.md', 'codes/415.md', 'codes/504.md'])(
    '%s says so',
    (path) => {
      const text = flat(path);
      expect(text).toContain('sip_ignore_remote_cause=true');
      expect(text).not.toMatch(/sends (cause )?\d+ onward as|sends 38 onward/);
      expect(text).not.toContain('reaches the caller as 483');
      expect(text).not.toContain('only see 501 or 500');
    },
  );
});

describe('4. digest auth return codes per project', () => {
  it('401 lists Kamailio and OpenSIPS codes separately', () => {
    const text = flat('codes/401.md');
    expect(text).toContain(
      'OpenSIPS `www_authorize()` / `proxy_authorize()`: -1 unknown user, -2 wrong password, -3 stale nonce, -4 no credentials, -5 generic error',
    );
    expect(text).toContain(
      'Kamailio `auth_check()` / `www_authorize()`: -1 generic error, -2 wrong password, -3 unknown user, -4 nonce expired, -5 no credentials, -6 nonce reused, -8 auth user mismatch',
    );
  });

  it('the auth findings do not read OpenSIPS codes as Kamailio ones', () => {
    expect(flat('findings/auth.credentials-rejected.md')).toContain(
      'OpenSIPS `www_authorize()`/`proxy_authorize()` gives -1 unknown user, -2 bad password',
    );
    const stale = flat('findings/auth.stale-nonce.md');
    expect(stale).toContain(
      'OpenSIPS `www_authorize()`/`proxy_authorize()` gives -3 for a stale nonce',
    );
    expect(stale).toContain('Kamailio `auth_check()`/`www_authorize()` gives -4 nonce expired');
  });
});

describe('5. vendor names and parameters', () => {
  it('405: FreeSWITCH enable-100rel, not disable-100rel', () => {
    const text = file('codes/405.md');
    expect(text).not.toContain('disable-100rel');
    expect(text).toContain('enable-100rel');
  });

  it('422: sstCheckMin()', () => {
    expect(file('codes/422.md')).toContain('`sstCheckMin()`');
    expect(file('codes/422.md')).not.toContain('sst_check_min');
  });

  it('anonymity: CALLERID(pres), CALLERPRES() only as removed', () => {
    const text = flat('findings/policy.anonymity-rejected.md');
    expect(text).toContain('CALLERID(pres)');
    expect(text).toContain('removed in Asterisk 17');
    expect(text).not.toContain('`CALLERID()`/`CALLERPRES()`');
  });

  it('486: Kamailio dialog profile names and DND conventions', () => {
    const text = flat('codes/486.md');
    expect(text).toContain('`get_profile_size()`');
    expect(text).toContain('`kamcmd dlg.profile_get_size <profile>`');
    expect(text).not.toContain('dlg_profile_get_size');
    expect(text).toMatch(/database show DND.*FreePBX/);
    expect(text).toMatch(/do_not_disturb.*FusionPBX/);
  });

  it('rtp-timeout-sec is only mentioned as deprecated in favour of media_timeout', () => {
    for (const [path, text] of files) {
      if (!text.includes('rtp-timeout-sec')) continue;
      const t = text.replace(/\s+/g, ' ');
      expect(t, path).toContain('media_timeout');
      expect(t, path).toMatch(/deprecated/);
    }
  });
});

describe('6. 6xx forking, US blocking notification, NAT keepalives', () => {
  it('603: a proxy cancels pending branches before forwarding the 6xx', () => {
    const text = flat('codes/603.md');
    expect(text).not.toContain('straight away');
    expect(text).toMatch(/CANCELs the branches still pending/);
    expect(text).toContain('RFC 3261 §16.7');
  });

  it('603: per-transaction t_set_disable_6xx() rather than global disable_6xx_block', () => {
    const text = flat('codes/603.md');
    expect(text).not.toContain('set `disable_6xx_block` or call');
    expect(text).toMatch(/call `t_set_disable_6xx\(\)` in the route/);
  });

  it('603 and 608 name the current US rule: 603+ (ATIS-1000099) per the FCC', () => {
    for (const path of ['codes/603.md', 'codes/608.md']) {
      const text = flat(path);
      expect(text, path).toContain('ATIS-1000099');
      expect(text, path).toContain('Eighth Report and Order');
      expect(text, path).toContain('CG Docket 17-59');
      expect(text, path).not.toContain('rules accept 603, 607 or 608');
    }
  });

  it('408: keepalives come before shorter registration intervals', () => {
    const text = flat('codes/408.md');
    expect(text).toMatch(/turn on keepalives first/);
    expect(text).toMatch(/Shorten the registration expiry only as a fallback/);
  });
});

describe('7. depth', () => {
  it('503 covers dependencies, host saturation, capacity and load-balancer weights', () => {
    const text = flat('codes/503.md');
    for (const phrase of [
      'A service the SIP element depends on is down',
      'RADIUS',
      'rtpengine',
      'The host itself is saturated',
      'Capacity was never sized for the real peak',
      'Load-balancer weights are uneven',
      'df -h',
    ])
      expect(text).toContain(phrase);
  });

  it('403 covers a known-good account or client and tenant permissions', () => {
    const text = flat('codes/403.md');
    expect(text).toContain('known to work');
    expect(text).toContain("The tenant's permissions do not allow it");
    expect(text).toContain('multi-tenant platform');
  });

  it('the general checklist starts with client settings and basic reachability', () => {
    const connectivity = kb.checklist('general');
    const text = flat('checklists/general.md');
    expect(connectivity).toBeDefined();
    const first = text.indexOf("client's own settings");
    const ping = text.indexOf('`ping 203.0.113.20`');
    const traceroute = text.indexOf('`traceroute 203.0.113.20`');
    const options = text.indexOf('Send an OPTIONS ping');
    expect(first).toBeGreaterThan(-1);
    expect(ping).toBeGreaterThan(first);
    expect(traceroute).toBeGreaterThan(first);
    expect(options).toBeGreaterThan(traceroute);
    expect(text).toMatch(/username, auth username, password/);
  });
});

describe('15. IANA reference label', () => {
  it('labels the IANA registry as the registry, not as sip-triage', () => {
    const ref = ianaResponseCodeReference(404);
    expect(ref.label).not.toMatch(/^sip-triage/);
    expect(ref.label).toContain('IANA');
    expect(ref.label).toContain('404');
    expect(ref.url).toMatch(/^https:\/\/www\.iana\.org\/assignments\/sip-parameters\//);
  });
});
