/**
 * A whole incident conversation through the core's `handle`, on the
 * in-memory chat platform: a paste answered in a thread, the checklist
 * posted from the diagnosis, ticked by two people (also at the same
 * moment), and a capture shared as a file.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ChatUser, MemoryChat } from '../../../src/adapters/memory/memory-chat.js';
import { createApp } from '../../../src/core/app/handle.js';
import type { Attachment } from '../../../src/core/app/request.js';
import { decodeChecklist } from '../../../src/core/checklist/checklist-codec.js';
import { realFixturesDir } from '../../fixtures/real/load.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const pastes = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
const paste = readFileSync(`${pastes}raw.txt`, 'utf8');

const alice: ChatUser = { id: 'U1', name: 'alice' };
const bob: ChatUser = { id: 'U2', name: 'bob' };
const carol: ChatUser = { id: 'U3', name: 'carol' };

/** 2026-12-04 10:02:00 UTC, then one second later per reading. */
function clock(): () => number {
  let t = Date.UTC(2026, 11, 4, 10, 2, 0);
  return () => {
    t += 1000;
    return t;
  };
}

function fileAttachment(path: string, name: string): Attachment {
  return {
    name,
    size: readFileSync(path).byteLength,
    contentType: 'application/vnd.tcpdump.pcap',
    open: () => createReadStream(path),
  };
}

