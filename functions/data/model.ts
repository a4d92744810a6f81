import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Entity } from 'dynamodb-toolbox/entity';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { record } from 'dynamodb-toolbox/schema/record';
import { set } from 'dynamodb-toolbox/schema/set';
import { string } from 'dynamodb-toolbox/schema/string';
import { anyOf } from 'dynamodb-toolbox/schema/anyOf';
import { nul } from 'dynamodb-toolbox/schema/nul';
import { any } from 'dynamodb-toolbox/schema/any';
import { Table } from 'dynamodb-toolbox/table';
import { prefix } from 'dynamodb-toolbox/transformers/prefix';
import type { Condition } from 'dynamodb-toolbox/entity/actions/parseCondition';
import { ROLES as ATTENDANCE_ROLES } from '../domain/attendance';
import { ROLLUP_COUNTERS } from '../domain/counts';
import { LINK_KINDS, LINK_VIA } from '../domain/links';
import { ROLES } from '../domain/people';
import { READ_PLACES, type ReadPlace } from '../domain/read-places';
import { tableDefinition as def } from './table';

/**
 * The key templates, each written once: the item types' keys below and the
 * queries in the data modules are built from these.
 */
export const keys = {
  writeup: (id: string) => ({ pk: `WRITEUP#${id}`, sk: 'WRITEUP' }),
  /** A write-up's partition: the write-up and its daily reads (`READS#{day}`). */
  writeupPartition: (id: string) => `WRITEUP#${id}`,
  /**
   * The places that point at a write-up (`LINK#{id}`), its new places a day
   * (`PLACES#{day}`) and what one reader clicked and had fetched a day
   * (`READER#{day}#{reader hash}`): apart from the write-up, so the function
   * that counts clicks may write here and never to the write-up itself.
   */
  linksPartition: (writeupId: string) => `LINKS#${writeupId}`,
  dailyReads: (day: string) => `READS#${day}`,
  newPlaces: (day: string) => `PLACES#${day}`,
  readerTally: (day: string, hash: string) => `READER#${day}#${hash}`,
  link: (linkId: string) => `LINK#${linkId}`,
  linkPrefix: 'LINK#',
  writeupList: 'WRITEUPS',
  writeupUrl: (urlHash: string) => ({ pk: `WURL#${urlHash}`, sk: 'WURL' }),
  /** Which write-up a post-mortem on an incident platform is: `WSOURCE#{platform}#{its id there}`. */
  writeupSource: (platform: string, id: string) => ({ pk: `WSOURCE#${platform}#${id}`, sk: 'WSOURCE' }),
  /** How far an incident platform's import got: `PLATFORM` / `IMPORT#{platform}`. */
  platformImport: (platform: string) => ({ pk: 'PLATFORM', sk: `IMPORT#${platform}` }),
  /** A write-up's readers on a day, one item each. */
  readersPrefix: 'READERS',
  readers: (writeupId: string, day: string) => `READERS#${writeupId}#${day}`,
  /** A write-up's reads counted by the places it lives: `PLATFORM#{writeup}` / `{PLACE}#{day}`, and `{PLACE}` (how far the import got). */
  platform: (writeupId: string) => `PLATFORM#${writeupId}`,
  /** The places' own records (addresses resolved once, problems said once), beside the incident platforms' imports. */
  platformSitePartition: 'PLATFORM',
  /** A pixel fetched by an image proxy, for a write-up on a day: `PROXIED#{writeup}#{day}` / `P#{proxy}`. */
  proxiedPrefix: 'PROXIED',
  salt: (day: string) => ({ pk: `SALT#${day}`, sk: 'SALT' }),
  /** A week's digest to one destination: `DIGEST#{first day of the week}` / `DEST#{destination}`. */
  digest: (week: string) => `DIGEST#${week}`,
  digestDestination: (destination: string) => `DEST#${destination}`,
  review: (id: string) => ({ pk: `REVIEW#${id}`, sk: 'REVIEW' }),
  reviewPartition: (id: string) => `REVIEW#${id}`,
  singleUseLinks: (reviewId: string) => `REVIEW#${reviewId}#ONCE`,
  attendee: (nameKey: string) => `ATTENDEE#${nameKey}`,
  attendeePrefix: 'ATTENDEE#',
  followUps: 'FOLLOWUPS',
  response: (id: string) => `RESPONSE#${id}`,
  writeupReviews: (writeupId: string) => `WRITEUP#${writeupId}#REVIEWS`,
  writeupResponses: (writeupId: string) => `WRITEUP#${writeupId}#RESPONSES`,
  token: (token: string) => ({ pk: `TOKEN#${token}`, sk: 'TOKEN' }),
  template: (id: string) => `TEMPLATE#${id}`,
  templateVersion: (version: number) => `V#${pad(version)}`,
  templateVersionPrefix: 'V#',
  templateList: 'TEMPLATES',
  org: 'ORG',
  orgDay: (day: string) => `DAY#${day}`,
  orgMonth: (month: string, writeupId: string) => `MONTH#${month}#${writeupId}`,
  stream: (shardId: string) => `STREAM#${shardId}`,
  checkpoint: (lane: string) => `CHECKPOINT#${lane}`,
  checkpointPrefix: 'CHECKPOINT#',
  person: (email: string) => ({ pk: `PERSON#${email}`, sk: 'PERSON' }),
  peopleList: 'PEOPLE',
  /** Sessions by the hash of their cookie; a person's sessions through gsi1. */
  session: (hash: string) => ({ pk: `SESSION#${hash}`, sk: 'SESSION' }),
  sessionsOf: (holder: string) => `SESSIONS#${holder}`,
  apiToken: (id: string) => ({ pk: `APITOKEN#${id}`, sk: 'APITOKEN' }),
  /** One owner's tokens (an e-mail, or "admin token") through gsi1: a listing reads only the caller's. */
  apiTokensOf: (owner: string) => `APITOKENS#${owner}`,
  /** Where every token was listed before tokens were listed per owner: read only to move what is still there. */
  legacyApiTokenList: 'APITOKENS',
  /** Everyone who holds tokens, one item each, in order: an admin's list walks them. */
  apiTokenOwners: 'APITOKENOWNERS',
  apiTokenOwner: (owner: string) => ({ pk: 'APITOKENOWNERS', sk: `OWNER#${owner}` }),
  apiTokenOwnerPrefix: 'OWNER#',
  /** The audit trail, a partition a month, in time order. */
  auditTrail: 'AUDIT',
  signIn: (state: string) => ({ pk: `SIGNIN#${state}`, sk: 'SIGNIN' }),
  hookEvent: (source: string, eventId: string) => ({ pk: `HOOKEVENT#${source}#${eventId}`, sk: 'EVENT' }),
};

