import { describe, expect, it } from 'vitest';
import type { SyntaxIssue } from '../../../src/core/sip/syntax-issue.js';
import { parseVia, parseViaAt, parseViaParm } from '../../../src/core/sip/via.js';

function withIssues(text: string) {
  const sink: SyntaxIssue[] = [];
  const vias = parseVia(text, sink);
  return { vias, issues: sink.map((i) => i.code) };
}

describe('parseVia', () => {
  it('reads protocol, transport, sent-by and the via-params', () => {
    const { vias, issues } = withIssues(
      'SIP/2.0/UDP 192.0.2.25:35060;rport=35060;branch=z9hG4bK2d26;received=192.0.2.25;maddr=[2001:db8::1];ttl=16',
    );
    expect(issues).toEqual([]);
    expect(vias).toEqual([
      {
        raw: 'SIP/2.0/UDP 192.0.2.25:35060;rport=35060;branch=z9hG4bK2d26;received=192.0.2.25;maddr=[2001:db8::1];ttl=16',
        protocol: 'SIP/2.0',
        transport: 'UDP',
        host: '192.0.2.25',
        port: 35060,
        branch: 'z9hG4bK2d26',
        received: '192.0.2.25',
        rport: 35060,
        maddr: '2001:db8::1',
        ttl: 16,
        params: {
          rport: '35060',
          branch: 'z9hG4bK2d26',
          received: '192.0.2.25',
          maddr: '[2001:db8::1]',
          ttl: '16',
        },
      },
    ]);
  });

  it('accepts whitespace around the slashes, the colon and the semicolons', () => {
    const vias = parseVia(
      'SIP  / 2.0  / TCP     spindle.example.com   ;  branch  =   z9hG4bK9ikj8  ,  SIP  /    2.0   / UDP  192.168.255.111   ; branch= z9hG4bK30239',
    );
    expect(vias.map((v) => [v.protocol, v.transport, v.host, v.branch])).toEqual([
      ['SIP/2.0', 'TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['SIP/2.0', 'UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(parseVia('SIP/2.0/UDP host : 5062;rport')[0]).toMatchObject({
      host: 'host',
      port: 5062,
      rport: true,
    });
  });

  it('reads comma-joined values in order, with commas inside quoted parameters left alone', () => {
    const vias = parseVia(
      'SIP/2.0/UDP a;branch=1, SIP/2.0/TCP b;x="p,q";branch=2,SIP/2.0/TLS c:5061;branch=3',
    );
    expect(
      vias.map((v) => `${v.transport} ${v.host}${v.port ? `:${v.port}` : ''} ${v.branch}`),
    ).toEqual(['UDP a 1', 'TCP b 2', 'TLS c:5061 3']);
    expect(vias[1]?.params.x).toBe('"p,q"');
    expect(vias[1]?.raw).toBe('SIP/2.0/TCP b;x="p,q";branch=2');
  });

  it('reads IPv6 sent-by and received with or without brackets', () => {
    expect(parseVia('SIP/2.0/UDP [2001:db8::9:1]:6050;branch=x')[0]).toMatchObject({
      host: '2001:db8::9:1',
      port: 6050,
    });
    expect(parseVia('SIP/2.0/UDP [::1];received=[2001:db8::9:255]')[0]?.received).toBe(
      '2001:db8::9:255',
    );
    expect(parseVia('SIP/2.0/UDP [::1];received=2001:db8::9:255;branch=z')[0]).toMatchObject({
      received: '2001:db8::9:255',
      branch: 'z',
    });
  });

  it('treats an unknown transport as a token', () => {
    expect(withIssues('SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en')).toMatchObject({
      vias: [{ transport: 'UNKNOWN' }],
      issues: [],
    });
  });

  it('reports empty elements and parameters but keeps what is readable', () => {
    const { vias, issues } = withIssues('SIP/2.0/UDP 192.0.2.15;;,;,,');
    expect(vias.map((v) => v.host)).toEqual(['192.0.2.15']);
    expect(issues).toEqual([
      'empty-param',
      'empty-param',
      'malformed',
      'empty-element',
      'empty-element',
    ]);
  });

  it('reports other defects', () => {
    expect(withIssues('SIP/7.0/UDP c.example.com;branch=z').issues).toEqual(['version']);
    expect(withIssues('garbage').issues).toEqual(['malformed']);
    expect(withIssues('SIP/2.0/UDP').issues).toEqual(['malformed']);
    expect(withIssues('SIP/2.0/UDP h;branch').issues).toEqual(['empty-param-value']);
    expect(withIssues('SIP/2.0/UDP h;rport=x').issues).toEqual(['rport']);
    expect(withIssues('SIP/2.0/UDP h;ttl=300').issues).toEqual(['ttl']);
    expect(withIssues('SIP/2.0/UDP h;received=1::2::3').issues).toEqual(['received']);
    expect(withIssues('SIP/2.0/UDP h junk').issues).toEqual(['trailing-text']);
    expect(withIssues('').issues).toEqual(['empty-element']);
    expect(withIssues('SIP/2.0/UDP h,').issues).toEqual(['empty-element']);
  });

  it('reads in place and one value at a time', () => {
    const text = 'Via: SIP/2.0/UDP a;branch=1\r\nVia: SIP/2.0/UDP b;branch=2\r\n';
    const out = parseViaAt(text, 5, text.indexOf('\r\n'), undefined, []);
    expect(out.map((v) => v.host)).toEqual(['a']);
    expect(parseViaParm('SIP/2.0/UDP x;branch=9')?.branch).toBe('9');
  });
});
