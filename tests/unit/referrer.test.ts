import { describe, expect, it } from 'vitest';
import { normalizeReferrer } from '../../functions/domain/referrer';

const page = 'https://docs.example.com/pir/db-outage';

describe('normalizeReferrer', () => {
  it.each([
    ['https://github.com/acme/api/pull/42?notification=1#discussion', 'https://github.com/acme/api/pull/42'],
    ['HTTPS://GitHub.COM:443/acme/api/', 'https://github.com/acme/api'],
    ['http://wiki.internal:8080/onboarding/week-1/', 'http://wiki.internal:8080/onboarding/week-1'],
    ['https://news.example.org/', 'https://news.example.org/'],
    ['https://news.example.org', 'https://news.example.org/'],
  ])('keeps %s as %s', (referrer, expected) => {
    expect(normalizeReferrer(referrer, page)).toBe(expected);
  });

  it.each([
    ['nothing', null],
    ['an empty string', ''],
    ['a page on the same site', 'https://docs.example.com/pir/index'],
    ['the same site with www', 'https://www.docs.example.com/'],
    ['an app referrer', 'android-app://com.slack'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['text that is no URL', 'not a url'],
  ])('drops %s', (_name, referrer) => {
    expect(normalizeReferrer(referrer, page)).toBeNull();
  });
});