/** The index's keys: written with the item, never part of what it reads as. */
const indexKey = () => string().hidden();

const counter = () => number().optional();
/** Counters, each an optional number, named by the domain. */
const counters = <N extends string>(names: readonly N[]) =>
  Object.fromEntries(names.map((name) => [name, counter()])) as { [K in N]: ReturnType<typeof counter> };

/**
 * Every item type of the one table, each declared once: its key template, its
 * index keys, its attributes and their types. Items carry no entity or
 * timestamp attributes of the library's own, so the layout is the one the
 * data table in docs/data-layout.md shows. Facts (what happened) are written by the request
 * paths; rollups (what they add up to) only by the stream consumer.
 *
 * Every schema is strict: a write naming an attribute its item type does not
 * declare throws at once, with the attribute's name, where the library would
 * otherwise drop it silently (a counter nobody declared would never count).
 * Code reads its item types from here (`FormattedItem<Model['person']>`).
 */
export function buildModel(documentClient: DynamoDBDocumentClient, name: string) {
  const table = new Table({
    name,
    documentClient,
    partitionKey: { name: def.partitionKey, type: 'string' },
    sortKey: { name: def.sortKey, type: 'string' },
    indexes: {
      gsi1: { type: 'global', partitionKey: { name: 'gsi1pk', type: 'string' }, sortKey: { name: 'gsi1sk', type: 'string' } },
    },
  });
  const plain = { table, timestamps: false, entityAttribute: false } as const;

  /** A post-incident write-up: `WRITEUP#{id}` / `WRITEUP`; all listed through gsi1 `WRITEUPS` / `{id}`. */
  const writeup = new Entity({
    ...plain,
    name: 'writeup',
    schema: item({
      id: string().key(),
      title: string(),
      url: string(),
      incidentDate: string().optional(),
      publishedAt: string().optional(),
      tags: list(string()),
      copies: list(string()).optional(),
      createdAt: string(),
      updatedAt: string(),
      /** Archived: out of lists, pickers and the digest; its facts stay and count. */
      archivedAt: string().optional(),
      /** Born on an incident platform: which, its id there, its page there, and when the platform last changed it. */
      source: map({ platform: string(), id: string(), url: string().optional(), updatedAt: string().optional(), byHand: boolean().optional() })
        .strict()
        .optional(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(() => keys.writeupList),
        gsi1sk: indexKey().link<typeof schema>(({ id }) => id),
      })),
    computeKey: ({ id }: { id: string }) => keys.writeup(id),
  });

  /** Which write-up lives at a URL: `WURL#{hash of the normalized URL}` / `WURL`. */
  const writeupUrl = new Entity({
    ...plain,
    name: 'writeupUrl',
    schema: item({ urlHash: string().key(), writeupId: string() }).strict(),
    computeKey: ({ urlHash }: { urlHash: string }) => keys.writeupUrl(urlHash),
  });

  /** Which write-up a post-mortem is: one per document, whatever delivers it, so it is never registered twice. */
  const writeupSource = new Entity({
    ...plain,
    name: 'writeupSource',
    schema: item({ platform: string().key(), sourceId: string().key(), writeupId: string() }).strict(),
    computeKey: ({ platform, sourceId }: { platform: string; sourceId: string }) => keys.writeupSource(platform, sourceId),
  });

  /**
   * An incident platform's import: where a backfill or the daily pull stopped (`cursor`, with the `since` it
   * was asked for), and when the last one that went to the end began (the next daily pull starts there).
   */
  const platformImport = new Entity({
    ...plain,
    name: 'platformImport',
    schema: item({
      platform: string().key(),
      since: string().optional(),
      cursor: string().optional(),
      startedAt: string().optional(),
      completedFrom: string().optional(),
      updatedAt: string(),
    }).strict(),
    computeKey: ({ platform }: { platform: string }) => keys.platformImport(platform),
  });

  /**
   * A reader's day with a write-up, the one fact a beacon writes:
   * `READERS#{writeup}#{day}` / `R#{reader hash}`, its key attributes stored in
   * the key alone so a beacon's write sets nothing else. `visits` and `engaged`
   * hold short hashes of the visit ids seen and engaged (each set bounded),
   * `scroll` the engaged reads' scroll depths summed; a visit from another
   * site adds to `refs` and leaves `ref` (the site) and `seenAt` (its time).
   * Kept a little over a month, so a recount can prove a month.
   */
  const readerDay = new Entity({
    ...plain,
    name: 'readerDay',
    schema: item({
      /** `{writeup}#{day}`. */
      writeupDay: string().key().savedAs('pk').transform(prefix(keys.readersPrefix)),
      hash: string().key().savedAs('sk').transform(prefix('R')),
      visits: set(string()).optional(),
      engaged: set(string()).optional(),
      scroll: number().optional(),
      refs: number().optional(),
      ref: string().optional(),
      seenAt: string().optional(),
      expiresAt: number(),
    }).strict(),
  });

  /**
   * Pixel fetches by an image proxy: `PROXIED#{writeup}#{day}` / `P#{proxy}`,
   * a count that only grows (the fact; its rollups follow on the stream).
   */
  const proxiedFetch = new Entity({
    ...plain,
    name: 'proxiedFetch',
    schema: item({
      writeupDay: string().key().savedAs('pk').transform(prefix(keys.proxiedPrefix)),
      proxy: string().key().savedAs('sk').transform(prefix('P')),
      fetches: number(),
      expiresAt: number(),
    }).strict(),
  });

  /**
   * What a place write-ups live (Confluence, Google Workspace, Microsoft 365) counted itself, one set
   * of entities a place, keyed under its name (`READ_PLACES[place].key`, e.g. `CONFLUENCE`):
   * - a day of a write-up's reads there: `PLATFORM#{writeup}` / `{PLACE}#{day}`;
   * - how far a write-up's import got: `PLATFORM#{writeup}` / `{PLACE}`;
   * - where an address there leads, as the place said once (a Confluence tiny link's page, a SharePoint
   *   URL's drive item): `PLATFORM` / `{PLACE}#X#{code}`;
   * - the place's own problem that stopped its imports (said once): `PLATFORM` / `{PLACE}#SITE`.
   * `pageId` is the document's id there: a Confluence page, a Drive file, a drive item (`{drive}/{item}`).
   */
  const placeEntities = (place: ReadPlace) => {
    const key = READ_PLACES[place].key;
    return {
      day: new Entity({
        ...plain,
        name: `${place}Day`,
        schema: item({ writeupId: string().key(), day: string().key(), pageId: string(), views: number(), viewers: number() }).strict(),
        computeKey: ({ writeupId, day }: { writeupId: string; day: string }) => ({ pk: keys.platform(writeupId), sk: `${key}#${day}` }),
      }),
      state: new Entity({
        ...plain,
        name: `${place}State`,
        schema: item({ writeupId: string().key(), pageId: string(), lastDay: string(), updatedAt: string() }).strict(),
        computeKey: ({ writeupId }: { writeupId: string }) => ({ pk: keys.platform(writeupId), sk: key }),
      }),
      address: new Entity({
        ...plain,
        name: `${place}Address`,
        schema: item({ code: string().key(), pageId: string(), at: string() }).strict(),
        computeKey: ({ code }: { code: string }) => ({ pk: keys.platformSitePartition, sk: `${key}#X#${code}` }),
      }),
      site: new Entity({
        ...plain,
        name: `${place}Site`,
        schema: item({ site: string().key(), problem: string(), at: string() }).strict(),
        computeKey: () => ({ pk: keys.platformSitePartition, sk: `${key}#SITE` }),
      }),
    };
  };
  const readPlaces = {
    confluence: placeEntities('confluence'),
    google: placeEntities('google'),
    microsoft: placeEntities('microsoft'),
  } satisfies Record<ReadPlace, unknown>;

  /**
   * A week's digest to one destination, claimed before sending and marked after:
   * `DIGEST#{week}` / `DEST#{destination}`. Its status says what happened
   * (sending, sent, failed, empty) and it keeps every try's count.
   */
  const digestSend = new Entity({
    ...plain,
    name: 'digestSend',
    schema: item({
      week: string().key(),
      destination: string().key(),
      status: string().enum('sending', 'sent', 'failed', 'empty'),
      attempts: number(),
      claim: string(),
      claimedAt: string(),
      updatedAt: string(),
      sentAt: string().optional(),
      error: string().optional(),
      /** When a failed send may be tried again by the schedule; absent once it waits for a person. */
      nextTryAt: string().optional(),
      detail: string().optional(),
    }).strict(),
    computeKey: ({ week, destination }: { week: string; destination: string }) => ({ pk: keys.digest(week), sk: keys.digestDestination(destination) }),
  });

  /** The day's secret salt for reader hashes: `SALT#{day}` / `SALT`, expiring two days after. */
  const salt = new Entity({
    ...plain,
    name: 'salt',
    schema: item({ day: string().key(), salt: string(), expiresAt: number() }).strict(),
    computeKey: ({ day }: { day: string }) => keys.salt(day),
  });

  /** A review meeting: `REVIEW#{id}` / `REVIEW`; a write-up's reviews through gsi1 `WRITEUP#{id}#REVIEWS` / `{startsAt}#{id}`. */
  const review = new Entity({
    ...plain,
    name: 'review',
    schema: item({
      id: string().key(),
      writeupId: string(),
      title: string().optional(),
      startsAt: string(),
      invitees: list(string()),
      anonymous: boolean(),
      template: map({ id: string(), version: number(), title: string(), questions: list(any()) }).strict(),
      checkinToken: string(),
      surveyToken: string(),
      createdAt: string(),
      checkinReopenedUntil: string().optional(),
      timeZone: string().optional(),
      durationMinutes: number().optional(),
      invitations: list(map({ name: string(), email: string() }).strict()).optional(),
      organizer: string().optional(),
      sequence: number().optional(),
      /** Cancelled: its links answer 410, and nothing of it counts. */
      cancelledAt: string().optional(),
      /** Its invitation was mailed to the invitees with an address: changes and a cancellation are mailed too. */
      invitedAt: string().optional(),
      /** Each invitee was mailed a single-use survey link then. */
      surveyMailedAt: string().optional(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(({ writeupId }) => keys.writeupReviews(writeupId)),
        gsi1sk: indexKey().link<typeof schema>(({ startsAt, id }) => `${startsAt}#${id}`),
      })),
    computeKey: ({ id }: { id: string }) => keys.review(id),
  });

  /** A check-in or survey link: `TOKEN#{token}` / `TOKEN`. A spent single-use one keeps a hash of the form that spent it. */
  const linkToken = new Entity({
    ...plain,
    name: 'linkToken',
    schema: item({
      token: string().key(),
      kind: string().enum('checkin', 'survey', 'survey-once'),
      reviewId: string(),
      used: boolean().optional(),
      usedBy: string().optional(),
      /** Single-use links, listed per review through gsi1 `REVIEW#{id}#ONCE` / `{mintedAt}#{token}`. */
      mintedAt: string().optional(),
      gsi1pk: indexKey().optional(),
      gsi1sk: indexKey().optional(),
    }).strict(),
    computeKey: ({ token }: { token: string }) => keys.token(token),
  });

  /** A person at a review: `REVIEW#{id}` / `ATTENDEE#{name, folded}`; check-ins and the facilitator's record merge here. */
  const attendee = new Entity({
    ...plain,
    name: 'attendee',
    schema: item({
      reviewId: string().key(),
      nameKey: string().key(),
      name: string(),
      /** As the person said at check-in, or as the invitee list says. */
      invited: boolean().optional(),
      role: string()
        .enum(...ATTENDANCE_ROLES)
        .optional(),
      /** As the facilitator recorded it: wins over the check-in's. */
      facilitatorInvited: boolean().optional(),
      facilitatorRole: string()
        .enum(...ATTENDANCE_ROLES)
        .optional(),
      participated: boolean().optional(),
      checkedIn: boolean().optional(),
      updatedAt: string().optional(),
      /** The day it counts on, its review's (set with every write, moved with the review); absent on records from before. */
      day: string().optional(),
      /** Its review was cancelled: counted nowhere. */
      uncounted: boolean().optional(),
    }).strict(),
    computeKey: ({ reviewId, nameKey }: { reviewId: string; nameKey: string }) => ({ pk: keys.reviewPartition(reviewId), sk: keys.attendee(nameKey) }),
  });

  /**
   * A survey response: `REVIEW#{id}` / `RESPONSE#{id}`; a write-up's through gsi1
   * `WRITEUP#{id}#RESPONSES` / `{submittedAt}#{id}`. An anonymous one keeps only
   * the day it came, so within a day they sort by id, which says nothing of when.
   */
  const response = new Entity({
    ...plain,
    name: 'response',
    schema: item({
      reviewId: string().key(),
      id: string().key(),
      writeupId: string(),
      template: map({ id: string(), version: number() }).strict(),
      answers: record(string(), anyOf(string(), number(), list(string()))),
      name: string().optional(),
      submittedAt: string(),
      /** Its review was cancelled: counted nowhere. */
      uncounted: boolean().optional(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(({ writeupId }) => keys.writeupResponses(writeupId)),
        gsi1sk: indexKey().link<typeof schema>(({ submittedAt, id }) => `${submittedAt}#${id}`),
      })),
    computeKey: ({ reviewId, id }: { reviewId: string; id: string }) => ({ pk: keys.reviewPartition(reviewId), sk: keys.response(id) }),
  });

  /** A survey template's version, never changed once written: `TEMPLATE#{id}` / `V#{version, 6 digits}`; all through gsi1 `TEMPLATES`. */
  const template = new Entity({
    ...plain,
    name: 'template',
    schema: item({
      id: string().key(),
      version: number().key(),
      title: string(),
      questions: list(any()),
      createdAt: string(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(() => keys.templateList),
        gsi1sk: indexKey().link<typeof schema>(({ id, version }) => `${id}#${pad(version)}`),
      })),
    computeKey: ({ id, version }: { id: string; version: number }) => ({ pk: keys.template(id), sk: keys.templateVersion(version) }),
  });

  /**
   * A place that points at a write-up: `LINKS#{id}` / `LINK#{hash of its URL}`.
   * `clicks` counts go-link clicks from it (added by the click itself), `views`
   * the reads it referred (added by the stream consumer).
   */
  const link = new Entity({
    ...plain,
    name: 'link',
    schema: item({
      writeupId: string().key(),
      linkId: string().key(),
      url: anyOf(string(), nul()).optional(),
      kind: string().enum(...LINK_KINDS),
      via: string().enum(...LINK_VIA),
      clicks: number().optional(),
      views: number().optional(),
      overflow: boolean().optional(),
      firstSeen: string(),
      lastSeen: string(),
    }).strict(),
    computeKey: ({ writeupId, linkId }: { writeupId: string; linkId: string }) => ({ pk: keys.linksPartition(writeupId), sk: keys.link(linkId) }),
  });

  /** How many new places public routes found for a write-up on a day: `LINKS#{id}` / `PLACES#{day}`. */
  const newPlaces = new Entity({
    ...plain,
    name: 'newPlaces',
    schema: item({ writeupId: string().key(), day: string().key(), count: number().optional(), expiresAt: number() }).strict(),
    computeKey: ({ writeupId, day }: { writeupId: string; day: string }) => ({ pk: keys.linksPartition(writeupId), sk: keys.newPlaces(day) }),
  });

  /**
   * One reader's go-link clicks and image-proxy fetches of a write-up on a day,
   * each bounded as its visits are: `LINKS#{id}` / `READER#{day}#{reader hash}`.
   * Not a fact (the click and the fetch count where they always did); gone
   * with the day's salt, after which the hash leads nowhere.
   */
  const readerTally = new Entity({
    ...plain,
    name: 'readerTally',
    schema: item({
      writeupId: string().key(),
      day: string().key(),
      hash: string().key(),
      clicks: number().optional(),
      fetches: number().optional(),
      expiresAt: number(),
    }).strict(),
    computeKey: ({ writeupId, day, hash }: { writeupId: string; day: string; hash: string }) => ({
      pk: keys.linksPartition(writeupId),
      sk: keys.readerTally(day, hash),
    }),
  });

  /** Rollup, a write-up's reads on a day: `WRITEUP#{id}` / `READS#{day}`, its counters from the domain's (`proxied:github`, …). */
  const dailyReads = new Entity({
    ...plain,
    name: 'dailyReads',
    schema: item({
      writeupId: string().key(),
      date: string().key(),
      ...counters(ROLLUP_COUNTERS.dailyReads),
    }).strict(),
    computeKey: ({ writeupId, date }: { writeupId: string; date: string }) => ({ pk: keys.writeupPartition(writeupId), sk: keys.dailyReads(date) }),
  });

  /**
   * Rollups of the organization, all under `ORG`, small so an update costs one
   * write unit: `DAY#{day}` the day's totals (counters named `views`,
   * `links:commit`, `learned:yes`, …, from the domain's), `MONTH#{yyyy-mm}#{writeup}` a write-up's month.
   */
  const orgPeriod = new Entity({
    ...plain,
    name: 'orgPeriod',
    schema: item({
      sk: string().key(),
      period: string(),
      writeupId: string().optional(),
      ...counters(ROLLUP_COUNTERS.orgPeriod),
      /** A write-up's month: the last day it was read, as a number (20260131). */
      lastRead: number().optional(),
    }).strict(),
    computeKey: ({ sk }: { sk: string }) => ({ pk: keys.org, sk }),
  });

  /**
   * How far the stream consumer got in a shard: `STREAM#{shard}` / `CHECKPOINT#{lane}`,
   * one per lane of rollups, and `CHECKPOINT#all` once a whole batch is counted
   * (where reading resumes). `seq` is zero-padded to compare as text,
   * `sequenceNumber` as the stream wrote it.
   */
  const checkpoint = new Entity({
    ...plain,
    name: 'checkpoint',
    schema: item({ shardId: string().key(), lane: string().key(), seq: string(), sequenceNumber: string(), updatedAt: string() }).strict(),
    computeKey: ({ shardId, lane }: { shardId: string; lane: string }) => ({ pk: keys.stream(shardId), sk: keys.checkpoint(lane) }),
  });

  /** A person who signed in, or whom an admin gave a role: `PERSON#{email}` / `PERSON`; all through gsi1 `PEOPLE` / `{email}`. */
  const person = new Entity({
    ...plain,
    name: 'person',
    schema: item({
      email: string().key(),
      name: string(),
      /** As the groups (or ADMIN_EMAILS) said at the last sign-in. */
      groupRole: string().enum(...ROLES),
      /** As an admin set it: wins over the groups. */
      assignedRole: string()
        .enum(...ROLES)
        .optional(),
      createdAt: string(),
      lastSignInAt: string().optional(),
      /**
       * The identity provider's issuer and subject the person first signed in
       * with; a sign-in with this e-mail from another account is refused. Absent
       * until the first sign-in: a person an admin added, or one recorded by a
       * version that kept no binding, is bound at their next sign-in.
       */
      iss: string().optional(),
      sub: string().optional(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(() => keys.peopleList),
        gsi1sk: indexKey().link<typeof schema>(({ email }) => email),
      })),
    computeKey: ({ email }: { email: string }) => keys.person(email),
  });

  /**
   * A dashboard session: `SESSION#{hash of the cookie}` / `SESSION`, with the
   * role it acts with (kept in step with the person's), so a request costs one
   * read; expiring with `expiresAt`. A holder's sessions through gsi1
   * `SESSIONS#{email, or "admin-token"}` / `{createdAt}`.
   */
  const session = new Entity({
    ...plain,
    name: 'session',
    schema: item({
      hash: string().key(),
      holder: string(),
      email: string().optional(),
      name: string(),
      role: string().enum(...ROLES),
      /** For a login with the admin token: a hash of it, so a new token ends the session. */
      adminTokenHash: string().optional(),
      createdAt: string(),
      expiresAt: number(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(({ holder }) => keys.sessionsOf(holder)),
        gsi1sk: indexKey().link<typeof schema>(({ createdAt }) => createdAt),
      })),
    computeKey: ({ hash }: { hash: string }) => keys.session(hash),
  });

  /**
   * A personal API token: `APITOKEN#{id}` / `APITOKEN`, holding only a hash of
   * its secret; an owner's through gsi1 `APITOKENS#{owner}` / `{createdAt}#{id}`.
   * Removed 30 days after it ends (`expiresAt`), so lists show ended ones for a while.
   */
  const apiToken = new Entity({
    ...plain,
    name: 'apiToken',
    schema: item({
      id: string().key(),
      name: string(),
      owner: string(),
      role: string().enum(...ROLES),
      secretHash: string(),
      createdAt: string(),
      validUntil: string(),
      lastUsedAt: string().optional(),
      revokedAt: string().optional(),
      /** For a token made with the admin token: a hash of it, so a new admin token ends the token. */
      adminTokenHash: string().optional(),
      expiresAt: number(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(({ owner }) => keys.apiTokensOf(owner)),
        gsi1sk: indexKey().link<typeof schema>(({ createdAt, id }) => `${createdAt}#${id}`),
      })),
    computeKey: ({ id }: { id: string }) => keys.apiToken(id),
  });

  /**
   * Someone who holds tokens: `APITOKENOWNERS` / `OWNER#{owner}`, with the ids
   * of their live tokens (a slot each, taken under a condition on their number,
   * so requests at once cannot pass the limit). An admin's list of everyone's
   * tokens walks these owners in order.
   */
  const apiTokenOwner = new Entity({
    ...plain,
    name: 'apiTokenOwner',
    schema: item({ owner: string().key(), live: set(string()).optional() }).strict(),
    computeKey: ({ owner }: { owner: string }) => keys.apiTokenOwner(owner),
  });

  /**
   * One change: `AUDIT#{month}` / `{at}#{id}`, never changed afterwards; the
   * whole trail in time order through gsi1 `AUDIT` / `{at}#{id}` (changes are
   * few next to reads, so one index partition holds them).
   */
  const audit = new Entity({
    ...plain,
    name: 'audit',
    schema: item({
      month: string().key().savedAs('pk').transform(prefix('AUDIT')),
      sk: string().key(),
      at: string(),
      actor: string(),
      action: string(),
      target: string(),
      route: string(),
      status: number(),
    })
      .strict()
      .and((schema) => ({
        gsi1pk: indexKey().link<typeof schema>(() => keys.auditTrail),
        gsi1sk: indexKey().link<typeof schema>(({ sk }) => sk),
      })),
  });

  /** A sign-in under way: `SIGNIN#{state}` / `SIGNIN`, taken once by the callback, gone after ten minutes. */
  /**
   * A webhook event taken for work (Slack's `event_id`): `HOOKEVENT#{source}#{id}` / `EVENT`, so a retry of it adds
   * nothing twice. Kept a day, longer than Slack retries (three tries within the hour).
   */
  const hookEvent = new Entity({
    ...plain,
    name: 'hookEvent',
    schema: item({ source: string().key(), eventId: string().key(), takenAt: string(), expiresAt: number() }).strict(),
    computeKey: ({ source, eventId }: { source: string; eventId: string }) => keys.hookEvent(source, eventId),
  });

  /**
   * A review's mail to send later (its single-use survey links after it ends, one reminder two days on):
   * `FOLLOWUPS` / `{due}#{review}#{kind}`, read in order of when it is due; `claimedAt` while one sender works on it.
   */
  const followUp = new Entity({
    ...plain,
    name: 'followUp',
    schema: item({
      due: string().key(),
      reviewId: string().key(),
      kind: string().key().enum('survey', 'reminder'),
      claimedAt: string().optional(),
    }).strict(),
    computeKey: ({ due, reviewId, kind }: { due: string; reviewId: string; kind: string }) => ({ pk: keys.followUps, sk: `${due}#${reviewId}#${kind}` }),
  });

  const signIn = new Entity({
    ...plain,
    name: 'signIn',
    schema: item({ state: string().key(), verifier: string(), nonce: string(), next: string(), expiresAt: number() }).strict(),
    computeKey: ({ state }: { state: string }) => keys.signIn(state),
  });

  return {
    table,
    writeup,
    writeupUrl,
    writeupSource,
    platformImport,
    readerDay,
    proxiedFetch,
    readPlaces,
    digestSend,
    salt,
    review,
    linkToken,
    attendee,
    response,
    template,
    link,
    newPlaces,
    readerTally,
    dailyReads,
    orgPeriod,
    checkpoint,
    person,
    session,
    apiToken,
    apiTokenOwner,
    audit,
    signIn,
    hookEvent,
    followUp,
  };
}

