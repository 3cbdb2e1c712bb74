import { readFileSync } from 'node:fs';
import { readCaptureBuffer } from '../src/core/capture/read-capture.js';
for (const f of ['lo-dumpcap.pcapng', 'lo-tcpdump-nano.pcap', 'any-tcpdump.pcap']) {
  const r = readCaptureBuffer(readFileSync(`test/fixtures/captures/${f}`));
  console.log(f, JSON.stringify(r.stats));
  for (const m of r.messages) {
    const t = Buffer.from(m.payload).toString('latin1');
    console.log(m.source.frame, /Call-ID: (\S+)/.exec(t)?.[1], t.split('\r\n')[0].slice(0, 30), m.source.epochMicros, `${m.source.src?.address}:${m.source.src?.port}`, `${m.source.dst?.address}:${m.source.dst?.port}`, m.source.transport, m.source.format, m.source.truncated ?? '');
  }
}
