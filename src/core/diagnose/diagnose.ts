/**
 * diagnose(): from the messages of one input to the verdict, the findings
 * ranked by severity and confidence (each with its evidence), the ladder of
 * the deciding call, the merged checklist and the redaction count. Rules
 * live one family per file under rules/; each returns findings, and a
 * finding two rules both make is kept once, with the evidence of both. The
 * trace comes finished from buildTrace and is only read here.
 */

import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { InputMessages } from '../sip/message-list.js';
import type { PayloadFile } from '../sip/payload-file.js';
import type { Problem } from '../sip/types.js';
import { buildTrace } from '../trace/build-trace.js';
import { cutMessage } from '../trace/cut-message.js';
import type { Call, Trace } from '../trace/types.js';
import { buildLadder } from './build-ladder.js';
import { DiagnoseContext, type Rule } from './context.js';
import { type RedactOptions, Redactor } from './redact.js';
import { auth } from './rules/auth.js';
import { clearing } from './rules/clearing.js';
import { dialogs } from './rules/dialogs.js';
import { finalResponses } from './rules/final-responses.js';
import { media } from './rules/media.js';
import { messages } from './rules/messages.js';
import { network } from './rules/network.js';
import { timers } from './rules/timers.js';
import { transport } from './rules/transport.js';
import type { Diagnosis, Finding, InputDamage } from './types.js';
import { decidingCall, missingEvidence, verdictOf } from './verdict.js';

export const RULES: readonly Rule[] = [
  finalResponses,
  auth,
  transport,
  dialogs,
  media,
  network,
  messages,
  timers,
  clearing,
];

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;
/** Evidence lines kept per finding once several rules or calls add to it. */
const MAX_EVIDENCE = 8;

/** A more specific finding replaces the generic one a response code alone would give. */
const SUPERSEDES: Readonly<Record<string, readonly string[]>> = {
  'media.t38-rejected': ['media.codec-mismatch'],
  'media.srtp-mismatch': ['media.codec-mismatch'],
  'auth.credentials-rejected': ['policy.forbidden'],
  'auth.stale-nonce': ['auth.credentials-rejected'],
  'identity.stale-date': ['policy.forbidden'],
  'transport.timeout': ['transport.no-response'],
};

function dropSuperseded(findings: Finding[]): Finding[] {
  const ids = new Set(findings.map((f) => f.id));
  const dropped = new Set<string>();
  for (const id of ids) for (const other of SUPERSEDES[id] ?? []) dropped.add(other);
  return findings.filter((f) => !dropped.has(f.id));
}

/** One finding per id: the most confident one, with every rule's evidence. */
function merge(findings: Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) {
    const seen = byId.get(f.id);
    if (seen === undefined) {
      byId.set(f.id, { ...f, evidence: [...f.evidence] });
      continue;
    }
    const best = f.confidence > seen.confidence ? { ...f, evidence: [...f.evidence] } : seen;
    const other = best === seen ? f : seen;
    for (const e of other.evidence) {
      if (best.evidence.length >= MAX_EVIDENCE) break;
      if (!best.evidence.some((b) => b.message === e.message && b.text === e.text))
        best.evidence.push(e);
    }
    byId.set(f.id, best);
  }
  return [...byId.values()];
}

/**
 * Findings about the deciding call come first (its own failure before
 * anything else it shows), then by severity and confidence; decoded Reason
 * and Warning headers support the other findings and come after them.
 */
function rank(findings: Finding[], call: Call | undefined): Finding[] {
  const messages = new Set(call?.messages ?? []);
  const decisive = call?.decisive;
  const place = (f: Finding): number =>
    decisive !== undefined && f.evidence.some((e) => e.message === decisive)
      ? 0
      : f.evidence.some((e) => messages.has(e.message))
        ? 1
        : 2;
  const decoding = (f: Finding): number => (f.id.startsWith('clearing.') ? 1 : 0);
  return findings.sort(
    (a, b) =>
      place(a) - place(b) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      decoding(a) - decoding(b) ||
      b.confidence - a.confidence ||
      byCodeUnits(a.id, b.id),
  );
}

/**
 * Finding ids in code-unit order: ids are lower-case ASCII, where that is
 * the order localeCompare gives, without the collator localeCompare builds
 * on its first call (several milliseconds of every cold diagnosis).
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A request the end of the paste cut is missing evidence (see verdict.ts): no
 * response could follow it in the paste, so "it got no response" is not a
 * finding about it.
 */
function withoutCutClaims(trace: Trace, findings: Finding[]): Finding[] {
  const cut = cutMessage(trace.messages);
  if (cut === undefined) return findings;
  return findings.filter(
    (f) =>
      !(f.id === 'transport.no-response' || f.id === 'transport.timeout') ||
      !f.evidence.every((e) => e.message === cut),
  );
}

/** Findings that conclude something never came: on a damaged input it may be missing from the file only. */
const ABSENCE_FINDINGS = new Set([
  'transport.no-response',
  'transport.timeout',
  'auth.no-credentials',
]);

/**
 * On a damaged input (a truncated capture, a cut by a limit...) nothing is
 * concluded from what is absent: the response, the retransmissions, the
 * credentials may be missing from the file only. The card says the input is
 * damaged first, and the verdict says the response is not in this file.
 */
