/**
 * NAT and scanners, read from addresses and User-Agents: a private address
 * (RFC 1918, RFC 6598, IPv6 ULA) in Via, Contact or SDP of a request that
 * arrived from a public address; a Via whose received= differs from its
 * sent-by; and User-Agents that SIP scanners announce themselves with.
 */
import type { DiagnoseContext, Rule } from '../context.js';
import type { Evidence, Finding } from '../types.js';

/** Requests looked at per trace: addresses repeat, the first ones tell. */
const MAX_REQUESTS = 200;

export function isPrivateAddress(address: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(address);
  if (v4) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  return /^f[cd][0-9a-f]{2}:/i.test(address);
}

function isPublicAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (isPrivateAddress(address)) return false;
  return !/^(127\.|0\.|169\.254\.|::1$|fe80:)/i.test(address);
}

const SCANNERS =
  /friendly-scanner|sipvicious|sipcli|vaxsipuseragent|pplsip|sundayddr|iwar|sivus|smap|sip-scan|sipscan|voipbuster|gulp/i;

function requests(ctx: DiagnoseContext): number[] {
  const out: number[] = [];
  for (let i = 0; i < ctx.trace.messages.length && out.length < MAX_REQUESTS; i++)
    if (ctx.kept(i)?.kind === 'request' && ctx.kept(i)?.method !== 'ACK') out.push(i);
  return out;
}

export const network: Rule = (ctx) => {
  const out: Finding[] = [];
  const privateEvidence: Evidence[] = [];
  const receivedEvidence: Evidence[] = [];
  const scannerEvidence: Evidence[] = [];
  for (const i of requests(ctx)) {
    const kept = ctx.kept(i);
    const m = ctx.detail(i);
    if (kept === undefined || m === undefined) continue;
    if (isPublicAddress(kept.source.src?.address) && privateEvidence.length < 3) {
      const top = m.via[0];
      if (top !== undefined && isPrivateAddress(top.host))
        privateEvidence.push(...ctx.headers(i, 'via', 1));
      else if (m.contacts !== '*' && m.contacts.some((c) => c.uri && isPrivateAddress(c.uri.host)))
        privateEvidence.push(...ctx.headers(i, 'contact', 1));
      else {
        const c = /^c=IN IP[46] (\S+)/m.exec(m.body)?.[1];
        if (c !== undefined && isPrivateAddress(c))
          privateEvidence.push({
            message: i,
            header: 'SDP',
            text: ctx.redactor.text(`c=IN IP4 ${c}`),
          });
      }
    }
    for (const via of m.via) {
      if (via.received !== undefined && via.received !== via.host && receivedEvidence.length < 2) {
        receivedEvidence.push({
          message: i,
          header: 'Via',
          text: ctx.redactor.text(`Via: ${via.raw}`),
        });
        break;
      }
    }
    const agent = m.header('user-agent')?.value;
    if (agent !== undefined && SCANNERS.test(agent) && scannerEvidence.length < 3)
      scannerEvidence.push(...ctx.headers(i, 'user-agent', 1));
  }
  if (privateEvidence.length > 0)
    out.push(
      ctx.finding(
        'nat.private-address',
        0.75,
        'A request from a public address carries a private address in its Via, Contact or SDP: responses, in-dialog requests or media will be sent where they cannot arrive.',
        privateEvidence,
      ),
    );
  if (receivedEvidence.length > 0)
    out.push(
      ctx.finding(
        'nat.received-mismatch',
        0.7,
        'A proxy saw the request come from another address than the Via sent-by says (received=): the sender is behind NAT.',
        receivedEvidence,
      ),
    );
  if (scannerEvidence.length > 0)
    out.push(
      ctx.finding(
        'security.scanner',
        0.9,
        'The User-Agent is one that SIP scanners send while they look for open registrars and accounts to abuse.',
        scannerEvidence,
      ),
    );
  return out;
};
