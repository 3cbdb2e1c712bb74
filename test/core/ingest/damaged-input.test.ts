/**
 * Damaged and oddly encoded input (issue 11, item 7): gzip'd captures and
 * logs are read transparently (the input limit counting decompressed bytes),
 * UTF-16 text is decoded, NULs at line ends do not drop messages, and a
 * truncated or corrupt capture, an unknown link type or a cut by a limit is
 * what the card and the JSON say first. Captures are written here with the
 * test writers; addresses are documentation ranges only.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DiagnoseContext } from '../../../src/core/diagnose/context.js';
import { diagnose, inputDamage } from '../../../src/core/diagnose/diagnose.js';
import { Redactor } from '../../../src/core/diagnose/redact.js';
import { parseInput } from '../../../src/core/ingest/parse-input.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { diagnosisCard, diagnosisJson } from '../../../src/core/render/diagnosis-card.js';
import type { InputMessages } from '../../../src/core/sip/message-list.js';
import { buildTrace } from '../../../src/core/trace/build-trace.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import type { PacketSpec } from '../../support/capture/build-packet.js';
import { writePcap } from '../../support/capture/write-pcap.js';
import { invite, ok, T0 } from './capture/capture-helpers.js';

const kb = realKnowledge();
const alice = { address: '192.0.2.10', port: 5060 };
const bob = { address: '198.51.100.20', port: 5060 };

const busy = (n: number): string => ok(n).replace('SIP/2.0 200 OK', 'SIP/2.0 486 Busy Here');

/** An INVITE answered 486, as text. */
const PASTE = `${invite(1)}\r\n${busy(1)}`;

function dialog(n = 1): PacketSpec[] {
  return [
    { epochMicros: T0 + 1, src: alice, dst: bob, transport: 'UDP', payload: invite(n) },
    { epochMicros: T0 + 250_000, src: bob, dst: alice, transport: 'UDP', payload: busy(n) },
  ];
}

async function* inChunks(bytes: Uint8Array, size = Number.MAX_SAFE_INTEGER) {
  for (let k = 0; k < bytes.byteLength; k += size) yield bytes.subarray(k, k + size);
}

const summary = (r: { messages: InputMessages }) =>
  r.messages.map((m) => `${m.kind} ${m.method ?? m.code}`);

describe('gzip input is read transparently', () => {
  it.each([1, 7, 4096])(
    "a gzip'd paste in chunks of %i gives what the paste gives",
    async (size) => {
      const result = await parseInput(inChunks(gzipSync(PASTE), size));
      expect(result.input).toBe('text');
      expect(summary(result)).toEqual(summary(parseText(PASTE)));
      expect(summary(result)).toEqual(['request INVITE', 'response 486']);
      expect(inputDamage(result.problems)).toEqual([]);
    },
  );

  it("a gzip'd pcap is read as the capture", async () => {
    const result = await parseInput(inChunks(gzipSync(writePcap(dialog())), 5));
    expect(result.input).toBe('pcap');
    expect(summary(result)).toEqual(['request INVITE', 'response 486']);
    expect(result.messages.at(1)?.source.src?.address).toBe('198.51.100.20');
  });

  it('the input limit counts decompressed bytes, and says so', async () => {
    const big = Array.from({ length: 50 }, (_, k) => `${invite(k)}\r\n${busy(k)}`).join('\r\n');
    const zipped = gzipSync(big);
    const maxInputBytes = 4000;
    expect(zipped.byteLength).toBeLessThan(maxInputBytes);
    const result = await parseInput(inChunks(zipped), { maxInputBytes });
    const limit = result.problems.find((p) => p.id === 'input.limit');
    expect(limit?.message).toMatch(/gzip-compressed: the limit counts its decompressed bytes/);
    expect(result.messages.length).toBeGreaterThan(0);
    expect(result.messages.length).toBeLessThan(100);
    expect(inputDamage(result.problems).map((d) => d.id)).toContain('input.limit');
  });

  it("a gzip'd capture over the limit is cut at the decompressed limit", async () => {
    const packets = Array.from({ length: 40 }, (_, k) => dialog(k)).flat();
    const pcap = writePcap(packets);
    const result = await parseInput(inChunks(gzipSync(pcap)), { maxInputBytes: 3000 });
    expect(result.input).toBe('pcap');
    expect(result.problems.find((p) => p.id === 'capture.limit')?.message).toMatch(
      /decompressed bytes/,
    );
  });

  it('a gzip stream cut short keeps what it held and is named as damage', async () => {
    const big = Array.from({ length: 30 }, (_, k) => `${invite(k)}\r\n${busy(k)}`).join('\r\n');
    const zipped = gzipSync(big);
    const result = await parseInput(inChunks(zipped.subarray(0, zipped.byteLength - 12)));
    expect(result.problems[0]?.id).toBe('input.gzip');
    expect(result.messages.length).toBeGreaterThan(0);
    expect(inputDamage(result.problems).map((d) => d.id)).toEqual(['input.gzip']);
  });
});