describe('in-memory chat: an incident conversation', () => {
  let chat: MemoryChat;
  let errors: unknown[];

  beforeEach(async () => {
    errors = [];
    chat = new MemoryChat(
      createApp({ kb: realKnowledge(), now: clock(), onError: (e) => errors.push(e) }),
    );
    await chat.start();
  });

  it('paste -> diagnosis in a thread -> post checklist -> two people tick -> updated with who, when, n/N', async () => {
    const pasted = await chat.post(alice, 'C-incident', paste);
    const [diagnosis, ...others] = chat.thread(pasted.id);
    expect(others).toEqual([]);
    expect(diagnosis?.author).toBe('bot');
    expect(diagnosis?.card?.kind).toBe('diagnosis');
    expect(diagnosis?.text).toMatch(/^INVITE sip:bob@\S+ failed: 486 Busy Here/);
    // Chat answers pseudonymise addresses by default; the paste's addresses are not echoed.
    expect(diagnosis?.text).not.toContain('192.0.2.10');
    // The bot only answers in the thread; the channel timeline holds just the paste.
    expect(chat.timeline('C-incident').map((m) => m.id)).toEqual([pasted.id]);

    const diagnosisId = diagnosis?.id as string;
    await chat.click(bob, diagnosisId, 'post-checklist');
    const thread = chat.thread(pasted.id);
    expect(thread).toHaveLength(2);
    const list = thread[1];
    expect(list?.card?.kind).toBe('checklist');
    const items = list?.card?.checklist ?? [];
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.map((i) => i.text)).toEqual(diagnosis?.card?.checklist.map((i) => i.text));
    expect(list?.text).toContain(`0/${items.length} done`);

    const listId = list?.id as string;
    await chat.click(bob, listId, 'tick', items[0]?.id);
    await chat.click(carol, listId, 'tick', items[2]?.id);
    const updated = chat.byId(listId);
    expect(updated.edits).toBe(2);
    expect(updated.text).toContain(`2/${items.length} done`);
    expect(updated.text).toContain('[x] ');
    expect(updated.text).toMatch(/ticked by bob at 10:02 UTC/);
    expect(updated.text).toMatch(/ticked by carol at 10:02 UTC/);
    const done = updated.card?.checklist.filter((i) => i.done !== undefined) ?? [];
    expect(done.map((i) => [i.id, i.done?.by])).toEqual([
      [items[0]?.id, 'bob'],
      [items[2]?.id, 'carol'],
    ]);
    // The state in the message holds the same: a restarted bot reads it back from there.
    expect(decodeChecklist(updated.state)?.events.map((e) => e.user)).toEqual(['U2', 'U3']);
    // Unticking goes back to open.
    await chat.click(bob, listId, 'untick', items[0]?.id);
    expect(chat.byId(listId).text).toContain(`1/${items.length} done`);
    expect(errors).toEqual([]);
  });

  it('keeps both ticks when two people click at the same moment', async () => {
    const pasted = await chat.post(alice, 'C-incident', paste);
    const diagnosisId = chat.thread(pasted.id)[0]?.id as string;
    await chat.click(alice, diagnosisId, 'post-checklist');
    const list = chat.thread(pasted.id)[1];
    const items = list?.card?.checklist ?? [];
    const before = list?.state;
    // Both clicks read the message before either update lands.
    await Promise.all([
      chat.click(bob, list?.id as string, 'tick', items[0]?.id),
      chat.click(carol, list?.id as string, 'tick', items[1]?.id),
    ]);
    const after = chat.byId(list?.id as string);
    expect(before).not.toBe(after.state);
    expect(after.text).toContain(`2/${items.length} done`);
    expect(after.card?.checklist.filter((i) => i.done).map((i) => i.done?.by)).toEqual([
      'bob',
      'carol',
    ]);
  });

  it('a restarted bot keeps ticking from the state in the message', async () => {
    const pasted = await chat.post(alice, 'C-incident', paste);
    await chat.click(alice, chat.thread(pasted.id)[0]?.id as string, 'post-checklist');
    const list = chat.thread(pasted.id)[1];
    const items = list?.card?.checklist ?? [];
    await chat.click(bob, list?.id as string, 'tick', items[0]?.id);
    // Same platform messages, a fresh process: no memory of earlier clicks.
    chat.restartWith(createApp({ kb: realKnowledge(), now: clock() }));
    await chat.click(carol, list?.id as string, 'tick', items[1]?.id);
    expect(chat.byId(list?.id as string).text).toContain(`2/${items.length} done`);
  });

  it('a shared pcap gets its diagnosis in a thread on the message', async () => {
    const pcap = `${realFixturesDir}kamailio-call-failures.pcap`;
    const shared = await chat.post(
      alice,
      'C-incident',
      'calls failing since 10:00, capture attached',
      {
        attachments: [fileAttachment(pcap, 'edge-proxy.pcap')],
      },
    );
    const [answer, ...rest] = chat.thread(shared.id);
    expect(rest).toEqual([]);
    expect(answer?.card?.kind).toBe('diagnosis');
    const data = answer?.card?.data as { verdict: { outcome: string; code: number } };
    expect(data.verdict.outcome).toBe('failed');
    expect(data.verdict.code).toBe(404);
    expect(answer?.card?.actions.map((a) => a.id)).toEqual(['post-checklist', 'full-json']);

    // "Full JSON" reads the shared file again and answers with the JSON as a file.
    await chat.click(bob, answer?.id as string, 'full-json');
    const json = chat.thread(shared.id)[1];
    expect(json?.files.map((f) => f.name)).toEqual(['diagnosis.json']);
    const parsed = JSON.parse(String(json?.files[0]?.content)) as { verdict: unknown };
    expect(parsed.verdict).toEqual(data.verdict);
  });

  it('says nothing about a message without SIP, and explains /sip 403 in the channel', async () => {
    await chat.post(alice, 'C-incident', 'is anyone looking at the 403s?');
    expect(chat.timeline('C-incident').filter((m) => m.author === 'bot')).toEqual([]);
    await chat.post(alice, 'C-incident', '/sip 403');
    const answer = chat.timeline('C-incident').at(-1);
    expect(answer?.author).toBe('bot');
    expect(answer?.card?.title).toBe('403 Forbidden');
  });

  it('shows /sip help only to the asker', async () => {
    await chat.post(alice, 'C-incident', '/sip help');
    expect(chat.timeline('C-incident', 'U1').at(-1)?.card?.kind).toBe('help');
    expect(chat.timeline('C-incident', 'U2').some((m) => m.author === 'bot')).toBe(false);
  });
});
