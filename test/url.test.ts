/** url.ts at its character-class and UTF-8 boundaries (the matcher tests cover the general rules). */
import { describe, expect, it } from 'vitest';
import { isNormalRange, normalizePath } from '../src/engine/url.js';

describe('percent-encoding at the edges of each character class', () => {
  it.each([
    ['/%30%39', '/09'], // digits are unreserved: decoded
    ['/%2F%3A', '/%2F%3A'], // just outside the digits
    ['/%41%5A%61%7A', '/AZaz'],
    ['/%40%5B%60%7B', '/%40%5B%60%7B'], // just outside the letters
    ['/%2D%2E%5F%7E', '/-._~'],
    ['/%2C%5E%7D%7F', '/%2C%5E%7D%7F'],
    ['/%2d%2e%5f%7e', '/-._~'],
    ['/%3a%3f%5b%ff', '/%3A%3F%5B%FF'], // lowercase hex gets uppercase digits
    ['/%aF%Fa%0a', '/%AF%FA%0A'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it.each([
    ['/%/%9/%G0/%0G/%g0/%0g', '/%25/%259/%25G0/%250G/%25g0/%250g'],
    ['/%:0/%0:/%@0/%0@/%`0/%0`', '/%25:0/%250:/%25@0/%250@/%25`0/%250`'],
    ['/a%4', '/a%254'],
    ['/a%4/1', '/a%254/1'],
    ['/a%4?1', '/a%254'],
    ['/a%4#1', '/a%254'],
    ['/a%/41', '/a%25/41'],
  ])('a percent sign without two hex digits is literal: %j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
    expect(normalizePath(expected)).toBe(expected);
  });
});

describe('bytes outside printable ASCII', () => {
  it.each([
    ['\u0000', '%00'],
    ['\u001f', '%1F'],
    [' ', '%20'],
    ['!', '!'],
    ['~', '~'],
    ['\u007f', '%7F'],
    ['\u0080', '%C2%80'],
    ['\u07ff', '%DF%BF'],
    ['\u0800', '%E0%A0%80'],
    ['\ud7ff', '%ED%9F%BF'],
    ['\ud800', '%EF%BF%BD'],
    ['\udbff', '%EF%BF%BD'],
    ['\udc00', '%EF%BF%BD'],
    ['\udfff', '%EF%BF%BD'],
    ['\ue000', '%EE%80%80'],
    ['\uffff', '%EF%BF%BF'],
    ['\u{10000}', '%F0%90%80%80'],
    ['\u{10ffff}', '%F4%8F%BF%BF'],
  ])('%j is encoded as UTF-8 %s', (ch, encoded) => {
    expect(normalizePath(`/a${ch}b`)).toBe(`/a${encoded}b`);
    expect(normalizePath(`/${ch}`)).toBe(`/${encoded}`);
    expect(normalizePath(`https://h/${ch}?q`)).toBe(`/${encoded}`);
  });

  it('takes a surrogate pair as one code point and a lone one as U+FFFD, then goes on', () => {
    expect(normalizePath('/\ud83d\ude00x\ud83dy')).toBe('/%F0%9F%98%80x%EF%BF%BDy');
    expect(normalizePath('/\ude00\ud83d')).toBe('/%EF%BF%BD%EF%BF%BD');
  });
});

describe('scheme, authority and the fast path', () => {
  it.each([
    ['http://h', '/'],
    ['a://h/x', '/x'],
    ['a+b.c-d://h/x', '/x'],
    ['1a://h/x', '/1a:/h/x'],
    ['mailto:x/y', '/mailto:x/y'],
    ['//h/x', '/h/x'],
    ['/x?a#b', '/x'],
    ['/x#a?b', '/x'],
    ['https://h/a?', '/a'],
    ['https://h?', '/'],
    ['https://h#/a', '/'],
  ])('%j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });

  it.each([
    ['/.', '/'],
    ['/..', '/'],
    ['/a/.', '/a'],
    ['/a/..', '/'],
    ['/a/./b', '/a/b'],
    ['/a/../b', '/b'],
    ['/a/.b', '/a/.b'],
    ['/a/..b', '/a/..b'],
    ['/a/b.', '/a/b.'],
    ['/a/b..', '/a/b..'],
    ['/a/...', '/a/...'],
    ['/a//b', '/a/b'],
    ['/a/', '/a'],
    ['/a b', '/a%20b'],
    ['/a\u007fb', '/a%7Fb'],
    ['/a\u0080b', '/a%C2%80b'],
    ['/a%41', '/aA'],
    ['/a?b', '/a'],
    ['/a#b', '/a'],
    ['/!/~', '/!/~'],
  ])('a path that needs work is not taken as it is: %j → %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
    expect(normalizePath(`https://h${input}`)).toBe(expected);
  });
});

describe('the fast path (isNormalRange)', () => {
  const normal = (url: string, start = 0, end = url.length) => isNormalRange(url, start, end);

  it('takes every clean path as it is', () => {
    for (const path of [
      '/',
      '/a',
      '/a/b',
      '/v1.0/x',
      '/a/.b/..c/...',
      '/!$&()*+,;=:@',
      '/a~b_c-d',
      '/{id}',
      '/a/b.',
    ]) {
      expect([path, normal(path)]).toEqual([path, true]);
    }
  });

  it('refuses what needs work, character class by class', () => {
    for (const path of [
      '',
      'a',
      '//',
      '/a/',
      '/a//b',
      '/.',
      '/..',
      '/a/.',
      '/a/..',
      '/./a',
      '/../a',
      '/a b',
      '/a\u001fb',
      '/a\u007fb',
      '/a\u0080b',
      '/é',
      '/a%41',
      '/a?b',
      '/a#b',
    ]) {
      expect([path, normal(path)]).toEqual([path, false]);
    }
  });

  it('looks only at its range', () => {
    const url = 'https://h/a/b?x= y';
    expect(normal(url, 9, 13)).toBe(true);
    expect(normal(url, 9, 12)).toBe(false); // '/a/b' cut to '/a/': trailing slash
    expect(normal(url, 9, 11)).toBe(true); // '/a'
    expect(normal(url, 9, 10)).toBe(true); // '/'
    expect(normal(url, 9, 9)).toBe(false); // empty
    expect(normal(url, 8, 13)).toBe(false); // 'h/a/b' does not start with '/'
    expect(normal('/a/..x', 0, 5)).toBe(false); // '/a/..' as the range ends
    expect(normal('/a/.x', 0, 4)).toBe(false); // '/a/.'
    expect(normal('x/ab', 1, 4)).toBe(true);
    expect(normal('x/a/b', 1, 5)).toBe(true);
  });
});
