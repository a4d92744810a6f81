import type { Store } from '../data/client';
import { listAllWriteups } from '../data/writeups';
import { mentionsOf } from '../domain/github';
import { referenceFinder } from '../domain/references';
import { registerLinkFor, type LinkSettings } from './links';

/**
 * A GitHub delivery: every place in it that mentions a write-up (its URL, a
 * copy's, or its go-link) becomes a link of that write-up, `via: "github"`.
 * Registering a place twice adds nothing, so a redelivery adds nothing.
 */
export async function linksFromGithub(store: Store, event: string, payload: unknown, settings: LinkSettings & { productUrl: string }, now: Date) {
  const mentions = mentionsOf(event, payload);
  if (mentions.length === 0) return { mentions: 0, created: 0, existing: 0 };
  const find = referenceFinder(await listAllWriteups(store), settings.productUrl);
  let created = 0;
  let existing = 0;
  for (const mention of mentions) {
    for (const writeupId of find(mention.text)) {
      const result = await registerLinkFor(store, writeupId, { url: mention.url, kind: mention.kind, via: 'github' }, settings, now);
      if (result.ok) result.created ? created++ : existing++;
    }
  }
  return { mentions: mentions.length, created, existing };
}