export type Model = ReturnType<typeof buildModel>;

export const pad = (version: number) => String(version).padStart(6, '0');

/**
 * One reader's visits to a write-up on one day stay under this bound: past
 * it a new visit is refused, so a flood of made-up visit ids from one address
 * can neither grow an item toward DynamoDB's 400 KB nor add more than this many
 * views and engaged reads a day. Its go-link clicks and image-proxy fetches
 * are bounded the same (`readerTally`).
 */
export const MAX_VISITS_PER_READER_DAY = 200;

type ReaderDay = Model['readerDay'];
const roomFor = {
  visits: {
    or: [
      { attr: 'visits', exists: false },
      { size: 'visits', lt: MAX_VISITS_PER_READER_DAY },
    ],
  },
  engaged: {
    or: [
      { attr: 'engaged', exists: false },
      { size: 'engaged', lt: MAX_VISITS_PER_READER_DAY },
    ],
  },
} satisfies Record<string, Condition<ReaderDay>>;

const roomInTally = {
  clicks: {
    or: [
      { attr: 'clicks', exists: false },
      { attr: 'clicks', lt: MAX_VISITS_PER_READER_DAY },
    ],
  },
  fetches: {
    or: [
      { attr: 'fetches', exists: false },
      { attr: 'fetches', lt: MAX_VISITS_PER_READER_DAY },
    ],
  },
} satisfies Record<string, Condition<Model['readerTally']>>;

/** The conditions the item types are written under, by name. */
export const conditions = {
  /** Nothing there yet at this key: an item always has its key attributes, so one of them missing says so. */
  absent: <A extends string>(keyAttribute: A) => ({ attr: keyAttribute, exists: false }) as const,
  /** Something there at this key. */
  present: <A extends string>(keyAttribute: A) => ({ attr: keyAttribute, exists: true }) as const,
  /** A visit the reader's day has not seen, with room for it. */
  newVisit: (visit: string): Condition<ReaderDay> => ({ and: [{ not: { attr: 'visits', contains: visit } }, roomFor.visits] }),
  /** One more go-link click or image-proxy fetch by a reader whose day has room for it. */
  roomInTally: (tally: keyof typeof roomInTally): Condition<Model['readerTally']> => roomInTally[tally],
  /** An engaged read not counted yet, with room for it (and for its visit, when new). */
  newEngagedRead: (visit: string): Condition<ReaderDay> => ({
    and: [{ not: { attr: 'engaged', contains: visit } }, roomFor.engaged, { or: [{ attr: 'visits', contains: visit }, roomFor.visits] }],
  }),
};
