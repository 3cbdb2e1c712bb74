/**
 * Real failures made by a real Kamailio and a real user agent on loopback
 * (test/fixtures/real/generate.sh, capture kamailio-diagnosis and
 * kamailio-call-failures): each call, diagnosed on its own, must get the
 * verdict and the top finding its scenario is about.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { type ParseInputResult, parseInput } from '../../../src/core/ingest/parse-input.js';
import type { InputMessage } from '../../../src/core/sip/input-message.js';
import { buildTrace } from '../../../src/core/trace/build-trace.js';
import { fixtureBytes } from '../../fixtures/real/load.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Each call of a capture as an input of its own. */
async function callsOf(file: string): Promise<ParseInputResult[]> {
  const input = await parseInput(once(fixtureBytes(file)));
  return buildTrace(input.messages).calls.map((call) => ({
    ...input,
    messages: call.messages.map((i) => input.messages.at(i) as InputMessage),
  }));
}

interface Expected {
  scenario: string;
  method: string;
  uri: string;
  outcome: string;
  code: number | null;
  top: string;
  also?: string[];
}

const DIAGNOSIS: Expected[] = [
  {
    scenario: 'register ghost (dead contact)',
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
    outcome: 'succeeded',
    code: 200,
    top: 'auth.challenge',
  },
  {
    scenario: 'register loopy (contact is the proxy)',
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
    outcome: 'succeeded',
    code: 200,
    top: 'auth.challenge',
  },
  {
    scenario: 'expires below min_expires',
    method: 'REGISTER',
    uri: 'sip:127.0.0.1',
    outcome: 'failed',
    code: 423,
    top: 'register.interval-too-brief',
  },
  {
    scenario: 'wrong password',
    method: 'INVITE',
    uri: 'sip:bob@127.0.0.1',
    outcome: 'failed',
    code: 407,
    top: 'auth.credentials-rejected',
  },
  {
    scenario: 'blocked source port',
    method: 'INVITE',
    uri: 'sip:bob@127.0.0.1',
    outcome: 'failed',
    code: 403,
    top: 'policy.forbidden',
    also: ['clearing.warning'],
  },
  {
    scenario: 'proxy challenge never answered',
    method: 'INVITE',
    uri: 'sip:bob@127.0.0.1',
    outcome: 'failed',
    code: 407,
    top: 'auth.no-credentials',
  },
  {
    scenario: 'routed to a dead contact',
    method: 'INVITE',
    uri: 'sip:ghost@127.0.0.1',
    outcome: 'failed',
    code: 408,
    top: 'transport.timeout',
  },
  {
    scenario: 'loop through the proxy',
    method: 'INVITE',
    uri: 'sip:loopy@127.0.0.1',
    outcome: 'failed',
    code: 483,
    top: 'routing.too-many-hops',
  },
  {
    scenario: 'no user part',
    method: 'INVITE',
    uri: 'sip:127.0.0.1',
    outcome: 'failed',
    code: 484,
    top: 'routing.address-incomplete',
  },
  {
    scenario: 'unknown required extension',
    method: 'INVITE',
    uri: 'sip:bob@127.0.0.1',
    outcome: 'failed',
    code: 420,
    top: 'extension.unsupported',
  },
  {
    scenario: 'G.729 offered to a G.711 phone',
    method: 'INVITE',
    uri: 'sip:jack@127.0.0.1',
    outcome: 'failed',
    code: 488,
    top: 'media.codec-mismatch',
    also: ['clearing.warning'],
  },
  {
    scenario: 'callee fails',
    method: 'INVITE',
    uri: 'sip:gina@127.0.0.1',
    outcome: 'failed',
    code: 500,
    top: 'server.internal-error',
  },
  {
    scenario: 'callee 503 passed on as 500',
    method: 'INVITE',
    uri: 'sip:hank@127.0.0.1',
    outcome: 'failed',
    code: 503,
    top: 'server.overloaded',
    also: ['server.internal-error'],
  },
  {
    scenario: 'proxy 503 with Retry-After',
    method: 'INVITE',
    uri: 'sip:maint@127.0.0.1',
    outcome: 'failed',
    code: 503,
    top: 'server.overloaded',
  },
  {
    scenario: 'callee declines',
    method: 'INVITE',
    uri: 'sip:ivy@127.0.0.1',
    outcome: 'failed',
    code: 603,
    top: 'callee.declined',
    also: ['clearing.reason'],
  },
  {
    scenario: 'JSON body to a text-only phone',
    method: 'MESSAGE',
    uri: 'sip:bob@127.0.0.1',
    outcome: 'failed',
    code: 415,
    top: 'body.unsupported',
  },
  {
    scenario: 'BYE for an unknown dialog',
    method: 'BYE',
    uri: 'sip:bob@127.0.0.1',
    outcome: 'failed',
    code: 481,
    top: 'dialog.unknown',
  },
  {
    scenario: 'method not implemented',
    method: 'FOO',
    uri: 'sip:bob@127.0.0.1',
    outcome: 'failed',
    code: 501,
    top: 'method.not-implemented',
  },
];

