/**
 * Every failure code the final-response rules know, answered to a real-looking
 * INVITE: the code raises its finding, quoting the status line and the header
 * that explains it; the same call answered 200 OK (the near miss) does not.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { dialogHeaders, OFFER, sip, traceOf } from '../../helpers/sip-trace.js';

const kb = realKnowledge();
const A = '192.0.2.10:5060';
const B = '198.51.100.20:5060';

const CASES: [status: string, id: string, header?: string][] = [
  ['302 Moved Temporarily', 'routing.moved', 'Contact: <sip:bob@198.51.100.99>'],
  ['400 Bad Request', 'message.malformed', 'Warning: 399 gw.example.com "Missing Max-Forwards"'],
  ['402 Payment Required', 'policy.payment-required'],
  ['404 Not Found', 'routing.not-found'],
  ['604 Does Not Exist Anywhere', 'routing.not-found'],
  ['405 Method Not Allowed', 'method.not-allowed', 'Allow: INVITE, ACK, BYE, CANCEL, OPTIONS'],
  ['408 Request Timeout', 'transport.timeout'],
  ['410 Gone', 'routing.gone'],
  ['413 Request Entity Too Large', 'server.message-too-large'],
  ['513 Message Too Large', 'server.message-too-large'],
  ['415 Unsupported Media Type', 'body.unsupported', 'Accept: application/sdp'],
  ['416 Unsupported URI Scheme', 'routing.number-format'],
  ['420 Bad Extension', 'extension.unsupported', 'Unsupported: foo'],
  ['421 Extension Required', 'extension.required', 'Require: 100rel'],
  ['422 Session Interval Too Small', 'timer.session-interval-too-small', 'Min-SE: 90'],
  ['423 Interval Too Brief', 'register.interval-too-brief', 'Min-Expires: 3600'],
  ['428 Use Identity Header', 'identity.required'],
  ['433 Anonymity Disallowed', 'policy.anonymity-rejected'],
  ['436 Bad Identity Info', 'identity.bad-info'],
  ['437 Unsupported Credential', 'identity.unsupported-credential'],
  ['438 Invalid Identity Header', 'identity.invalid'],
  ['480 Temporarily Unavailable', 'callee.unavailable'],
  ['481 Call/Transaction Does Not Exist', 'dialog.unknown'],
  ['482 Loop Detected', 'routing.loop'],
  ['483 Too Many Hops', 'routing.too-many-hops'],
  ['484 Address Incomplete', 'routing.address-incomplete'],
  ['486 Busy Here', 'callee.busy'],
  ['600 Busy Everywhere', 'callee.busy'],
  ['487 Request Terminated', 'dialog.cancelled'],
  [
    '488 Not Acceptable Here',
    'media.codec-mismatch',
    'Warning: 305 gw.example.com "Incompatible media format"',
  ],
  ['606 Not Acceptable', 'media.offer-refused'],
  ['489 Bad Event', 'event.bad-event', 'Allow-Events: presence'],
  ['491 Request Pending', 'dialog.glare'],
  ['500 Server Internal Error', 'server.internal-error', 'Retry-After: 5'],
  ['501 Not Implemented', 'method.not-implemented'],
  ['502 Bad Gateway', 'server.bad-gateway'],
  ['503 Service Unavailable', 'server.overloaded', 'Retry-After: 120'],
  ['504 Server Time-out', 'server.gateway-timeout'],
  ['505 Version Not Supported', 'server.version-not-supported'],
  ['603 Decline', 'callee.declined'],
  ['607 Unwanted', 'callee.declined'],
  ['608 Rejected', 'callee.declined'],
  ['403 Forbidden', 'policy.forbidden'],
];

function call(status: string, header?: string) {
  const invite = sip(
    [
      'INVITE sip:+14155550100@example.com SIP/2.0',
      ...dialogHeaders({
        branch: 'z9hG4bK-fr1',
        cseq: '1 INVITE',
        extra: [
          'Max-Forwards: 70',
          'Contact: <sip:alice@192.0.2.10>',
          'Content-Type: application/sdp',
        ],
      }),
    ],
    OFFER,
  );
  const answer = sip([
    `SIP/2.0 ${status}`,
    ...dialogHeaders({
      branch: 'z9hG4bK-fr1',
      cseq: '1 INVITE',
      toTag: 'b1',
      extra: ['Server: ExampleGW/2.1', ...(header ? [header] : [])],
    }),
  ]);
  return traceOf([
    { at: 0, from: A, to: B, text: invite },
    { at: 30, from: B, to: A, text: answer },
  ]);
}

describe.each(CASES)('%s', (status, id, header) => {
  it(`raises ${id} with the status line${header ? ' and the explaining header' : ''} as evidence`, async () => {
    const d = diagnose(await call(status, header), kb);
    const finding = d.findings.find((f) => f.id === id);
    expect(finding, d.findings.map((f) => f.id).join(', ')).toBeDefined();
    expect(finding?.evidence[0]?.text).toBe(`SIP/2.0 ${status}`);
    if (header) expect(finding?.evidence.map((e) => e.text)).toContain(header);
    expect(finding?.explanation).toContain('198.51.100.20:5060 (ExampleGW/2.1)');
    expect(d.verdict).toMatchObject({ outcome: 'failed', code: Number(status.slice(0, 3)) });
    expect(finding?.checklist.length).toBeGreaterThan(0);
  });

  it(`does not raise ${id} when the same call is answered 200 OK`, async () => {
    const d = diagnose(await call('200 OK'), kb);
    expect(d.findings.map((f) => f.id)).not.toContain(id);
    expect(d.verdict.outcome).toBe('succeeded');
  });
});

describe('the same failure in several calls', () => {
  /** An INVITE of call `call` with CSeq `cseq`, answered `status`, from `at` ms on. */
  function attempt(call: string, cseq: number, status: string, at: number) {
    const branch = `z9hG4bK-${call}-${cseq}`;
    const callId = `${call}@192.0.2.10`;
    const invite = sip(
      [
        'INVITE sip:+14155550100@example.com SIP/2.0',
        ...dialogHeaders({
          branch,
          cseq: `${cseq} INVITE`,
          callId,
          extra: ['Max-Forwards: 70', 'Contact: <sip:alice@192.0.2.10>'],
        }),
      ],
      '',
    );
    const answer = sip([
      `SIP/2.0 ${status}`,
      ...dialogHeaders({ branch, cseq: `${cseq} INVITE`, callId, toTag: `b-${call}-${cseq}` }),
    ]);
    return [
      { at, from: A, to: B, text: invite },
      { at: at + 20, from: B, to: A, text: answer },
    ];
  }

  it('raises one finding, told from one call, and counts the others (a challenge is no failure)', async () => {
    const trace = await traceOf([
      // Challenged first, then busy on the retry.
      ...attempt('busy-1', 1, '401 Unauthorized', 0),
      ...attempt('busy-1', 2, '486 Busy Here', 100),
      ...attempt('busy-2', 1, '486 Busy Here', 200),
      ...attempt('busy-3', 1, '486 Busy Here', 300),
    ]);
    const d = diagnose(trace, kb);
    const busy = d.findings.filter((f) => f.id === 'callee.busy');
    expect(busy).toHaveLength(1);
    expect(busy[0]?.explanation).toContain('The same response ended 2 other transactions');
    // The status line of the call it is told from, then those of two others.
    expect(busy[0]?.evidence.filter((e) => e.text === 'SIP/2.0 486 Busy Here')).toHaveLength(3);
    expect(busy[0]?.evidence.map((e) => e.text)).not.toContain('SIP/2.0 401 Unauthorized');
  });
});
