import { describe, expect, it } from 'vitest';
import { classifyUrl, linkTarget, normalizeLinkUrl, parseOnboardingPrefixes, type LinkKind } from '../../functions/domain/links';

const cases: Array<[string, LinkKind]> = [
  // GitHub
  ['https://github.com/acme/payments/commit/3f2a9c1d4e5b6a7980c1d2e3f4a5b6c7d8e9f0a1', 'commit'],
  ['https://github.com/acme/payments/commit/3f2a9c1', 'commit'],
  ['https://github.com/acme/payments/blob/main/src/pool.ts#L40-L52', 'code'],
  ['https://github.com/acme/payments/blob/3f2a9c1/docs/runbook.md', 'code'],
  ['https://github.com/acme/payments/tree/main/src', 'code'],
  ['https://github.com/acme/payments/pull/1234', 'pull-request'],
  ['https://github.com/acme/payments/pull/1234/files#diff-abc', 'pull-request'],
  ['https://github.com/acme/payments/issues/88', 'ticket'],
  // GitLab, hosted and self-hosted
  ['https://gitlab.com/acme/platform/db/-/commit/9c8b7a6d5e4f', 'commit'],
  ['https://gitlab.com/acme/platform/db/-/blob/main/failover.go#L12', 'code'],
  ['https://gitlab.com/acme/platform/db/-/tree/main/charts', 'code'],
  ['https://gitlab.com/acme/platform/db/-/merge_requests/77', 'pull-request'],
  ['https://gitlab.example.com/infra/dns/-/merge_requests/5/diffs', 'pull-request'],
  ['https://gitlab.example.com/infra/dns/-/issues/9', 'ticket'],
  // Bitbucket Cloud and Server
  ['https://bitbucket.org/acme/api/commits/4e5f6a7b8c9d', 'commit'],
  ['https://bitbucket.org/acme/api/src/main/app/pool.py#lines-10', 'code'],
  ['https://bitbucket.org/acme/api/pull-requests/42', 'pull-request'],
  ['https://git.example.com/projects/PAY/repos/api/commits/4e5f6a7b8c9d0e1f', 'commit'],
  ['https://git.example.com/projects/PAY/repos/api/browse/src/pool.java', 'code'],
  ['https://git.example.com/projects/PAY/repos/api/pull-requests/17/overview', 'pull-request'],
  // Gitea and Forgejo
  ['https://codeberg.org/acme/api/commit/4e5f6a7b8c9d0e1f', 'commit'],
  ['https://codeberg.org/acme/api/src/branch/main/pool.go', 'code'],
  ['https://gitea.example.com/acme/api/src/commit/4e5f6a7b/pool.go#L3', 'code'],
  ['https://codeberg.org/acme/api/pulls/12', 'pull-request'],
  ['https://forgejo.example.com/acme/api/issues/3', 'ticket'],
  // Diagrams
  ['https://app.diagrams.net/#G1AbCdEf', 'diagram'],
  ['https://viewer.diagrams.net/?highlight=0000ff#R7Vxb', 'diagram'],
  ['https://www.draw.io/?lightbox=1', 'diagram'],
  ['https://lucid.app/lucidchart/8f3a-11/edit', 'diagram'],
  ['https://www.lucidchart.com/documents/view/8f3a', 'diagram'],
  ['https://miro.com/app/board/uXjVOabc=/', 'diagram'],
  ['https://excalidraw.com/#json=abc,def', 'diagram'],
  ['https://whimsical.com/failover-flow-Abc123', 'diagram'],
  // Chat
  ['https://acme.slack.com/archives/C024BE91L/p1700000000123456', 'chat'],
  ['https://app.slack.com/client/T0001/C024BE91L', 'chat'],
  ['https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700000000', 'chat'],
  ['https://discord.com/channels/1234/5678/9012', 'chat'],
  ['https://acme.zulipchat.com/#narrow/stream/12-incidents/topic/db', 'chat'],
  ['https://mattermost.example.com/acme/pl/8xk3', 'chat'],
  // Documents
  ['https://docs.google.com/document/d/1AbC/edit?usp=sharing', 'doc'],
  ['https://drive.google.com/file/d/1AbC/view', 'doc'],
  ['https://www.notion.so/acme/Onboarding-week-1-abc123', 'doc'],
  ['https://acme.notion.site/Incident-handbook-abc', 'doc'],
  ['https://acme.atlassian.net/wiki/spaces/ENG/pages/123/Architecture', 'doc'],
  ['https://confluence.example.com/pages/viewpage.action?pageId=123', 'doc'],
  // Tickets
  ['https://acme.atlassian.net/browse/PAY-1234', 'ticket'],
  ['https://jira.example.com/browse/OPS-77', 'ticket'],
  ['https://linear.app/acme/issue/ENG-123/retry-storm', 'ticket'],
  // Anything else
  ['https://example.com/blog/what-we-learned', 'other'],
  ['https://github.com/acme', 'other'],
  ['https://github.com/acme/payments', 'other'],
];

