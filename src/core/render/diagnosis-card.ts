/**
 * The diagnosis as a neutral card: the headline, the top findings with their
 * evidence quoted, the ladder, what to paste next, the merged checklist and
 * the references; `data` holds the JSON contract (`diagnosisJson`). It says
 * nothing of any face: where to see more is each face's own business.
 * Every piece of text from the trace goes through literal(), so each
 * renderer escapes it for its platform (it is already redacted).
 */
import type { Card, CardSection } from '../card.js';
import type { Diagnosis, InputDamage } from '../diagnose/types.js';
import { ianaResponseCodeReference } from '../explain/card-parts.js';
import { literal } from '../inline.js';
import { renderLadder } from './ladder.js';
import { renderMermaid } from './mermaid.js';

/** A message's number as people read it: the first message of the input is #1. */
export const messageNumber = (index: number): number => index + 1;

/** Findings shown on the card; the JSON has all of them. */
const CARD_FINDINGS = 5;
const CARD_EVIDENCE = 3;
/** Findings listed in one line each after the detailed ones. */
const MORE_FINDINGS = 8;

/**
 * The damage to the input a diagnosis was made from (a truncated or corrupt
 * capture, an unknown link type, a cut by a limit): the card and the JSON
 * say it first, since what the diagnosis finds missing may be missing from
 * the file only.
 */
export function diagnosisDamage(d: Diagnosis): readonly InputDamage[] {
  return d.inputDamage;
}

const DAMAGE_NOTE =
  'What the diagnosis finds missing (a response, an ACK, credentials) may only be missing from this file: take a complete capture before acting on it.';

export function diagnosisCard(d: Diagnosis): Card {
  const sections: CardSection[] = [];
  const damage = diagnosisDamage(d);
  if (damage.length > 0) {
    sections.push({
      id: 'input-damage',
      heading: 'The input is damaged',
      blocks: [
        { type: 'list', ordered: false, items: damage.map((x) => literal(x.message)) },
        { type: 'text', text: DAMAGE_NOTE },
      ],
    });
  }
  const top = d.findings.slice(0, CARD_FINDINGS);
  if (top.length > 0) {
    sections.push({
      id: 'findings',
      heading: 'Findings',
      blocks: top.flatMap((f) => [
        {
          type: 'text' as const,
          text: `**${literal(f.title)}** (\`${f.id}\`, ${f.severity}, confidence ${Math.round(f.confidence * 100)}%): ${literal(f.explanation)}`,
        },
        ...(f.evidence.length > 0
          ? [
              {
                type: 'code' as const,
                language: 'sip',
                text: [
                  ...f.evidence
                    .slice(0, CARD_EVIDENCE)
                    .map((e) => `#${messageNumber(e.message)}  ${e.text}`),
                  ...(f.evidence.length > CARD_EVIDENCE
                    ? [moreLines(f.evidence.length - CARD_EVIDENCE)]
                    : []),
                ].join('\n'),
              },
            ]
          : []),
      ]),
    });
  }
  if (d.findings.length > CARD_FINDINGS) {
    sections.push({
      id: 'more-findings',
      heading: 'Also found',
      blocks: [
        {
          type: 'list',
          ordered: false,
          items: [
            ...d.findings
              .slice(CARD_FINDINGS, CARD_FINDINGS + MORE_FINDINGS)
              .map((f) => `\`${f.id}\`: ${literal(f.explanation)}`),
            ...(d.findings.length > CARD_FINDINGS + MORE_FINDINGS
              ? [
                  `${d.findings.length - CARD_FINDINGS - MORE_FINDINGS} more: the full JSON lists every finding.`,
                ]
              : []),
          ],
        },
      ],
    });
  }
  const ladder = renderLadder(d.ladder);
  if (ladder !== '')
    sections.push({
      id: 'ladder',
      heading: 'Ladder',
      blocks: [{ type: 'code', language: 'text', text: ladder }],
    });
  if (d.missingEvidence.length > 0)
    sections.push({
      id: 'missing-evidence',
      heading: 'To be sure, paste next',
      blocks: [{ type: 'list', ordered: false, items: d.missingEvidence.map(literal) }],
    });
  const calls = d.calls.length;
  const failed = d.calls.filter((c) => c.outcome === 'failed').length;
  return {
    kind: 'diagnosis',
    title: literal(d.verdict.headline),
    summary:
      d.verdict.outcome === 'no-sip-found'
        ? 'Nothing in the input looks like a SIP message.'
        : `${d.messageCount} message${d.messageCount === 1 ? '' : 's'}, ${calls} call${calls === 1 ? '' : 's'} (${failed} failed); ${d.redactions} value${d.redactions === 1 ? '' : 's'} redacted.`,
    fields: [
      ...(damage.length > 0
        ? [{ label: 'Input', value: `damaged (${damage.map((x) => `\`${x.id}\``).join(', ')})` }]
        : []),
      { label: 'Outcome', value: d.verdict.outcome },
      ...(d.verdict.code !== null
        ? [
            {
              label: 'Response',
              value: literal(`${d.verdict.code} ${d.verdict.reason ?? ''}`.trim()),
            },
          ]
        : []),
      ...(d.verdict.sentBy !== null
        ? [{ label: 'Sent by', value: literal(d.verdict.sentBy) }]
        : []),
      ...(d.verdict.callId !== null
        ? [{ label: 'Call-ID', value: `\`${literal(d.verdict.callId)}\`` }]
        : []),
    ],
    sections,
    checklist: d.checklist.map((text, i) => ({ id: `diagnosis-${i + 1}`, text: literal(text) })),
    references: [
      { label: 'RFC 3261', url: 'https://www.rfc-editor.org/rfc/rfc3261' },
      ...(d.verdict.code !== null ? [ianaResponseCodeReference(d.verdict.code)] : []),
    ],
    // Each face offers these its own way: buttons in chat, a hint in the terminal.
    actions: [
      ...(d.checklist.length > 0
        ? [
            {
              id: 'post-checklist' as const,
              label: 'Post checklist',
              value: `diagnosis:${d.verdict.code ?? 'none'}`,
            },
          ]
        : []),
      ...(d.verdict.outcome !== 'no-sip-found'
        ? [{ id: 'full-json' as const, label: 'Full JSON', value: 'diagnosis' }]
        : []),
    ],
    data: diagnosisJson(d),
  };
}

