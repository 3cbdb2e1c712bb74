import { createReadStream } from 'node:fs';
import { readCapture } from '../src/core/capture/read-capture.js';
global.gc?.();
const base = process.memoryUsage();
let peak = 0;
const kept = [];
for await (const m of readCapture(createReadStream('/tmp/cap/corpus.pcap', { highWaterMark: 1 << 20 }))) {
  kept.push(m);
  if (kept.length % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
}
peak = Math.max(peak, process.memoryUsage().rss);
console.log('messages', kept.length, 'peak rss above base MB', ((peak - base.rss) / 1e6).toFixed(1));
