import { PacketBuilder } from '/work/main/src/core/capture/build-packet.ts';
import { readCaptureBuffer } from '/work/main/src/core/capture/read-capture.ts';
import { writePcapRecords } from '/work/main/src/core/capture/write-pcap.ts';
const server = { address: '10.9.0.2', port: 5060 };
let t = performance.now();
const builder = new PacketBuilder();
const records = [];
for (let i = 0; i < 5000; i++) {
  const src = { address: `10.${(i >> 8) & 255}.${i & 255}.1`, port: 10000 + (i % 50000) };
  records.push({ epochMicros: i, data: builder.frame({ epochMicros: i, src, dst: server, transport: 'TCP', payload: 'INVITE sip:x SIP/2.0\r\nVia: x\r\n'.padEnd(200, 'x'), tcp: { seq: 1 } }) });
}
const pcap = writePcapRecords(records);
console.log('build', performance.now() - t); t = performance.now();
const r = readCaptureBuffer(pcap);
console.log('read', performance.now() - t, r.messages.length, r.stats.skipped);
for (let k = 0; k < 5; k++) { t = performance.now(); readCaptureBuffer(pcap); console.log('read again', performance.now() - t); }
