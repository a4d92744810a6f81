import * as z from 'zod';
import { MAX_LINKS_PER_DELIVERY, MAX_NEW_PLACES_A_DAY } from '../domain/links';
import { json, operations, rawBody } from '../shared/operation';

/** GitHub's push, pull-request, issue and comment webhooks: a push may carry up to 2,048 commits. */
export const MAX_HOOK_BYTES = 5 * 1024 * 1024;

/** What a delivery named and did not record: one delivery records at most MAX_LINKS_PER_DELIVERY links. */
const leftOut = {
  skipped: z
    .number()
    .int()
    .optional()
    .meta({ description: `Links named and not recorded: past the ${MAX_LINKS_PER_DELIVERY} a delivery records, or new places past a write-up's day` }),
  overDayLimit: z
    .number()
    .int()
    .optional()
    .meta({ description: `Of those, new places past the ${MAX_NEW_PLACES_A_DAY} a write-up gains a day (shared with referrers and go-links)` }),
};

/** What an incident platform's delivery did. */
const platformAnswer = z.object({
  ok: z.literal(true),
  event: z.string().meta({ description: "The platform's event type" }),
  outcome: z
    .enum(['created', 'updated', 'unchanged', 'archived', 'skipped', 'ignored'])
    .optional()
    .meta({ description: 'What it did to the write-up the post-mortem is: `ignored`, an event not about a post-mortem' }),
  writeup: z.string().optional().meta({ description: 'The write-up the post-mortem is' }),
  reason: z.string().optional().meta({ description: 'Why it was skipped or ignored, or why nothing changed' }),
  duplicate: z.boolean().optional().meta({ description: 'A delivery taken before (a retry): nothing done again' }),
});

/** Where people talk, and where write-ups are born: signed webhooks that turn mentions into links and post-mortems into write-ups. */
export const hookRoutes = operations(
  'hooks',
  { name: 'hooks', description: 'Webhooks from where people talk (GitHub, Slack) and where write-ups are born (incident.io, Rootly)' },
  {
    githubHook: {
      method: 'post',
      path: '/hooks/github',
      access: 'public',
      summary:
        "GitHub's webhook: mentions of write-ups in commits, pull requests, reviews, issues, comments, discussions, releases and wiki pages become links",
      description: `Signed with the webhook secret (\`X-Hub-Signature-256\`); a redelivery adds nothing. One delivery records at most ${MAX_LINKS_PER_DELIVERY} links.`,
      request: {
        body: rawBody(
          ['application/json', 'application/x-www-form-urlencoded'],
          z.record(z.string(), z.unknown()),
          "The event's payload, as GitHub sends it: JSON, or a form whose `payload` field holds it (GitHub's default)",
        ),
      },
      responses: {
        200: json(
          z.object({
            ok: z.literal(true),
            event: z.string(),
            ignored: z.boolean().optional().meta({ description: 'An event this product does not read' }),
            delivery: z.string().nullable().optional(),
            mentions: z.number().int().optional(),
            created: z.number().int().optional(),
            existing: z.number().int().optional(),
            ...leftOut,
          }),
          'Read (or ignored): what it added',
        ),
      },
      errors: { 401: 'Not signed with the webhook secret', 404: 'The GitHub webhook is not set up here' },
    },
    slackHook: {
      method: 'post',
      path: '/hooks/slack',
      access: 'public',
      summary: "Slack's Events API: a shared link to a write-up becomes a link, and is unfurled",
      description:
        'Signed with the signing secret (`X-Slack-Signature`), refused beyond five minutes of skew. Answers at once: the permalink, the links and the unfurls are made after the answer. An event is taken once by its `event_id`: a retry of one taken adds nothing; one whose first delivery failed is taken from its retry. Direct messages and group DMs are left alone.',
      request: { body: rawBody(['application/json'], z.record(z.string(), z.unknown()), 'The event, as Slack sends it') },
      responses: {
        200: json(
          z.object({
            challenge: z.string().optional().meta({ description: 'The URL check, answered' }),
            ok: z.literal(true).optional(),
            accepted: z.boolean().optional().meta({ description: 'Taken: its links and unfurls follow' }),
            retry: z.boolean().optional().meta({ description: 'A delivery of an event taken before: nothing added' }),
            ignored: z.boolean().optional().meta({ description: 'Not a shared link of a conversation (a draft, a direct message, another event)' }),
          }),
          'Taken, a retry, or ignored',
        ),
      },
      errors: { 401: 'Not signed with the signing secret, or too old', 404: 'The Slack app is not set up here', 503: 'Not taken: Slack retries it' },
    },
    incidentIoHook: {
      method: 'post',
      path: '/hooks/incident-io',
      access: 'public',
      summary: "incident.io's webhook: a post-mortem's status change makes or updates its write-up",
      description:
        "Signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the endpoint's signing secret, refused beyond five minutes of skew. A redelivery (the same `webhook-id`) does nothing again. Other events are answered and ignored. With an API key, the post-mortem's incident gives the write-up its day and tags, and a private incident's post-mortem is read from the API.",
      request: {
        body: rawBody(['application/json'], z.record(z.string(), z.unknown()), 'The event, as incident.io sends it: `{event_type, "<event_type>": {…}}`'),
      },
      responses: { 200: json(platformAnswer, 'Registered, ignored, or a redelivery') },
      errors: {
        400: 'Signed, but not an event this product can read',
        401: 'Not signed with the signing secret, or too old or new',
        404: 'The incident.io webhook is not set up here',
        503: "incident.io's API could not be read: incident.io retries the delivery",
      },
    },
    rootlyHook: {
      method: 'post',
      path: '/hooks/rootly',
      access: 'public',
      summary: "Rootly's webhook: a post-mortem created, updated or published makes or updates its write-up; deleted archives it",
      description:
        "Signed with the endpoint's secret (`X-Rootly-Signature: t=…,v1=…`, HMAC-SHA256 of the timestamp and the body), refused beyond five minutes of skew. A redelivery (the same event id) does nothing again. Other events are answered and ignored. With an API key, the post-mortem's incident gives the write-up its tags.",
      request: {
        body: rawBody(['application/json'], z.record(z.string(), z.unknown()), 'The event, as Rootly sends it: `{event: {id, type, issued_at}, data: {…}}`'),
      },
      responses: { 200: json(platformAnswer, 'Registered, ignored, or a redelivery') },
      errors: {
        400: 'Signed, but not an event this product can read',
        401: 'Not signed with the secret, or too old or new',
        404: 'The Rootly webhook is not set up here',
        503: "Rootly's API could not be read: Rootly retries the delivery",
      },
    },
  },
);