const FAILURES: Expected[] = [
  {
    scenario: 'unknown user',
    method: 'INVITE',
    uri: 'sip:nobody@127.0.0.1',
    outcome: 'failed',
    code: 404,
    top: 'routing.not-found',
  },
  {
    scenario: 'subscriber not registered',
    method: 'INVITE',
    uri: 'sip:frank@127.0.0.1',
    outcome: 'failed',
    code: 480,
    top: 'callee.unavailable',
  },
  {
    scenario: 'busy',
    method: 'INVITE',
    uri: 'sip:carol@127.0.0.1',
    outcome: 'failed',
    code: 486,
    top: 'callee.busy',
  },
  {
    scenario: 'caller cancels while ringing',
    method: 'INVITE',
    uri: 'sip:dave@127.0.0.1',
    outcome: 'failed',
    code: 487,
    top: 'dialog.cancelled',
  },
];

describe.each([
  ['kamailio-diagnosis.pcap', DIAGNOSIS],
  ['kamailio-call-failures.pcap', FAILURES],
])('%s', (file, expected) => {
  it('holds one call per scenario, in order', async () => {
    expect(await callsOf(file)).toHaveLength(expected.length);
  });

  it.each(expected.map((e, i) => [e.scenario, i, e] as const))(
    '%s',
    async (_scenario, index, e) => {
      const call = (await callsOf(file))[index];
      expect(call).toBeDefined();
      const d = diagnose(call as ParseInputResult, kb);
      expect(d.verdict).toMatchObject({
        method: e.method,
        requestUri: e.uri,
        outcome: e.outcome,
        code: e.code,
      });
      expect(d.findings[0]?.id).toBe(e.top);
      for (const id of e.also ?? []) expect(d.findings.map((f) => f.id)).toContain(id);
      expect(d.findings[0]?.evidence.length).toBeGreaterThan(0);
    },
  );
});

describe('the whole diagnosis capture at once', () => {
  it('names the first failing call (an INVITE before a REGISTER) and lists every call', async () => {
    const d = diagnose(await parseInput(once(fixtureBytes('kamailio-diagnosis.pcap'))), kb);
    expect(d.verdict).toMatchObject({ outcome: 'failed', code: 407, method: 'INVITE' });
    expect(d.findings[0]?.id).toBe('auth.credentials-rejected');
    expect(d.calls.map((c) => c.code)).toEqual(DIAGNOSIS.map((e) => e.code));
  });
});

/** Every committed capture, whole: the verdict and top finding `sip-triage diagnose` prints. */
const WHOLE: [capture: string, outcome: string, method: string, code: number, top: string][] = [
  ['kamailio-register', 'failed', 'REGISTER', 403, 'auth.credentials-rejected'],
  ['kamailio-call', 'succeeded', 'INVITE', 200, 'auth.challenge'],
  ['kamailio-call-sll2', 'succeeded', 'INVITE', 200, 'auth.challenge'],
  ['kamailio-call-hep', 'succeeded', 'INVITE', 200, 'auth.challenge'],
  ['kamailio-call-failures', 'failed', 'INVITE', 404, 'routing.not-found'],
  ['kamailio-diagnosis', 'failed', 'INVITE', 407, 'auth.credentials-rejected'],
  ['kamailio-message', 'failed', 'MESSAGE', 404, 'routing.not-found'],
  ['kamailio-tcp', 'succeeded', 'INVITE', 200, 'transport.udp-too-large'],
  ['kamailio-fragmented', 'succeeded', 'INVITE', 200, 'transport.udp-too-large'],
  ['kamailio-ipv6', 'succeeded', 'INVITE', 200, 'auth.challenge'],
];

const RENDERINGS = [
  'raw',
  'sngrep',
  'tshark-V',
  'tshark-O',
  'tcpdump-A',
  'tcpdump-nnA',
  'ngrep',
  'ngrep-byline',
];

describe.each(WHOLE)('%s', (capture, outcome, method, code, top) => {
  it('pcap and pcapng: the verdict and the top finding', async () => {
    for (const ext of ['pcap', 'pcapng']) {
      const d = diagnose(await parseInput(once(fixtureBytes(`${capture}.${ext}`))), kb);
      expect(d.verdict).toMatchObject({ outcome, method, code });
      expect(d.findings[0]?.id).toBe(top);
    }
  });

  it('every text rendering: the same verdict', async () => {
    for (const kind of RENDERINGS) {
      const file = `${capture}.${kind}.txt`;
      let text: string;
      try {
        text = fixtureBytes(file).toString('utf8');
      } catch {
        continue; // the twin and HEP captures have no text renderings
      }
      const d = diagnose(await parseInput(once(new TextEncoder().encode(text))), kb);
      expect(d.verdict, file).toMatchObject({ outcome, method, code });
      // Per-packet renderings print each IP fragment apart: the big INVITE arrives cut there.
      const cut =
        ['tcpdump-A', 'tcpdump-nnA', 'ngrep', 'ngrep-byline'].includes(kind) &&
        top === 'transport.udp-too-large';
      expect(d.findings[0]?.id, file).toBe(cut ? 'message.content-length-mismatch' : top);
    }
  });
});
