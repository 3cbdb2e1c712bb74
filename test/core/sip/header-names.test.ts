import { describe, expect, it } from 'vitest';
import {
  COMPACT_FORMS,
  commonHeaderAt,
  displayHeaderName,
  HeaderKind,
  headerInfo,
  headerKey,
  isListHeader,
} from '../../../src/core/sip/header-names.js';

describe('header names', () => {
  it('expands every compact form, in either case', () => {
    const expected: Record<string, string> = {
      a: 'accept-contact',
      b: 'referred-by',
      c: 'content-type',
      d: 'request-disposition',
      e: 'content-encoding',
      f: 'from',
      i: 'call-id',
      j: 'reject-contact',
      k: 'supported',
      l: 'content-length',
      m: 'contact',
      n: 'identity-info',
      o: 'event',
      r: 'refer-to',
      s: 'subject',
      t: 'to',
      u: 'allow-events',
      v: 'via',
      x: 'session-expires',
      y: 'identity',
    };
    expect(COMPACT_FORMS).toEqual(expected);
    for (const [compact, full] of Object.entries(expected)) {
      expect(headerKey(compact)).toBe(full);
      expect(headerKey(compact.toUpperCase())).toBe(full);
    }
  });

  it('is case-insensitive for full names and keeps unknown names lower-cased', () => {
    expect(headerKey('MaX-fOrWaRdS')).toBe('max-forwards');
    expect(headerKey('CALL-ID')).toBe('call-id');
    expect(headerKey('X-Custom-Thing')).toBe('x-custom-thing');
    expect(headerKey('C%6Fntact')).toBe('c%6fntact');
  });

  it('rejects names that are not tokens', () => {
    expect(headerInfo('Foobar roobar')).toBeNull();
    expect(headerInfo('')).toBeNull();
    expect(headerInfo('Via:')).toBeNull();
    expect(headerInfo('Via')?.kind).toBe(HeaderKind.Via);
    expect(headerInfo('m')?.kind).toBe(HeaderKind.Contact);
  });

  it('knows which headers are comma-separated lists', () => {
    for (const key of [
      'via',
      'contact',
      'route',
      'record-route',
      'allow',
      'supported',
      'require',
      'warning',
    ]) {
      expect(isListHeader(key)).toBe(true);
    }
    for (const key of [
      'date',
      'to',
      'from',
      'call-id',
      'www-authenticate',
      'authorization',
      'x-unknown',
    ]) {
      expect(isListHeader(key)).toBe(false);
    }
  });

  it('renders the usual spelling', () => {
    expect(displayHeaderName('call-id')).toBe('Call-ID');
    expect(displayHeaderName('v')).toBe('Via');
    expect(displayHeaderName('cseq')).toBe('CSeq');
    expect(displayHeaderName('www-authenticate')).toBe('WWW-Authenticate');
    expect(displayHeaderName('x-custom-thing')).toBe('X-Custom-Thing');
  });

  it('recognises common spellings in place only when a colon follows directly', () => {
    const text = 'xxVia: a\r\nContent-Length:0\r\nVias: b\r\nvia : c\r\nCALL-ID: d';
    expect(commonHeaderAt(text, 2)?.name).toBe('Via');
    expect(commonHeaderAt(text, text.indexOf('Content-Length'))?.info.key).toBe('content-length');
    expect(commonHeaderAt(text, text.indexOf('Vias'))).toBeUndefined();
    expect(commonHeaderAt(text, text.indexOf('via :'))).toBeUndefined();
    expect(commonHeaderAt(text, text.indexOf('CALL-ID'))).toBeUndefined();
    expect(commonHeaderAt('Via', 0)).toBeUndefined();
  });
});
