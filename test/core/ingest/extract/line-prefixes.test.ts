/** Prefix skeletons: what varies between log lines (digits, padding) and what must stay the same. */
import { describe, expect, it } from 'vitest';
import {
  classifyPrefix,
  decidePrefixMode,
  matchPrefix,
  prefixSkeleton,
  stripPrefix,
} from '../../../../src/core/ingest/extract/line-prefixes.js';

describe('matchPrefix', () => {
  const syslog = prefixSkeleton('Nov  9 23:59:59 sbc1 kamailio[812]: ');

  it('lets digits and padding change from line to line', () => {
    const line = 'Nov 10 00:00:00 sbc1 kamailio[812]: Via: SIP/2.0/UDP x';
    expect(line.slice(matchPrefix(line, syslog))).toBe('Via: SIP/2.0/UDP x');
  });

  it('keeps the indentation of a folded line after the prefix', () => {
    const line = 'Nov  9 23:59:59 sbc1 kamailio[812]:   folded';
    expect(line.slice(matchPrefix(line, syslog))).toBe('  folded');
  });

  it('treats a line cut inside the trailing whitespace as blank', () => {
    expect(matchPrefix('Nov  9 23:59:59 sbc1 kamailio[812]:', syslog)).toBe(35);
  });

  it('rejects another program, host or missing prefix', () => {
    for (const line of [
      'Nov  9 23:59:59 sbc1 rtpengine[640]: x',
      'Nov  9 23:59:59 edge kamailio[812]: x',
      'Via: x',
      '',
    ]) {
      expect(matchPrefix(line, syslog)).toBe(-1);
    }
  });

  it('lets nanosecond times of different lengths match', () => {
    const docker = prefixSkeleton('web-1  | 2026-11-24T10:00:00.123456789Z ');
    const line = 'web-1  | 2026-11-24T10:00:00.1Z CSeq: 1 INVITE';
    expect(line.slice(matchPrefix(line, docker))).toBe('CSeq: 1 INVITE');
  });
});

describe('decidePrefixMode', () => {
  it('is raw without a prefix', () => {
    expect(decidePrefixMode('', 'Via: x')).toEqual({ kind: 'raw' });
  });

  it('repeats the prefix when the next line has it', () => {
    const mode = decidePrefixMode('> ', '> Via: x');
    expect(mode.kind).toBe('prefixed');
    expect(stripPrefix('> Via: x', mode)).toBe('Via: x');
    expect(stripPrefix('>', mode)).toBe('');
  });

  it('keeps only the shared part when the first line had extra words', () => {
    const mode = decidePrefixMode(
      '0(12) NOTICE: <script>: received: ',
      '0(12) NOTICE: <script>: Via: x',
    );
    expect(mode).toMatchObject({ kind: 'prefixed', text: '0(12) NOTICE: <script>: ' });
  });

  it('reads journalctl continuation lines aligned under the first', () => {
    const prefix = 'Nov 24 10:00:00 sbc1 kamailio[812]: ';
    const mode = decidePrefixMode(prefix, `${' '.repeat(prefix.length)}Via: x`);
    expect(mode).toEqual({ kind: 'aligned', width: prefix.length, text: prefix });
    expect(stripPrefix(`${' '.repeat(prefix.length)}CSeq: 1 INVITE`, mode)).toBe('CSeq: 1 INVITE');
    expect(stripPrefix('Nov 24 10:00:01 sbc1 other[1]: x', mode)).toBeNull();
  });

  it('falls back to raw lines when only the first line had a prefix', () => {
    expect(decidePrefixMode('[Nov 24 10:00:00] VERBOSE[42]: ', 'Via: x')).toEqual({ kind: 'raw' });
  });
});

describe('classifyPrefix', () => {
  it.each([
    ['Nov 24 10:00:00 sbc1 kamailio[812]: ', 'syslog'],
    ['2026-11-24T10:00:00.123456+00:00 sbc1 kamailio[812]: ', 'syslog'],
    ['kamailio-1  | ', 'docker'],
    [' 3(815) NOTICE: <script>: ', 'xlog'],
    ['    ', 'raw'],
    ['> > ', 'raw'],
    ['DEBUG sip: ', 'log'],
  ])('%j is %s', (prefix, kind) => {
    expect(classifyPrefix(decidePrefixMode(prefix, `${prefix}Via: x`), prefix)).toBe(kind);
  });

  it('names aligned continuation lines journald', () => {
    expect(classifyPrefix({ kind: 'aligned', width: 4, text: 'abc ' }, 'abc ')).toBe('journald');
  });
});
