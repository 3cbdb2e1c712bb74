import { readFileSync } from 'node:fs';
import { readCaptureBuffer } from '../src/core/capture/read-capture.js';
const pcap = readFileSync('/tmp/cap/corpus.pcap');
for (let k = 0; k < 8; k++) {
  const t = performance.now();
  const r = readCaptureBuffer(pcap);
  console.log('buffer read', (performance.now() - t).toFixed(1), 'ms', r.messages.length);
}
