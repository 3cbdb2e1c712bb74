/**
 * Writes the bench's 50,000-message capture to the path given, in its own
 * process: generating it leaves a large heap behind, and its collection
 * must not land inside the load bench's measurements.
 */
import { writeCorpusPcap } from '../sip/capture.js';
import { generateCorpus } from '../sip/corpus.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: write-capture.ts <file.pcap>');
writeCorpusPcap(generateCorpus(50_000), file);