function moreLines(n: number): string {
  return `(${n} more line${n === 1 ? '' : 's'} in the full JSON)`;
}

/**
 * The JSON contract of a diagnosis (the CLI's `--format json`, chat's "Full
 * JSON" file). Messages are numbered from 1 here as on the card ("#1") and in
 * `sip-triage parse`: the first message of the input is 1 everywhere a
 * person reads a number (the Diagnosis itself keeps 0-based indexes).
 */
export function diagnosisJson(d: Diagnosis): Record<string, unknown> {
  const { headline: _headline, ...verdict } = d.verdict;
  const damage = diagnosisDamage(d);
  return {
    // First: a damaged input may lack what the findings call missing. Absent for a whole input.
    ...(damage.length > 0 ? { inputDamage: damage.map((x) => ({ ...x })) } : {}),
    verdict,
    headline: d.verdict.headline,
    findings: d.findings.map((f) => ({
      ...f,
      evidence: f.evidence.map((e) => ({ ...e, message: messageNumber(e.message) })),
    })),
    dialogs: d.calls.map((c) => ({
      callId: c.callId,
      outcome: c.outcome,
      method: c.method,
      code: c.code,
      messages: c.messages.map(messageNumber),
      ...(c.forks !== undefined ? { forks: c.forks } : {}),
      ...(c.legOf !== undefined ? { legOf: c.legOf } : {}),
      ...(c.legs !== undefined ? { legs: c.legs } : {}),
    })),
    ladder: renderLadder(d.ladder),
    mermaid: renderMermaid(d.ladder),
    redactions: d.redactions,
    missingEvidence: d.missingEvidence,
    checklist: d.checklist,
  };
}
