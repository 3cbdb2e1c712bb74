/**
 * What a face allows and hides. Chat answers are read by a whole channel,
 * so they pseudonymise phone numbers and addresses unless the workspace
 * turns that off; the terminal shows what the user gave it. Secrets
 * (digest responses, passwords, keys, tokens) are cut everywhere, whatever
 * the policy says. A chat diagnosis comes with its pictures (the ladder as a
 * PNG, the HTML report); the terminal draws one only when asked.
 */
import { DEFAULT_LIMITS, type SipLimits } from '../sip/types.js';

/** Pictures a diagnosis can come with: the ladder as PNG or SVG, and the HTML report. */
export const PICTURES = ['png', 'svg', 'html'] as const;
export type Picture = (typeof PICTURES)[number];

/** The name of the file each picture comes as. */
export const PICTURE_FILES: Readonly<Record<Picture, string>> = {
  png: 'call-flow.png',
  svg: 'call-flow.svg',
  html: 'sip-triage-report.html',
};

export interface Policy {
  /** Replace phone numbers by pseudonyms stable within one answer. */
  hideNumbers: boolean;
  /** Replace IP addresses by pseudonyms stable within one answer. */
  hideAddresses: boolean;
  /** Parsing limits; `maxInputBytes` also caps each attachment. */
  limits: SipLimits;
  /** Files diagnosed from one message; the rest are named in the answer and skipped. */
  maxAttachments: number;
  /**
   * Files a diagnosis comes with: in chat the ladder as a PNG and the HTML
   * report; the terminal asks for one by --format.
   */
  pictures: readonly Picture[];
}

/** What a face or a request may set; the rest comes from the defaults. */
export type PolicyChoices = Partial<Omit<Policy, 'limits'>> & { limits?: Partial<SipLimits> };

const TERMINAL = new Set(['cli', 'console']);

/** The policy for a platform, with the face's own choices on top. */
export function resolvePolicy(platform: string, given: PolicyChoices = {}): Policy {
  const chat = !TERMINAL.has(platform);
  return {
    hideNumbers: given.hideNumbers ?? chat,
    hideAddresses: given.hideAddresses ?? chat,
    limits: { ...DEFAULT_LIMITS, ...given.limits },
    maxAttachments: given.maxAttachments ?? 5,
    pictures: given.pictures ?? (chat ? ['png', 'html'] : []),
  };
}