function withoutAbsenceClaims(findings: Finding[], damage: readonly InputDamage[]): Finding[] {
  if (damage.length === 0) return findings;
  return findings.filter((f) => !ABSENCE_FINDINGS.has(f.id));
}

export interface DiagnoseOptions extends RedactOptions {
  /** Keep the redacted text of each message on the ladder (for the HTML report). */
  messageTexts?: boolean;
}

/**
 * Diagnoses the messages of one input. The input is a ParseInputResult,
 * typed by the one field read of it because diagnose may not import ingest.
 * Never throws on the input's content.
 */
export function diagnose(
  input: {
    readonly messages: InputMessages;
    readonly problems?: readonly Problem[];
    readonly file?: PayloadFile;
  },
  kb: KnowledgeBase,
  options: DiagnoseOptions = {},
): Diagnosis {
  // Messages read again from a file that changed meanwhile are not what was captured: said
  // first, before the rules read them when the change is already seen, and after them else.
  const damage = inputDamage(input.problems ?? []);
  const changed = (): boolean => input.file?.changed === true;
  const changedBefore = changed();
  if (changedBefore) damage.unshift(FILE_CHANGED);
  const diagnosis = diagnoseTrace(buildTrace(input.messages), kb, options, damage);
  if (!changedBefore && changed()) diagnosis.inputDamage.unshift({ ...FILE_CHANGED });
  return diagnosis;
}

const FILE_CHANGED: Readonly<InputDamage> = {
  id: 'input.changed',
  message:
    'The file changed while it was being diagnosed (it is shorter now, or was written again): messages read again from it may be cut short or differ from what was first read, so do not trust what follows. Diagnose a copy that nothing writes to.',
};

/** Problems of an input that mean it holds less than was sent (ingest names them). */
const DAMAGE_IDS = new Set([
  'capture.truncated',
  'capture.corrupt',
  'capture.link-type',
  'capture.read',
  'capture.limit',
  'input.limit',
  'input.gzip',
]);

/**
 * The damage to an input, in the order ingest reported it: a truncated or
 * corrupt capture, packets of a link type that is not decoded, a read that
 * failed, a cut by the size or message limit, a broken gzip stream. Empty
 * for a whole input.
 */
export function inputDamage(problems: readonly Problem[]): InputDamage[] {
  return problems
    .filter((p) => DAMAGE_IDS.has(p.id))
    .map((p) => ({ id: p.id, message: p.message }));
}

/** Diagnoses a trace built by buildTrace, which it leaves as it is. */
export function diagnoseTrace(
  trace: Trace,
  kb: KnowledgeBase,
  options: DiagnoseOptions = {},
  damage: readonly InputDamage[] = [],
): Diagnosis {
  const redactor = new Redactor(options);
  const ctx = new DiagnoseContext(trace, kb, redactor, damage);
  const findings: Finding[] = [];
  for (const rule of RULES) findings.push(...rule(ctx));
  const call = decidingCall(trace);
  const verdict = verdictOf(ctx, call);
  const ranked = rank(
    dropSuperseded(merge(withoutAbsenceClaims(withoutCutClaims(trace, findings), damage))),
    call,
  );
  // The ladder of the deciding call shows the legs a B2BUA made from it as well.
  const ladderMessages = [
    ...(call?.messages ?? []),
    ...(call?.legs ?? []).flatMap((id) => trace.callsById.get(id)?.messages ?? []),
  ].sort((a, b) => a - b);
  const checklist: string[] = [];
  for (const f of ranked) {
    if (f.severity === 'info') continue;
    for (const item of f.checklist) if (!checklist.includes(item)) checklist.push(item);
  }
  if (verdict.code !== null && verdict.code >= 300) {
    for (const item of kb.code(verdict.code)?.checklist ?? [])
      if (!checklist.includes(item)) checklist.push(item);
  }
  const ladder = buildLadder(ctx, ladderMessages, {
    legs: call === undefined ? [] : [call.callId, ...call.legs],
    decisive: call?.decisive,
    texts: options.messageTexts ?? false,
  });
  return {
    inputDamage: damage.map((d) => ({ ...d })),
    verdict,
    findings: ranked,
    calls: trace.calls
      .filter((c) => c.primary !== undefined)
      .map((c) => ({
        callId: redactor.text(c.callId),
        outcome: c.outcome,
        // As in the verdict: the request line's method, else (request not in the trace) the CSeq's.
        method:
          (c.primary?.request === undefined ? undefined : ctx.kept(c.primary.request)?.method) ??
          (c.primary?.method || null),
        code: ctx.code(c.decisive) ?? null,
        // The trace's own list: it never changes once built (see build-trace.ts).
        messages: c.messages,
        ...(c.toTags.length > 1 ? { forks: c.toTags.map((t) => redactor.text(t)) } : {}),
        ...(c.legOf ? { legOf: redactor.text(c.legOf.callId) } : {}),
        ...(c.legs.length > 0 ? { legs: c.legs.map((l) => redactor.text(l)) } : {}),
      })),
    ladder,
    redactions: redactor.count,
    missingEvidence: missingEvidence(ctx, call),
    checklist: checklist.slice(0, 12),
    messageCount: trace.messages.length,
  };
}
