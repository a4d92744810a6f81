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

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** An issue's events (and its comments') are about a pull request when the issue names one. */
const issueKind = (payload: Json): LinkKind => (obj(payload.issue).pull_request ? 'pull-request' : 'ticket');

/** A push's commits carry an API-shaped `url` on older deliveries; the page is then under the repository. */
function commitPage(commit: Json, payload: Json): string {
  const url = str(commit.url);
  if (url.includes('/commit/') && !url.includes('api.github.com')) return url;
  const repo = str(obj(payload.repository).html_url);
  return repo && str(commit.id) ? `${repo}/commit/${str(commit.id)}` : '';
}

interface EventShape {
  /** Where the places are in the payload: a dotted path to one object or a list of them. */
  at: string;
  /** The place's fields whose text is read (a title and a body, a commit's message…). */
  text: readonly string[];
  kind: LinkKind | ((payload: Json) => LinkKind);
  /** The place's page, when it is not its `html_url`. */
  page?: (place: Json, payload: Json) => string;
}

/**
 * The events this product reads, each said once: where its places are, the
 * text read in each, and the kind of link a place makes. A `deleted` action
 * of any of them registers nothing.
 */
export const GITHUB_EVENTS = {
  push: { at: 'commits', text: ['message'], kind: 'commit', page: commitPage },
  pull_request: { at: 'pull_request', text: ['title', 'body'], kind: 'pull-request' },
  pull_request_review: { at: 'review', text: ['body'], kind: 'pull-request' },
  pull_request_review_comment: { at: 'comment', text: ['body'], kind: 'pull-request' },
  pull_request_review_thread: { at: 'thread.comments', text: ['body'], kind: 'pull-request' },
  issues: { at: 'issue', text: ['title', 'body'], kind: issueKind },
  issue_comment: { at: 'comment', text: ['body'], kind: issueKind },
  commit_comment: { at: 'comment', text: ['body'], kind: 'commit' },
  discussion: { at: 'discussion', text: ['title', 'body'], kind: 'chat' },
  discussion_comment: { at: 'comment', text: ['body'], kind: 'chat' },
  release: { at: 'release', text: ['name', 'body'], kind: 'writeup' },
  gollum: { at: 'pages', text: ['title', 'summary'], kind: 'writeup' },
} as const satisfies Record<string, EventShape>;

export type GithubEvent = keyof typeof GITHUB_EVENTS;

export const isGithubEvent = (event: string): event is GithubEvent => Object.hasOwn(GITHUB_EVENTS, event);

export function mentionsOf(event: string, payload: unknown): Mention[] {
  if (!isGithubEvent(event)) return [];
  const body = obj(payload);
  if (body.action === 'deleted') return [];
  const shape: EventShape = GITHUB_EVENTS[event];
  const found = shape.at.split('.').reduce<unknown>((value, key) => obj(value)[key], body);
  const places = (Array.isArray(found) ? found : [found]).map(obj);
  const kind = typeof shape.kind === 'function' ? shape.kind(body) : shape.kind;
  return places.flatMap((place) => {
    const url = shape.page ? shape.page(place, body) : str(place.html_url);
    const text = shape.text
      .map((field) => str(place[field]))
      .filter(Boolean)
      .join('\n');
    return url && text ? [{ url, kind, text }] : [];
  });
}
