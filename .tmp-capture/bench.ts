import { createReadStream, writeFileSync } from 'node:fs';
import { readCapture } from '../src/core/capture/read-capture.js';
import { writePcap } from '../src/core/capture/write-pcap.js';
const enc = new TextEncoder();
const body = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\n'.repeat(4);
const specs = Array.from({ length: 50_000 }, (_, i) => ({
  epochMicros: 1_700_000_000_000_000 + i * 1000,
  src: { address: `10.0.${(i >> 8) & 255}.${i & 255}`, port: 5060 },
  dst: { address: '10.1.0.1', port: 5060 },
  transport: 'UDP' as const,
  payload: enc.encode(`INVITE sip:bob@b.example SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK${i}\r\nCall-ID: c${i}\r\nCSeq: 1 INVITE\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
}));
let t = performance.now();
const pcap = writePcap(specs);
console.log('write', (performance.now() - t).toFixed(0), 'ms', pcap.byteLength);
writeFileSync('/tmp/cap/corpus.pcap', pcap);
for (let k = 0; k < 0; k++) {
  t = performance.now();
  let n = 0, bytes = 0;
  for await (const m of readCapture(createReadStream('/tmp/cap/corpus.pcap', { highWaterMark: 1 << 20 }))) { n++; bytes += m.payload.byteLength; }
  console.log('read', (performance.now() - t).toFixed(1), 'ms', n, bytes);
}
