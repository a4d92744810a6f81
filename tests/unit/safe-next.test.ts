import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeNext } from '../../functions/shared/session';

const OWN = 'https://signals.example.com';

/** Where a browser goes with `location` as a Location (or a meta refresh) from one of our pages. */
const followed = (location: string, from = `${OWN}/auth/callback`) => new URL(location, from);

/** Every form a decoder along the way could make of it: once, twice, … percent-decoded. */
function decodings(value: string): string[] {
  const forms = [value];
  for (let i = 0; i < 10; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(forms.at(-1)!);
    } catch {
      decoded = forms.at(-1)!.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    }
    if (decoded === forms.at(-1)) break;
    forms.push(decoded);
  }
  return forms;
}

/** What must hold of anything safeNext answers. */
function staysHome(result: string) {
  expect(result.startsWith('/')).toBe(true);
  expect(result).not.toMatch(/^\/[/\\]/);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must never be answered.
  expect(result).not.toMatch(/[\u0000-\u001f\u007f\\]/);
  for (const form of decodings(result)) {
    let url: URL;
    try {
      url = followed(form);
    } catch {
      // Such as `/\\`: a browser reads it as a host-relative URL with no host.
      expect.fail(`${result} read as ${form} is not a URL on this site`);
    }
    expect(url.origin, `${result} read as ${form}`).toBe(OWN);
    expect(url.pathname, `${result} read as ${form}`).not.toMatch(/^\/\//);
  }
  // What it answers, it answers again unchanged.
  expect(safeNext(result)).toBe(result);
}

describe('safeNext', () => {
  it('sends the known ways out of the site home', () => {
    for (const next of [
      '/.//evil.example',
      '/..//evil.example',
      '/%2e//evil.example',
      '/%2E//evil.example',
      '/%2e%2e//x',
      '/.%2e//x',
      '//x',
      '/\\x',
      '/\\\\x',
      '/\t/x',
      '/\n/x',
      '/%09/x',
      '/%2f/evil.example',
      '/%2F%2Fevil.example',
      '/%5cevil.example',
      '/%252e//evil.example',
      '/%252e%252e//evil.example',
      '/%25252e//evil.example',
      '/%2e%2f%2fevil.example',
      '/x/../..//evil.example/phish',
      '/./.././/evil.example',
      'https://evil.example',
      '\\\\evil.example',
      'evil.example',
      '',
      undefined,
    ]) {
      expect(safeNext(next), JSON.stringify(next)).toBe('/');
    }
  });

  it('keeps paths on this site as a browser reads them, queries and fragments with them', () => {
    const kept: Array<[string, string]> = [
      ['/', '/'],
      ['/writeups/checkout-failover', '/writeups/checkout-failover'],
      ['/writeups/probed?from=2026-01-01&to=2026-03-31', '/writeups/probed?from=2026-01-01&to=2026-03-31'],
      ['/writeups/caf%C3%A9#reads', '/writeups/caf%C3%A9#reads'],
      ['/reviews/x?next=%2F%2Fevil.example', '/reviews/x?next=%2F%2Fevil.example'],
      ['/search?q=100%25', '/search?q=100%25'],
      ['/writeups/a/../b', '/writeups/b'],
      ['/./writeups', '/writeups'],
      ['/%0d%0aSet-Cookie:x=1', '/%0d%0aSet-Cookie:x=1'],
    ];
    for (const [next, expected] of kept) expect(safeNext(next), next).toBe(expected);
  });

  it('answers only paths that stay on this site, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (next) => staysHome(safeNext(next))),
      { numRuns: 2_000 },
    );
  });

  it('answers only paths that stay on this site, for strings made of what tricks browsers and decoders', () => {
    const pieces = [
      '/',
      '\\',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2f',
      '%2F',
      '%5c',
      '%5C',
      '%25',
      '%252e',
      '%252f',
      '%09',
      '%0a',
      '\t',
      '\n',
      'evil.example',
      '@',
      ':',
      '?',
      '#',
      'a',
      '%',
      ' ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => staysHome(safeNext(`/${parts.join('')}`))),
      { numRuns: 5_000 },
    );
  });

  it('keeps every plain path, query and fragment as it is', () => {
    const word = fc.stringMatching(/^[a-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), fc.option(fc.tuple(word, word)), fc.option(word), (segments, query, fragment) => {
        const next = `/${segments.join('/')}${query ? `?${query[0]}=${query[1]}` : ''}${fragment ? `#${fragment}` : ''}`;
        expect(safeNext(next)).toBe(next);
      }),
    );
  });
});
