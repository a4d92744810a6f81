import { createHash } from 'node:crypto';
import * as z from 'zod';
import { MAX_URL_LENGTH } from './writeup';

export const LINK_KINDS = ['code', 'commit', 'pull-request', 'diagram', 'writeup', 'onboarding', 'chat', 'doc', 'ticket', 'other'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const LINK_VIA = ['manual', 'scan', 'referrer', 'go', 'github', 'slack'] as const;
export type LinkVia = (typeof LINK_VIA)[number];

export const linkKindSchema = z.enum(LINK_KINDS);

/** Each kind of place as a person says it (a digest's line, a picker's option). */
export const LINK_KIND_NAMES: Record<LinkKind, string> = {
  code: 'code comments',
  commit: 'commits',
  'pull-request': 'pull requests',
  diagram: 'diagrams',
  writeup: 'other write-ups',
  onboarding: 'onboarding material',
  chat: 'chat',
  doc: 'documents',
  ticket: 'tickets',
  other: 'other places',
};

/**
 * Public routes (referrers, go-link `Referer`s) find at most this many new
 * places for a write-up a day; past that, their clicks and reads count on the
 * write-up's overflow place, so made-up referrers cannot grow its links without bound.
 */
export const MAX_NEW_PLACES_A_DAY = 50;

/** The place that stands for the places past the day's limit, one per way of finding them. */
export const overflowLinkId = (via: LinkVia) => `overflow-${via}`;

/**
 * One webhook delivery (a push, a comment, a Slack message) records at most
 * this many links, found or added; it says how many more it named and left out.
 */
export const MAX_LINKS_PER_DELIVERY = 50;

/** A link a delivery names: a write-up, and the place (normalized) that mentions it. */
export interface NamedLink<P extends { url: string }> {
  writeupId: string;
  place: P;
}

/**
 * The links a delivery names, each write-up and place once, in the order it
 * names them: the first MAX_LINKS_PER_DELIVERY, and how many more it named.
 * The first ones, whether known or new, so that a redelivery takes the same
 * links again and adds nothing. Places that are not http(s) URLs are no links.
 */
export function linksNamed<P extends { url: string }>(
  mentions: Iterable<{ place: P; writeupIds: Iterable<string> }>,
): {
  taken: NamedLink<P>[];
  skipped: number;
} {
  const taken: NamedLink<P>[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const { place, writeupIds } of mentions) {
    const url = normalizeLinkUrl(place.url);
    if (!url) continue;
    for (const writeupId of writeupIds) {
      const key = `${writeupId}\n${url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (taken.length < MAX_LINKS_PER_DELIVERY) taken.push({ writeupId, place: { ...place, url } });
      else skipped++;
    }
  }
  return { taken, skipped };
}

/** A place that points at a write-up, with what was counted there. */
export interface Link {
  url: string | null;
  kind: LinkKind;
  via: LinkVia;
  /** The place that stands for places past the day's limit. */
  overflow?: boolean;
  /** Go-link clicks from it. */
  clicks: number;
  /** Reads it referred. */
  views: number;
  firstSeen: string;
  lastSeen: string;
}

interface Rule {
  kind: LinkKind;
  host?: RegExp;
  path?: RegExp;
}

const anyHost = undefined;
/**
 * URL shapes, most specific first. Forge rules match on the path shape so that
 * self-hosted GitLab, Gitea, Forgejo and Bitbucket Server are recognized too.
 */
const RULES: Rule[] = [
  // GitLab (any host): /group/sub/repo/-/commit/sha, /-/blob|tree/ref/path, /-/merge_requests/1, /-/issues/1
  { kind: 'commit', host: anyHost, path: /\/-\/commits?\/[0-9a-f]{7,40}(\/|$)/i },
  { kind: 'code', host: anyHost, path: /\/-\/(blob|tree)\// },
  { kind: 'pull-request', host: anyHost, path: /\/-\/merge_requests\/\d+/ },
  { kind: 'ticket', host: anyHost, path: /\/-\/(issues|work_items)\/\d+/ },
  // Bitbucket Cloud and Server
  { kind: 'commit', host: /(^|\.)bitbucket\.org$/, path: /^\/[^/]+\/[^/]+\/commits\/[0-9a-f]{7,40}/i },
  { kind: 'code', host: /(^|\.)bitbucket\.org$/, path: /^\/[^/]+\/[^/]+\/src\// },
  { kind: 'pull-request', host: /(^|\.)bitbucket\.org$/, path: /^\/[^/]+\/[^/]+\/pull-requests\/\d+/ },
  { kind: 'commit', host: anyHost, path: /\/projects\/[^/]+\/repos\/[^/]+\/commits\/[0-9a-f]{7,40}/i },
  { kind: 'code', host: anyHost, path: /\/projects\/[^/]+\/repos\/[^/]+\/browse(\/|$)/ },
  { kind: 'pull-request', host: anyHost, path: /\/projects\/[^/]+\/repos\/[^/]+\/pull-requests\/\d+/ },
  // GitHub, Gitea and Forgejo share /owner/repo/commit/sha and /owner/repo/issues/1
  { kind: 'commit', host: anyHost, path: /^\/[^/]+\/[^/]+\/commits?\/[0-9a-f]{7,40}(\/|$)/i },
  { kind: 'code', host: anyHost, path: /^\/[^/]+\/[^/]+\/(blob|tree|blame|raw)\/[^/]+/ },
  { kind: 'code', host: anyHost, path: /^\/[^/]+\/[^/]+\/src\/(branch|commit|tag)\// },
  { kind: 'pull-request', host: /(^|\.)github\.com$/, path: /^\/[^/]+\/[^/]+\/pull\/\d+/ },
  { kind: 'pull-request', host: anyHost, path: /^\/[^/]+\/[^/]+\/pulls\/\d+/ },
  { kind: 'pull-request', host: anyHost, path: /^\/[^/]+\/[^/]+\/pull\/\d+/ },
  { kind: 'ticket', host: anyHost, path: /^\/[^/]+\/[^/]+\/issues\/\d+/ },
  // Diagrams
  { kind: 'diagram', host: /(^|\.)(diagrams\.net|draw\.io|lucid\.app|lucidchart\.com|miro\.com|excalidraw\.com|whimsical\.com)$/ },
  // Chat
  { kind: 'chat', host: /(^|\.)(slack\.com|discord\.com|discordapp\.com|zulipchat\.com)$/ },
  { kind: 'chat', host: /^teams\.(microsoft|live)\.com$/ },
  { kind: 'chat', host: /(^|[.-])(mattermost|zulip|chat)\./ },
  // Tickets
  { kind: 'ticket', host: /(^|\.)atlassian\.net$/, path: /^\/(browse\/[A-Z][A-Z0-9_]+-\d+|jira\/)/ },
  { kind: 'ticket', host: /(^|\.)jira\./, path: /\/browse\/[A-Z][A-Z0-9_]+-\d+/ },
  { kind: 'ticket', host: /^linear\.app$/, path: /\/issue\// },
  // Documents
  { kind: 'doc', host: /^(docs|drive)\.google\.com$/ },
  { kind: 'doc', host: /(^|\.)(notion\.so|notion\.site)$/ },
  { kind: 'doc', host: /(^|\.)atlassian\.net$/, path: /^\/wiki(\/|$)/ },
  { kind: 'doc', host: /(^|[.-])(confluence|wiki)\./ },
];

export interface ClassifyContext {
  /** Normalized URLs of the write-ups the product knows. */
  isWriteupUrl?: (normalizedUrl: string) => boolean;
  /** ONBOARDING_URL_PREFIXES, normalized. */
  onboardingPrefixes?: string[];
}

/** The kind of place a URL is: a write-up, onboarding, then the table of URL shapes. */
export function classifyUrl(raw: string, context: ClassifyContext = {}): LinkKind {
  const normalized = normalizeLinkUrl(raw);
  if (!normalized) return 'other';
  if (context.isWriteupUrl?.(normalized)) return 'writeup';
  if (context.onboardingPrefixes?.some((prefix) => normalized.startsWith(prefix))) return 'onboarding';
  const url = new URL(normalized);
  const host = url.hostname.replace(/^www\./, '');
  for (const rule of RULES) {
    if (rule.host && !rule.host.test(host)) continue;
    if (rule.path && !rule.path.test(url.pathname)) continue;
    return rule.kind;
  }
  return 'other';
}

/**
 * Anchors that name a comment, a place of its own on a forge's page: GitHub's
 * (and Gitea's, Forgejo's) issue, review, commit and discussion comments, GitLab's notes.
 */
const COMMENT_ANCHOR = /^#(issuecomment-\d+|discussion_r\d+|pullrequestreview-\d+|commitcomment-\d+|discussioncomment-\d+|note_\d+)$/;

/**
 * One link per place: scheme and host lowercased, default port, fragment
 * (unless it names a comment), tracking parameters and a trailing slash
 * dropped; the rest of the query kept (old Confluence pages live in it).
 * `page` drops every fragment: the page a URL is on, to match write-ups by.
 */
export function normalizeLinkUrl(raw: string, what: 'place' | 'page' = 'place'): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const anchor = what === 'place' && COMMENT_ANCHOR.test(url.hash) ? url.hash : '';
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (/^(utm_|usp$|pvs$)/.test(key)) url.searchParams.delete(key);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  return `${url.protocol}//${url.host}${path}${url.search}${anchor}`;
}

/**
 * The URLs a page may be a write-up's under, the closest first: its own (as
 * normalizeLinkUrl keeps it), then without its query. A write-up whose URL
 * needs its query (an old Confluence page) is found by the first.
 */
export function pageUrlCandidates(raw: string): string[] {
  const own = normalizeLinkUrl(raw);
  if (!own) return [];
  const bare = own.split('?')[0]!;
  return bare === own ? [own] : [own, bare];
}

export function parseOnboardingPrefixes(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((prefix) => normalizeLinkUrl(prefix))
    .filter((prefix): prefix is string => prefix !== null);
}

/** A place in a repository without a remote: `repo/path/to/file.ts`, no scheme. */
const REPO_PATH = /^[A-Za-z0-9._-]+(\/[^\s:?#]+)+$/;

export const registerLinkSchema = z.strictObject({
  url: z.string().trim().min(1).max(MAX_URL_LENGTH).meta({ description: 'The place that points at the write-up (a pull request, a chat thread …)' }),
  kind: linkKindSchema.optional().meta({ description: 'What kind of place it is; classified from the address when unsaid' }),
  via: z.enum(['manual', 'scan']).optional().meta({ description: 'How it was found: `manual` (the default) or `scan` (the repository scanner)' }),
});

export type LinkRegistration = z.infer<typeof registerLinkSchema>;

/** The identity of a registered link, or an error message for the `url` field. */
export function linkTarget(input: { url: string; via?: LinkVia }): { url: string } | { error: string } {
  const normalized = normalizeLinkUrl(input.url);
  if (normalized) return { url: normalized };
  // Scanned repositories with no remote have no URL, only a path.
  if (input.via === 'scan' && REPO_PATH.test(input.url)) return { url: input.url };
  return { error: 'must be an http or https URL' };
}

/** A short, fixed-length id for a link's place (URLs are too long for a sort key). */
export function linkId(url: string | null, kind: LinkKind): string {
  return createHash('sha256')
    .update(url ?? `go:${kind}`)
    .digest('base64url')
    .slice(0, 22);
}