describe('UTF-16 text', () => {
  const le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
  const be = (text: string) => {
    const bytes = le(text);
    for (let k = 0; k + 1 < bytes.length; k += 2) {
      const low = bytes[k] as number;
      bytes[k] = bytes[k + 1] as number;
      bytes[k + 1] = low;
    }
    return bytes;
  };
  it.each([
    ['little-endian with BOM FF FE', () => le(`\ufeff${PASTE}`), 'little-endian'],
    ['big-endian with BOM FE FF', () => be(`\ufeff${PASTE}`), 'big-endian'],
    ['little-endian without a BOM', () => le(PASTE), 'little-endian'],
  ])('%s is decoded and named', async (_name, bytes, order) => {
    const result = await parseInput(inChunks(bytes(), 3));
    expect(summary(result)).toEqual(['request INVITE', 'response 486']);
    expect(result.messages.at(0)?.callId).toBe('call-1@atlanta.example.com');
    expect(result.problems.find((p) => p.id === 'input.encoding')?.message).toContain(order);
  });

  it('UTF-8 text is not taken for UTF-16', async () => {
    const result = await parseInput(inChunks(new TextEncoder().encode(PASTE)));
    expect(result.problems.some((p) => p.id === 'input.encoding')).toBe(false);
  });
});

describe('NUL bytes at line ends', () => {
  it.each([
    ['before CR LF', PASTE.replace(/\r\n/g, '\0\r\n')],
    ['after CR LF', PASTE.replace(/\r\n/g, '\r\n\0')],
    ['after LF only', PASTE.replace(/\r\n/g, '\n\0')],
    ['padding the end', `${PASTE}\0\0\0\0`],
  ])('%s drop no message, and parse and diagnose agree', async (_name, text) => {
    const pasted = parseText(text);
    const uploaded = await parseInput(inChunks(new TextEncoder().encode(text), 11));
    expect(summary(pasted)).toEqual(['request INVITE', 'response 486']);
    expect(summary(uploaded)).toEqual(summary(pasted));
    const d = diagnose(uploaded, kb);
    expect(d.messageCount).toBe(2);
    expect(d.verdict.code).toBe(486);
  });
});

