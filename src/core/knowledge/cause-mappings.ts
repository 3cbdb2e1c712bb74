/**
 * Answers "what does this SIP code become in Q.850 / FreeSWITCH / Asterisk,
 * and back", from the three tables under knowledge/mappings/. Each answer
 * names the table it came from, because the tables disagree in places.
 */
import type { AsteriskMappingData, FreeswitchMappingData, Rfc3398Data } from './schema.js';

export interface SipToCauseMappings {
  /** RFC 3398 §8.2.6.1 (SIP response -> ISUP cause); `cause: null` when the RFC says there is no cause (487) or it comes from elsewhere (488). */
  q850?: { cause: number | null; note?: string; source: string };
  freeswitch?: { cause: string; value?: number; isDefault: boolean; source: string };
  asterisk?: { cause: number; name?: string; isDefault: boolean; source: string };
}

export interface CauseToSipMappings {
  /** RFC 3398 §7.2.4.1 (ISUP cause -> SIP response) */
  rfc3398?: { sip: number | null; note?: string; source: string };
  /** mod_sofia's hangup_cause_to_sip */
  freeswitch?: { sip: number; isDefault: boolean; source: string };
  freeswitchName?: string;
  asteriskNames: string[];
}

export class CauseMappings {
  private readonly sipToIsup = new Map<number, { cause: number | null; note?: string }>();
  private readonly isupToSip = new Map<number, { sip: number | null; note?: string }>();
  private readonly fsSipToCause = new Map<number, string>();
  private readonly fsCauseToSip = new Map<number | string, number>();
  private readonly fsNameByValue = new Map<number, string>();
  private readonly astSipToCause = new Map<number, number>();
  private readonly astNamesByValue = new Map<number, string[]>();
  private readonly rfc3398Source: { toIsup: string; toSip: string };
  /** The RFC 3398 section numbers of the two tables, as the table file states them. */
  readonly rfc3398Sections: { toIsup: string; toSip: string };

  constructor(
    rfc3398: Rfc3398Data,
    private readonly freeswitch: FreeswitchMappingData,
    private readonly asterisk: AsteriskMappingData,
  ) {
    this.rfc3398Sections = {
      toIsup: rfc3398.sipToIsup.section,
      toSip: rfc3398.isupToSip.section,
    };
    this.rfc3398Source = {
      toIsup: `RFC 3398 §${rfc3398.sipToIsup.section}`,
      toSip: `RFC 3398 §${rfc3398.isupToSip.section}`,
    };
    for (const row of rfc3398.sipToIsup.rows) {
      for (const sip of row.sip) this.sipToIsup.set(sip, { cause: row.cause, note: row.note });
    }
    for (const row of rfc3398.isupToSip.rows) {
      for (const cause of row.causes) this.isupToSip.set(cause, { sip: row.sip, note: row.note });
    }
    for (const row of freeswitch.sipToCause.rows) {
      for (const sip of row.sip) this.fsSipToCause.set(sip, row.cause);
    }
    for (const row of freeswitch.causeToSip.rows) {
      for (const cause of row.causes) this.fsCauseToSip.set(cause, row.sip);
    }
    for (const [name, value] of Object.entries(freeswitch.names))
      this.fsNameByValue.set(value, name);
    for (const row of asterisk.sipToCause.rows) {
      for (const sip of row.sip) this.astSipToCause.set(sip, row.cause);
    }
    for (const [name, value] of Object.entries(asterisk.names)) {
      this.astNamesByValue.set(value, [
        ...(this.astNamesByValue.get(value) ?? []),
        `AST_CAUSE_${name}`,
      ]);
    }
  }

  /** The hangup causes a SIP final response turns into. Only failures (and 200) have one. */
  forSipCode(code: number): SipToCauseMappings {
    const result: SipToCauseMappings = {};
    const isup = this.sipToIsup.get(code);
    if (isup) result.q850 = { ...isup, source: this.rfc3398Source.toIsup };
    if (code === 200 || code >= 400) {
      const fsName = this.fsSipToCause.get(code);
      const cause = fsName ?? this.freeswitch.sipToCause.default;
      result.freeswitch = {
        cause,
        value: this.freeswitch.names[cause],
        isDefault: fsName === undefined,
        source: 'FreeSWITCH mod_sofia (sofia_glue_sip_cause_to_freeswitch)',
      };
    }
    if (code >= 400) {
      const explicit = this.astSipToCause.get(code);
      const classKey = String(Math.floor(code / 100)) as '4' | '5' | '6';
      const cause = explicit ?? this.asterisk.sipToCause.classDefaults[classKey];
      if (cause !== undefined) {
        result.asterisk = {
          cause,
          name: this.astNamesByValue.get(cause)?.[0],
          isDefault: explicit === undefined,
          source: 'Asterisk chan_pjsip',
        };
      }
    }
    return result;
  }

  /** The SIP responses a Q.850 cause value becomes, and its vendor names. */
  forCause(cause: number): CauseToSipMappings {
    const result: CauseToSipMappings = { asteriskNames: this.astNamesByValue.get(cause) ?? [] };
    const isup = this.isupToSip.get(cause);
    if (isup) result.rfc3398 = { ...isup, source: this.rfc3398Source.toSip };
    const fsName = this.fsNameByValue.get(cause);
    if (fsName) {
      result.freeswitchName = fsName;
      const sip = this.fsCauseToSip.get(cause);
      result.freeswitch = {
        sip: sip ?? this.freeswitch.causeToSip.default,
        isDefault: sip === undefined,
        source: 'FreeSWITCH mod_sofia (hangup_cause_to_sip)',
      };
    }
    return result;
  }

  /** SIP code FreeSWITCH sends for one of its own (non-Q.850) cause names, when its table names it. */
  freeswitchSipForName(name: string): number | undefined {
    return this.fsCauseToSip.get(name);
  }

  /** Resolves a FreeSWITCH or Asterisk cause name (with or without AST_CAUSE_) to a Q.850 value. */
  causeValueForName(
    name: string,
  ): { value: number; vendor: 'freeswitch' | 'asterisk' | 'both' } | undefined {
    const upper = name.toUpperCase();
    const bare = upper.startsWith('AST_CAUSE_') ? upper.slice('AST_CAUSE_'.length) : upper;
    const fs = upper === bare ? this.freeswitch.names[bare] : undefined;
    const ast = this.asterisk.names[bare] ?? this.asterisk.aliases[bare];
    if (fs !== undefined && ast !== undefined && fs === ast) return { value: fs, vendor: 'both' };
    if (fs !== undefined) return { value: fs, vendor: 'freeswitch' };
    if (ast !== undefined) return { value: ast, vendor: 'asterisk' };
    return undefined;
  }
}