describe('classifyUrl', () => {
  it('has a table of at least 40 real-shaped URLs', () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)('%s is %s', (url, kind) => {
    expect(classifyUrl(url)).toBe(kind);
  });

  it('knows the write-ups it tracks and the configured onboarding prefixes first', () => {
    const writeups = new Set(['https://wiki.example.com/pir/db-outage']);
    const context = {
      isWriteupUrl: (url: string) => writeups.has(url),
      onboardingPrefixes: parseOnboardingPrefixes('https://www.notion.so/acme/Onboarding, https://wiki.example.com/new-hires/'),
    };
    expect(classifyUrl('https://WIKI.example.com/pir/db-outage/#timeline', context)).toBe('writeup');
    expect(classifyUrl('https://www.notion.so/acme/Onboarding-week-1-abc123', context)).toBe('onboarding');
    expect(classifyUrl('https://wiki.example.com/new-hires/week-1', context)).toBe('onboarding');
    expect(classifyUrl('https://www.notion.so/acme/Runbooks', context)).toBe('doc');
  });
});

describe('normalizeLinkUrl', () => {
  it('makes one link of one place', () => {
    expect(normalizeLinkUrl('HTTPS://GitHub.com:443/acme/api/pull/1/#discussion')).toBe('https://github.com/acme/api/pull/1');
    expect(normalizeLinkUrl('https://docs.google.com/document/d/1/edit?usp=sharing&utm_source=x')).toBe('https://docs.google.com/document/d/1/edit');
    expect(normalizeLinkUrl('https://wiki.example.com/pages/viewpage.action?pageId=7')).toBe('https://wiki.example.com/pages/viewpage.action?pageId=7');
  });
  it('keeps an anchor that names a comment, a place of its own, and drops any other', () => {
    expect(normalizeLinkUrl('https://github.com/acme/api/issues/1#issuecomment-492700400')).toBe('https://github.com/acme/api/issues/1#issuecomment-492700400');
    expect(normalizeLinkUrl('https://github.com/acme/api/pull/2/#discussion_r191908831')).toBe('https://github.com/acme/api/pull/2#discussion_r191908831');
    expect(normalizeLinkUrl('https://github.com/acme/api/pull/2#pullrequestreview-237895671')).toBe(
      'https://github.com/acme/api/pull/2#pullrequestreview-237895671',
    );
    expect(normalizeLinkUrl('https://github.com/acme/api/discussions/90#discussioncomment-544078')).toBe(
      'https://github.com/acme/api/discussions/90#discussioncomment-544078',
    );
    expect(normalizeLinkUrl('https://github.com/acme/api/issues/1#issuecomment-1x')).toBe('https://github.com/acme/api/issues/1');
    expect(normalizeLinkUrl('https://github.com/acme/api/issues/1#event-123')).toBe('https://github.com/acme/api/issues/1');
    // The page a comment is on, to find write-ups by.
    expect(normalizeLinkUrl('https://github.com/acme/api/issues/1#issuecomment-492700400', 'page')).toBe('https://github.com/acme/api/issues/1');
  });
  it('refuses what is not http or https', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.com/x', 'file:///etc/passwd', 'not a url']) {
      expect(normalizeLinkUrl(url)).toBeNull();
    }
  });
});

describe('linkTarget', () => {
  it('takes a plain repository path only from the scanner', () => {
    expect(linkTarget({ url: 'payments/src/pool.ts', via: 'scan' })).toEqual({ url: 'payments/src/pool.ts' });
    expect(linkTarget({ url: 'payments/src/pool.ts', via: 'manual' })).toEqual({ error: 'must be an http or https URL' });
    expect(linkTarget({ url: 'javascript:alert(1)', via: 'scan' })).toEqual({ error: 'must be an http or https URL' });
  });
});