describe('damage comes first', () => {
  it('an unanswered INVITE in a truncated capture is not "no response at all"', async () => {
    const invite = dialog()[0] as PacketSpec;
    // The INVITE and a retransmission of it, the file cut inside the second copy.
    const whole = writePcap([invite, invite]);
    const input = await parseInput(inChunks(whole.subarray(0, whole.byteLength - 40)));
    const d = diagnose(input, kb);
    expect(d.inputDamage.map((x) => x.id)).toEqual(['capture.truncated']);
    expect(d.verdict.headline).toMatch(/damaged/);
    expect(d.verdict.headline).not.toMatch(/got no response at all/);
    // Nothing is concluded from what may only be missing from the file.
    expect(d.findings.map((x) => x.id)).not.toContain('transport.no-response');
    expect(d.findings.map((x) => x.id)).not.toContain('transport.timeout');
    // The same INVITE in a whole capture does get the finding (the rule itself still works).
    const whole2 = diagnose(await parseInput(inChunks(writePcap([invite, invite]))), kb);
    expect(whole2.findings.map((x) => x.id)).toContain('transport.no-response');
  });

  function truncatedPcap(): Uint8Array {
    const whole = writePcap(dialog());
    return whole.subarray(0, whole.byteLength - 40);
  }
  function corruptPcap(): Uint8Array {
    const whole = writePcap([...dialog(), ...dialog(2)]);
    const bytes = whole.slice();
    // The third record's captured length (after the header, two records) claims 100 MB.
    const first = 24 + 16 + new DataView(bytes.buffer).getUint32(24 + 8, true);
    const third = first + 16 + new DataView(bytes.buffer).getUint32(first + 8, true);
    new DataView(bytes.buffer).setUint32(third + 8, 100_000_000, true);
    return bytes;
  }
  function unknownLinkPcap(): Uint8Array {
    return writePcap(dialog(), { linkType: 147 });
  }

  it.each([
    ['a truncated capture', truncatedPcap, 'capture.truncated', {}],
    ['a corrupt record', corruptPcap, 'capture.corrupt', {}],
    ['an unknown link type', unknownLinkPcap, 'capture.link-type', {}],
    [
      'a capture cut by the size limit',
      () => writePcap([...dialog(), ...dialog(2)]),
      'capture.limit',
      { maxInputBytes: 700 },
    ],
    [
      'a paste cut by the size limit',
      () => new TextEncoder().encode(`${PASTE}\r\n${PASTE}`),
      'input.limit',
      { maxInputBytes: 700 },
    ],
  ])('%s: the card and the JSON say so first', async (_name, bytes, id, limits) => {
    const input = await parseInput(inChunks(bytes()), limits);
    expect(inputDamage(input.problems).map((d) => d.id)).toContain(id);
    const d = diagnose(input, kb);
    const card = diagnosisCard(d);
    expect(card.sections[0]?.id).toBe('input-damage');
    expect(card.fields[0]?.label).toBe('Input');
    expect(card.fields[0]?.value).toContain(id);
    const json = diagnosisJson(d);
    expect(Object.keys(json)[0]).toBe('inputDamage');
    expect((json.inputDamage as { id: string }[]).map((x) => x.id)).toContain(id);
  });

  it('the diagnosis carries the damage, where the rules and the card read it', async () => {
    const input = await parseInput(inChunks(truncatedPcap()));
    expect(diagnose(input, kb).inputDamage.map((d) => d.id)).toEqual(['capture.truncated']);
  });

  it('a whole capture or paste has no damage field and no damage section', async () => {
    for (const bytes of [writePcap(dialog()), new TextEncoder().encode(PASTE)]) {
      const d = diagnose(await parseInput(inChunks(bytes)), kb);
      expect(diagnosisJson(d)).not.toHaveProperty('inputDamage');
      expect(diagnosisCard(d).sections.some((s) => s.id === 'input-damage')).toBe(false);
      expect(new DiagnoseContext(buildTrace([]), kb, new Redactor()).damage).toEqual([]);
    }
  });
});

describe('a limit stops the read of its source', () => {
  /**
   * `bytes` in chunks of `size`, then as many more as asked for (a writer
   * that never stops); says whether the reader closed it.
   */
  function endless(bytes: Uint8Array, size: number) {
    const state = { closed: false, chunks: 0 };
    async function* source() {
      try {
        for (let k = 0; ; k = (k + size) % bytes.byteLength) {
          state.chunks++;
          yield bytes.subarray(k, k + size);
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, chunks: source() };
  }

  it.each([
    ['a capture', () => writePcap([...dialog(), ...dialog(2), ...dialog(3)]), 'capture.limit'],
    ['a paste', () => new TextEncoder().encode(`${PASTE}\r\n`.repeat(4)), 'input.limit'],
    ['a gzip-compressed paste', () => gzipSync(`${PASTE}\r\n`.repeat(200)), 'input.limit'],
  ])('%s: the source is closed once the limit is reached', async (_what, bytes, id) => {
    const { state, chunks } = endless(bytes(), 100);
    const input = await parseInput(chunks, { maxInputBytes: 1_000 });
    expect(inputDamage(input.problems).map((d) => d.id)).toContain(id);
    expect(state.closed).toBe(true);
    // What was read past the limit is bounded: at most what the gunzip stream buffers ahead.
    expect(state.chunks).toBeLessThan(1_000);
  });
});
