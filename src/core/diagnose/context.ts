/**
 * What every rule works with: the trace, the knowledge base (titles,
 * severities and checklists of findings come from knowledge/findings/), the
 * full parse of a message when a rule needs its headers or body (parsed
 * again on demand from what the input kept, a bounded number at a time),
 * and helpers that quote evidence lines, always through the answer's
 * redactor.
 */
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { InputMessage } from '../sip/input-message.js';
import { messageAt } from '../sip/message-list.js';
import { formatEndpoint } from '../sip/message-summary.js';
import type { SipMessage } from '../sip/parse-message.js';
import type { Trace } from '../trace/types.js';
import type { Redactor } from './redact.js';
import type { Evidence, Finding, FindingSeverity, InputDamage } from './types.js';

/** Full parses kept at once; rules look at a few messages per call. */
const DETAIL_CACHE = 512;

export class DiagnoseContext {
  private readonly details = new Map<number, SipMessage>();

  /**
   * Damage to the input (truncated or corrupt capture, unknown link type, a
   * cut by a limit): a rule must not conclude that a response, an ACK or an
   * Authorization never came when the input is damaged, since it may be
   * missing from the file only.
   */
  readonly damage: readonly InputDamage[];

  constructor(
    readonly trace: Trace,
    readonly kb: KnowledgeBase,
    readonly redactor: Redactor,
    damage: readonly InputDamage[] = [],
  ) {
    this.damage = damage;
  }

  /** What the input kept of message i. */
  kept(i: number): InputMessage | undefined {
    return messageAt(this.trace.messages, i);
  }

  /** The full parse of message i. */
  detail(i: number): SipMessage | undefined {
    const cached = this.details.get(i);
    if (cached !== undefined) return cached;
    const kept = messageAt(this.trace.messages, i);
    if (kept === undefined) return undefined;
    if (this.details.size >= DETAIL_CACHE) this.details.clear();
    const parsed = kept.message;
    this.details.set(i, parsed);
    return parsed;
  }

  code(i: number | undefined): number | undefined {
    return messageAt(this.trace.messages, i)?.code;
  }

  /** The start line of message i, as evidence. */
  startLine(i: number): Evidence {
    const m = messageAt(this.trace.messages, i);
    const text =
      m === undefined
        ? ''
        : m.kind === 'request'
          ? `${m.method ?? '?'} ${m.requestUri ?? ''} SIP/2.0`
          : `SIP/2.0 ${m.code ?? '?'} ${m.reason ?? ''}`.trimEnd();
    return { message: i, text: this.redactor.text(text) };
  }

  /** Every header `name` of message i, as evidence (at most `max`). */
  headers(i: number, name: string, max = 3): Evidence[] {
    const m = this.detail(i);
    if (m === undefined) return [];
    const key = name.toLowerCase();
    const out: Evidence[] = [];
    for (const h of m.headers) {
      if (h.key !== key) continue;
      out.push({ message: i, header: h.name, text: this.redactor.text(`${h.name}: ${h.value}`) });
      if (out.length >= max) break;
    }
    return out;
  }

  /** The first header `name` of message i, as evidence. */
  header(i: number, name: string): Evidence | undefined {
    return this.headers(i, name, 1)[0];
  }

  /**
   * Who sent message i: its source address, with Server or User-Agent when it
   * has one; without an address (a log that gives none), the product, else the
   * To tag the element set, else how many Via hops it sits from the caller.
   */
  sender(i: number): string {
    const kept = messageAt(this.trace.messages, i);
    const endpoint = formatEndpoint(kept?.source.src);
    const address = endpoint === null ? null : this.redactor.text(endpoint);
    const m = this.detail(i);
    const product = m?.header('server')?.value ?? m?.header('user-agent')?.value;
    const name = product === undefined ? undefined : this.redactor.text(product).slice(0, 60);
    if (address !== null) return name === undefined ? address : `${address} (${name})`;
    if (name !== undefined) return name;
    if (kept?.kind === 'response' && kept.toTag !== undefined)
      return `the element that set To tag ${this.redactor.text(kept.toTag)}`;
    const vias = m?.via.length ?? 0;
    if (kept?.kind === 'response' && vias > 0)
      return `the element ${vias} Via hop${vias === 1 ? '' : 's'} from the caller`;
    return 'an element the trace does not name';
  }

  /** A finding with the title, severity and checklist of its knowledge entry. */
  finding(
    id: string,
    confidence: number,
    explanation: string,
    evidence: Evidence[],
    severity?: FindingSeverity,
  ): Finding {
    const entry = this.kb.finding(id);
    return {
      id,
      severity: severity ?? entry?.severity ?? 'warning',
      confidence: Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100,
      title: entry?.title ?? id,
      explanation: this.redactor.text(explanation),
      evidence,
      checklist: entry?.checks.slice(0, 5) ?? [],
    };
  }
}

export type Rule = (ctx: DiagnoseContext) => Finding[];
