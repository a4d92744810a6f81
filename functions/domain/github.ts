import type { LinkKind } from './links';

/**
 * Where people mention write-ups on GitHub, from a webhook's event and
 * payload: each place (its `html_url`), its kind, and the text to look in.
 * Events this product does not read give nothing.
 */
export interface Mention {
  url: string;
  kind: LinkKind;
  text: string;
}

export const GITHUB_EVENTS = ['push', 'pull_request', 'issues', 'issue_comment', 'pull_request_review_comment'] as const;

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function mentionsOf(event: string, payload: unknown): Mention[] {
  const body = obj(payload);
  switch (event) {
    case 'push': {
      const commits = Array.isArray(body.commits) ? body.commits : [];
      const repo = str(obj(body.repository).html_url);
      return commits.map(obj).flatMap((commit) => {
        // A push's commits carry an API-shaped `url` on older deliveries; the page is under the repository.
        const url =
          str(commit.url).includes('/commit/') && !str(commit.url).includes('api.github.com')
            ? str(commit.url)
            : repo && str(commit.id)
              ? `${repo}/commit/${str(commit.id)}`
              : '';
        return url ? [{ url, kind: 'commit' as const, text: str(commit.message) }] : [];
      });
    }
    case 'pull_request': {
      const pr = obj(body.pull_request);
      return str(pr.html_url) ? [{ url: str(pr.html_url), kind: 'pull-request', text: `${str(pr.title)}\n${str(pr.body)}` }] : [];
    }
    case 'issues': {
      const issue = obj(body.issue);
      return str(issue.html_url) ? [{ url: str(issue.html_url), kind: 'ticket', text: `${str(issue.title)}\n${str(issue.body)}` }] : [];
    }
    case 'issue_comment': {
      const comment = obj(body.comment);
      // A comment on a pull request arrives as an issue comment whose issue names the pull request.
      const onPullRequest = Boolean(obj(body.issue).pull_request);
      return str(comment.html_url) ? [{ url: str(comment.html_url), kind: onPullRequest ? 'pull-request' : 'ticket', text: str(comment.body) }] : [];
    }
    case 'pull_request_review_comment': {
      const comment = obj(body.comment);
      return str(comment.html_url) ? [{ url: str(comment.html_url), kind: 'pull-request', text: str(comment.body) }] : [];
    }
    default:
      return [];
  }
}
