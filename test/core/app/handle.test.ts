/** The application seam: what `handle` does with commands, messages, files and actions from any face. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { commandText, createApp } from '../../../src/core/app/handle.js';
import type { AppRequest, Origin } from '../../../src/core/app/request.js';
import type { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const pastes = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
const paste = readFileSync(`${pastes}raw.txt`, 'utf8');
const slack: Origin = { platform: 'slack', user: { id: 'U1' }, conversation: 'C1', message: '1.2' };
const cli: Origin = { platform: 'cli', user: { id: 'local' }, conversation: 'cli' };

function app(kb: KnowledgeBase = realKnowledge()) {
  const errors: unknown[] = [];
  return { errors, app: createApp({ kb, onError: (e) => errors.push(e) }) };
}

const command = (text: string, origin = slack): AppRequest => ({ type: 'command', text, origin });

async function* gzipped(text: string): AsyncGenerator<Uint8Array> {
  yield gzipSync(text);
}

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

describe('handle', () => {
  it('strips the command word however it is written', () => {
    expect(['/sip 403', 'sip 403', '/SIP-triage 403', '  403 '].map(commandText)).toEqual([
      '403',
      '403',
      '403',
      '403',
    ]);
  });

  it('explains /sip 403 in the conversation, publicly', async () => {
    const reply = await app().app.handle(command('/sip 403'));
    expect(reply.messages).toHaveLength(1);
    expect(reply.messages[0]?.card.title).toBe('403 Forbidden');
    expect(reply.messages[0]?.placement).toEqual({ kind: 'reply' });
    expect(reply.messages[0]?.visibility).toBe('public');
  });

  it.each([
    ['/sip', 'help'],
    ['/sip help', 'help'],
    ['/sip list 6xx', 'list'],
    ['/sip q850 34', 'q850'],
    ['/sip USER_BUSY', 'q850'],
    ['/sip ORIGINATOR_CANCEL', 'vendor-cause'],
    ['/sip warning 399', 'warning'],
    ['/sip 4xx', 'class'],
    ['SIP/2.0 403 Insert Coin', 'response-code'],
  ])('routes %s to a %s card', async (text, kind) => {
    const reply = await app().app.handle(command(text));
    expect(reply.messages[0]?.card.kind).toBe(kind);
  });

  it('answers help only to the asker', async () => {
    const reply = await app().app.handle(command('/sip help'));
    expect(reply.messages[0]?.visibility).toBe('ephemeral');
  });

  it('diagnoses /sip <paste> and /sip diagnose <paste> the same way', async () => {
    const { app: a } = app();
    const implicit = await a.handle(command(`/sip ${paste}`));
    const explicit = await a.handle(command(`/sip diagnose\n${paste}`));
    for (const reply of [implicit, explicit]) {
      expect(reply.messages).toHaveLength(1);
      expect(reply.messages[0]?.card.kind).toBe('diagnosis');
      expect(reply.messages[0]?.placement).toEqual({ kind: 'reply' });
    }
    expect(explicit.messages[0]?.card.data).toEqual(implicit.messages[0]?.card.data);
  });

  it('answers a bare paste in a thread, and a message without SIP not at all', async () => {
    const { app: a } = app();
    const pasted = await a.handle({ type: 'message', text: paste, origin: slack });
    expect(pasted.messages[0]?.card.kind).toBe('diagnosis');
    expect(pasted.messages[0]?.placement).toEqual({ kind: 'thread' });
    const chatter = await a.handle({
      type: 'message',
      text: 'SIP/2.0 is fun\nanyone seen the 403s?',
      origin: slack,
    });
    expect(chatter.messages).toEqual([]);
  });

  it('says so when an explicit diagnose finds no SIP', async () => {
    const reply = await app().app.handle(command('/sip diagnose hello there'));
    const data = reply.messages[0]?.card.data as { verdict: { outcome: string } };
    expect(data.verdict.outcome).toBe('no-sip-found');
  });

  it('pseudonymises numbers and addresses in chat, not in the terminal', async () => {
    const { app: a } = app();
    const chat = await a.handle(command(`/sip ${paste}`));
    const terminal = await a.handle(command(`/sip ${paste}`, cli));
    const chatText = JSON.stringify(chat.messages[0]?.card);
    const terminalText = JSON.stringify(terminal.messages[0]?.card);
    expect(terminalText).toContain('192.0.2.10');
    expect(chatText).not.toContain('192.0.2.10');
    expect(chatText).toContain('ip-1');
  });

  it('diagnoses every trace file of a message, named, and skips files that are not traces', async () => {
    const { app: a } = app();
    const reply = await a.handle({
      type: 'message',
      text: 'two sides of the same call',
      origin: slack,
      attachments: [
        { name: 'a-side.txt', open: () => bytes(paste) },
        { name: 'b-side.log', open: () => bytes(paste) },
        { name: 'screenshot.png', open: () => bytes('\u0089PNG') },
      ],
    });
    expect(reply.messages.map((m) => m.card.kind)).toEqual(['diagnosis', 'diagnosis']);
    expect(reply.messages[0]?.card.summary).toMatch(/^a-side\.txt: /);
    expect(reply.messages[1]?.card.summary).toMatch(/^b-side\.log: /);
  });

  it('refuses a file over the input limit before reading it, naming the limit', async () => {
    let opened = false;
    const reply = await app().app.handle({
      type: 'message',
      text: '',
      origin: slack,
      policy: { limits: { maxInputBytes: 1000 } },
      attachments: [
        {
          name: 'huge.pcap',
          size: 5_000_000,
          open: () => {
            opened = true;
            return bytes('');
          },
        },
      ],
    });
    expect(opened).toBe(false);
    expect(reply.messages[0]?.card.title).toBe('huge.pcap is too large');
    expect(reply.messages[0]?.card.summary).toContain('SIP_MAX_INPUT_BYTES');
  });

  it("diagnoses a gzip'd trace shared without a command, as captures usually are", async () => {
    const reply = await app().app.handle({
      type: 'message',
      text: '',
      origin: slack,
      attachments: [{ name: 'call.txt.gz', open: () => gzipped(paste) }],
    });
    expect(reply.messages.map((m) => m.card.kind)).toEqual(['diagnosis']);
    expect(reply.messages[0]?.card.title).toMatch(/486/);
  });

  it('says which file could not be downloaded, and carries on with the rest', async () => {
    const reply = await app().app.handle({
      type: 'message',
      text: '',
      origin: slack,
      attachments: [
        {
          name: 'gone.pcap',
          // biome-ignore lint/correctness/useYield: a download that fails before its first byte
          open: async function* () {
            throw new Error('HTTP 404 from the file host');
          },
        },
        { name: 'ok.txt', open: () => bytes(paste) },
      ],
    });
    expect(reply.messages.map((m) => m.card.title)).toEqual([
      expect.stringMatching(/failed: 486 Busy Here/),
      'Could not read gone.pcap',
    ]);
    expect(reply.messages[1]?.card.summary).toContain('HTTP 404 from the file host');
  });

  it('posts the checklist of an explain card from its action, in a thread, with its state', async () => {
    const reply = await app().app.handle({
      type: 'action',
      action: { id: 'post-checklist', value: 'code:503', message: '1.3' },
      origin: slack,
    });
    const out = reply.messages[0];
    expect(out?.card.kind).toBe('checklist');
    expect(out?.card.title).toBe('Checklist: 503 Service Unavailable');
    expect(out?.placement).toEqual({ kind: 'thread' });
    expect(out?.state).toMatch(/^stc1\./);
  });

  it('answers a tick on a message whose state is lost with a way forward', async () => {
    const reply = await app().app.handle({
      type: 'action',
      action: { id: 'tick', value: 'sip-403-1', message: '1.4' },
      origin: slack,
    });
    expect(reply.messages[0]?.visibility).toBe('ephemeral');
    expect(reply.messages[0]?.card.summary).toContain('/sip checklist 403');
  });

  it('turns an internal failure into a friendly card and reports it', async () => {
    const broken = Object.create(realKnowledge(), {
      code: {
        value: () => {
          throw new Error('disk on fire');
        },
      },
    }) as KnowledgeBase;
    const { app: a, errors } = app(broken);
    const reply = await a.handle(command('/sip 403'));
    expect(reply.messages[0]?.card.title).toBe('Something went wrong');
    expect(reply.messages[0]?.visibility).toBe('ephemeral');
    expect(String(errors[0])).toContain('disk on fire');
  });
});
