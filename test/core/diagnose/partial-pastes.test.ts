/**
 * Issue 11, items 2, 3, 5 and 6: response-only and in-dialog pastes are
 * judged on the response that is there; transactions match by Via branch and
 * CSeq method; lone, repeated and header-less challenges are explained; a
 * paste cut inside a message is missing evidence, not a malformed message.
 * Fixtures: test/fixtures/pastes-dialogs/ (see its README).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { buildTrace } from '../../../src/core/trace/build-trace.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const dir = new URL('../../fixtures/pastes-dialogs/', import.meta.url);

function paste(file: string): string {
  return readFileSync(new URL(file, dir), 'utf8');
}

function diagnoseText(text: string) {
  return diagnose(parseText(text), kb);
}

function diagnosePaste(file: string) {
  return diagnoseText(paste(file));
}

const ids = (d: ReturnType<typeof diagnosePaste>) => d.findings.map((f) => f.id);

interface Case {
  file: string;
  outcome: string;
  method: string | null;
  code: number | null;
  top: string | undefined;
}

describe('response-only and in-dialog pastes (item 2)', () => {
  const cases: Case[] = [
    {
      file: 'response-only-486.txt',
      outcome: 'failed',
      method: 'INVITE',
      code: 486,
      top: 'callee.busy',
    },
    { file: 'bye-481.txt', outcome: 'failed', method: 'BYE', code: 481, top: 'dialog.unknown' },
    {
      file: 'reinvite-491.txt',
      outcome: 'failed',
      method: 'INVITE',
      code: 491,
      top: 'dialog.glare',
    },
    {
      file: 'notify-481-with-ack.txt',
      outcome: 'failed',
      method: 'NOTIFY',
      code: 481,
      top: 'dialog.unknown',
    },
    { file: 'info-415.txt', outcome: 'failed', method: 'INFO', code: 415, top: 'body.unsupported' },
    { file: 'update-200.txt', outcome: 'succeeded', method: 'UPDATE', code: 200, top: undefined },
    {
      file: 'subscribe-refresh-481.txt',
      outcome: 'failed',
      method: 'SUBSCRIBE',
      code: 481,
      top: 'dialog.unknown',
    },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.method} ${c.code}, judged on the response that is there`, () => {
      const d = diagnosePaste(c.file);
      expect(d.verdict).toMatchObject({ outcome: c.outcome, method: c.method, code: c.code });
      expect(d.findings[0]?.id).toBe(c.top);
      expect(d.verdict.headline).not.toMatch(/no response/);
      expect(ids(d)).not.toContain('transport.no-response');
    });
  }

  it('takes the method of a response-only paste from CSeq, and asks for that request', () => {
    const d = diagnosePaste('response-only-486.txt');
    expect(d.verdict.headline).toMatch(/^INVITE failed: 486 Busy Here from ExampleGW/);
    expect(d.missingEvidence.join(' ')).toMatch(/not in the paste: include the INVITE itself/);
  });

  it('never makes an ACK the request a verdict is about', () => {
    const d = diagnosePaste('notify-481-with-ack.txt');
    expect(d.calls.map((c) => c.method)).toEqual(['NOTIFY']);
    const only = diagnosePaste('ack-only.txt');
    expect(only.verdict).toMatchObject({ outcome: 'in-progress', method: null, code: null });
    expect(only.verdict.headline).toMatch(/^The paste holds only ACK/);
    expect(only.verdict.headline).not.toMatch(/no response|No SIP/);
    expect(only.findings[0]?.id).toBeUndefined();
    expect(only.missingEvidence[0]).toMatch(/Only ACK or CANCEL is in the paste/);
  });

  it('keeps judging a call whose INVITE is in the paste on that INVITE (near miss)', () => {
    const headers = (first: string, branch: string, toTag: string) =>
      [
        first,
        `Via: SIP/2.0/UDP 192.0.2.21:5060;branch=${branch}`,
        'From: <sip:erin@example.com>;tag=er-9081',
        `To: <sip:carol@example.com>${toTag}`,
        'Call-ID: bye481-7c2e@192.0.2.21',
        'CSeq: 1 INVITE',
        'Content-Length: 0',
        '',
        '',
      ].join('\n');
    const invite = headers('INVITE sip:carol@example.com SIP/2.0', 'z9hG4bK-inv-1', '');
    const ok = headers('SIP/2.0 200 OK', 'z9hG4bK-inv-1', ';tag=cr-4412');
    const d = diagnoseText(`${invite}${ok}${paste('bye-481.txt')}`);
    expect(d.verdict).toMatchObject({ outcome: 'succeeded', method: 'INVITE', code: 200 });
    expect(ids(d)).toContain('dialog.unknown');
  });
});

describe('transactions match by Via branch and CSeq method (item 3)', () => {
  it('matches the response of a request whose request line differs from its CSeq', () => {
    const result = parseText(paste('update-cseq-mismatch.txt'));
    const trace = buildTrace(result.messages);
    expect(trace.transactions.map((t) => [t.method, t.requests, t.responses])).toEqual([
      ['INVITE', [0], [1]],
    ]);
  });

  it('reports the mismatch first, with the response it got', () => {
    const d = diagnosePaste('update-cseq-mismatch.txt');
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'UPDATE', code: 400 });
    expect(d.calls.map((c) => [c.method, c.code])).toEqual([['UPDATE', 400]]);
    expect(d.findings[0]?.id).toBe('message.cseq-mismatch');
    expect(d.findings[0]?.explanation).toMatch(/matched by Via branch and CSeq method\) is 400/);
    expect(ids(d)).not.toContain('transport.no-response');
  });

  it('finds no mismatch in the same exchange with matching methods (near miss)', () => {
    const d = diagnoseText(
      paste('update-cseq-mismatch.txt').replaceAll('CSeq: 4 INVITE', 'CSeq: 4 UPDATE'),
    );
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'UPDATE', code: 400 });
    expect(ids(d)).not.toContain('message.cseq-mismatch');
  });
});

describe('authentication (item 5)', () => {
  it('explains a lone 401 to a REGISTER', () => {
    const d = diagnosePaste('lone-401-register.txt');
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'REGISTER', code: 401 });
    expect(d.findings[0]).toMatchObject({ id: 'auth.no-credentials', severity: 'warning' });
    expect(d.findings[0]?.explanation).toMatch(
      /Only the 401 challenge .* to REGISTER is in the paste/,
    );
  });

  it('explains a lone 407 to a SUBSCRIBE', () => {
    const d = diagnosePaste('lone-407-subscribe.txt');
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'SUBSCRIBE', code: 407 });
    expect(d.findings[0]?.id).toBe('auth.no-credentials');
  });

  it('explains a refresh challenged with a fresh nonce and no stale=true', () => {
    const d = diagnosePaste('reregister-fresh-nonce.txt');
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'REGISTER', code: 401 });
    expect(d.findings[0]?.id).toBe('auth.stale-missing');
    expect(d.findings[0]?.explanation).toMatch(/without stale=true/);
    expect(ids(d)).not.toContain('auth.credentials-rejected');
    expect(ids(d)).not.toContain('auth.no-credentials');
  });

  it('calls the same refresh a stale nonce when the challenge says stale=true (near miss)', () => {
    const d = diagnoseText(
      paste('reregister-fresh-nonce.txt').replace(
        'nonce="7c3d90e4"',
        'nonce="7c3d90e4", stale=true',
      ),
    );
    expect(d.findings[0]?.id).toBe('auth.stale-nonce');
    expect(ids(d)).not.toContain('auth.stale-missing');
  });

  it('says nothing of stale=true when the client answered the new nonce and got in (near miss)', () => {
    const text = paste('reregister-fresh-nonce.txt');
    const retry = paste('reregister-fresh-nonce.txt')
      .split('\n\n')
      .slice(2, 4)
      .join('\n\n')
      .replaceAll('rereg-2', 'rereg-4')
      .replaceAll('qn-2', 'qn-4')
      .replaceAll('rg-2', 'rg-4')
      .replaceAll('CSeq: 2 ', 'CSeq: 4 ')
      .replace('nonce="5f0a11c2"', 'nonce="7c3d90e4"');
    const d = diagnoseText(`${text}${retry}\n\n`);
    expect(d.verdict).toMatchObject({ outcome: 'succeeded', method: 'REGISTER', code: 200 });
    expect(ids(d)).not.toContain('auth.stale-missing');
  });

  it('keeps a refused retry of the nonce just issued a password problem (near miss)', () => {
    const d = diagnosePaste('register-wrong-password.txt');
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'REGISTER', code: 401 });
    expect(d.findings[0]?.id).toBe('auth.credentials-rejected');
    expect(ids(d)).not.toContain('auth.stale-missing');
  });

  it('blames the server for a 401 without WWW-Authenticate', () => {
    const d = diagnosePaste('challenge-without-header.txt');
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'REGISTER', code: 401 });
    expect(d.findings[0]).toMatchObject({ id: 'auth.challenge-header-missing', severity: 'error' });
    expect(ids(d)).not.toContain('auth.no-credentials');
  });

  it('blames the server for a 407 without Proxy-Authenticate', () => {
    const d = diagnoseText(
      paste('challenge-without-header.txt').replace(
        '401 Unauthorized',
        '407 Proxy Authentication Required',
      ),
    );
    expect(d.verdict.code).toBe(407);
    expect(d.findings[0]?.id).toBe('auth.challenge-header-missing');
    expect(d.findings[0]?.explanation).toMatch(/without a Proxy-Authenticate header/);
  });
});

describe('partial pastes (item 6)', () => {
  it('reads a response cut before its Call-ID and CSeq by its Via branch', () => {
    const d = diagnosePaste('cut-in-headers.txt');
    expect(d.verdict).toMatchObject({ outcome: 'failed', method: 'INVITE', code: 503 });
    expect(d.findings[0]?.id).toBe('server.overloaded');
    expect(ids(d)).not.toContain('message.malformed');
    expect(d.missingEvidence[0]).toBe(
      'The paste ends inside message 3 (the rest is missing): paste it whole, or the capture, for the lines after the cut.',
    );
    expect(d.calls).toHaveLength(1);
  });

  it('keeps what a response cut inside its body shows', () => {
    const d = diagnosePaste('cut-in-body.txt');
    expect(d.verdict).toMatchObject({ outcome: 'succeeded', method: 'INVITE', code: 200 });
    expect(d.findings[0]?.id).toBeUndefined();
    expect(ids(d)).not.toContain('message.content-length-mismatch');
    expect(d.missingEvidence[0]).toMatch(
      /^The paste ends inside message 2 \(the rest is missing\)/,
    );
  });

  it('does not call a request cut by the paste unanswered', () => {
    const d = diagnosePaste('cut-in-request.txt');
    expect(d.verdict).toMatchObject({ outcome: 'no-response', method: 'INVITE', code: null });
    expect(d.verdict.headline).toMatch(
      /has no response in the paste, which ends inside message 1$/,
    );
    expect(d.findings[0]?.id).toBeUndefined();
    expect(d.missingEvidence[0]).toMatch(/^The paste ends inside message 1 /);
  });

  it('still reports a short body in a message the paste did not cut (near miss)', () => {
    const cut = paste('cut-in-body.txt');
    const d = diagnoseText(`${cut}\n\n${paste('bye-481.txt')}`);
    expect(ids(d)).toContain('message.content-length-mismatch');
    expect(d.missingEvidence.join(' ')).not.toMatch(/paste ends inside/);
  });
});

describe('the trace model of partial pastes', () => {
  const traceOf = (file: string) => buildTrace(parseText(paste(file)).messages);

  it('makes an in-dialog request the primary of a paste without its INVITE', () => {
    const [call] = traceOf('bye-481.txt').calls;
    expect(call).toMatchObject({ outcome: 'failed', decisive: 1 });
    expect(call?.primary).toMatchObject({ method: 'BYE', request: 0, initial: false });
  });

  it('gives a call holding only an ACK no primary', () => {
    const [call] = traceOf('ack-only.txt').calls;
    expect(call?.primary).toBeUndefined();
    const notify = traceOf('notify-481-with-ack.txt').calls[0];
    expect(notify?.primary?.method).toBe('NOTIFY');
  });

  it('ties a response cut before its Call-ID and CSeq to its request by Via branch', () => {
    const trace = traceOf('cut-in-headers.txt');
    expect(trace.calls).toHaveLength(1);
    expect(trace.calls[0]?.primary).toMatchObject({
      method: 'INVITE',
      responses: [1, 2],
      final: 2,
    });
  });
});
