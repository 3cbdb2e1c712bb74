import { describe, expect, it } from 'vitest';
import { isLookup, SplitApp } from '../../../src/adapters/shared/split-app.js';
import type { App } from '../../../src/core/app/handle.js';
import { single } from '../../../src/core/app/reply.js';
import type { AppRequest } from '../../../src/core/app/request.js';
import { messageCard } from '../../../src/core/commands/message-card.js';

const origin = { platform: 'discord', user: { id: 'u' }, conversation: 'c' };
const file = { name: 'a.pcap', size: 10, async *open() {} };

describe('SplitApp', () => {
  it('keeps lookups here and sends anything with a trace to the workers', () => {
    const lookups: AppRequest[] = [
      { type: 'command', text: '403', origin },
      { type: 'command', text: 'too many hops', origin },
      { type: 'command', command: 'suggest', text: '48', origin },
      { type: 'action', action: { id: 'tick', value: 'i1', message: 'm' }, origin },
      { type: 'action', action: { id: 'post-checklist', value: 'code:403', message: 'm' }, origin },
    ];
    const traces: AppRequest[] = [
      { type: 'command', text: 'SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE', origin },
      { type: 'command', text: 'x'.repeat(501), origin },
      { type: 'command', command: 'diagnose', text: '', attachments: [file], origin },
      { type: 'command', text: 'look', attachments: [file], origin },
      { type: 'message', text: 'hello', origin },
      { type: 'action', action: { id: 'full-json', value: 'msg:1:2', message: 'm' }, origin },
    ];
    for (const r of lookups) expect(isLookup(r), JSON.stringify(r)).toBe(true);
    for (const r of traces) expect(isLookup(r), JSON.stringify(r).slice(0, 80)).toBe(false);
  });

  it('routes each request to the side that answers it', async () => {
    const seen: string[] = [];
    const side = (name: string): App => ({
      handle: async () => {
        seen.push(name);
        return single(messageCard(name, name));
      },
    });
    const app = new SplitApp(side('here'), side('workers'));
    await app.handle({ type: 'command', text: '503', origin });
    await app.handle({ type: 'message', text: 'SIP/2.0 503 Service Unavailable', origin });
    expect(seen).toEqual(['here', 'workers']);
  });
});
