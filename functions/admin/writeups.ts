import { Hono } from 'hono';
import * as z from 'zod';
import { addWriteup, editWriteup, findWriteup, importWriteups, pageOfWriteups } from '../services/writeups';
import { planImport, type RowProblem } from '../domain/writeup-import';
import { callerOf, setAuditTarget } from './authorize';
import { resolveRange } from '../domain/report-range';
import { createWriteupSchema, embedSnippets, patchWriteupSchema, writeupIdSchema } from '../domain/writeup';
import { createReviewSchema, reviewLinks } from '../domain/review';
import { writeupReport } from '../services/reports';
import { reviewsOf, scheduleReview } from '../services/reviews';
import { linksOf, registerLinkFor } from '../services/links';
import { registerLinkSchema } from '../domain/links';
import { jsonInput } from '../shared/body';
import { linkSettingsOf, nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { ApiError, notFound, validationFailed } from '../shared/errors';
import { issuesOf } from '../domain/validation';
import { DEFAULT_LINKS_SHOWN, MAX_LINKS_SHOWN } from '../domain/report';
import { maySeeNames } from '../domain/people';

/** How many links a report lists, busiest first. */
const linksShownSchema = z.coerce.number().int().min(1).max(MAX_LINKS_SHOWN).default(DEFAULT_LINKS_SHOWN);

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  after: writeupIdSchema.optional(),
});

/** A backlog as CSV text (the file's content), checked whole before anything is stored. */
const importSchema = z.strictObject({ csv: z.string().min(1, 'must hold the CSV file').max(60_000, 'at most 60,000 characters a request'), dryRun: z.boolean().optional() });

/** An id that cannot exist is simply not found. */
function writeupId(raw: string): string {
  const id = writeupIdSchema.safeParse(raw);
  if (!id.success) throw notFound('The write-up');
  return id.data;
}

/** `/api/writeups`: create, list, read and update write-ups; their embed snippets and report. */
export function writeupRoutes(deps: AppDeps) {
  return new Hono()
    .post('/', jsonInput(createWriteupSchema), async (c) => {
      const input = c.req.valid('json');
      const created = await addWriteup(deps.store, input, nowOf(deps));
      if (created === 'exists') throw new ApiError(409, 'conflict', `A write-up with id "${input.id}" exists already.`);
      c.header('Location', `/api/writeups/${created.id}`);
      return c.json(created, 201);
    })
    .post('/import', jsonInput(importSchema), async (c) => {
      const { csv, dryRun } = c.req.valid('json');
      const plan = planImport(csv);
      const asIssues = (problems: RowProblem[]) => problems.map((problem) => ({ path: `line ${problem.line}`, message: problem.message }));
      if (!plan.ok) throw validationFailed(asIssues(plan.problems), 'Some rows need a look; nothing was imported.');
      const rows = plan.rows.map(({ line, input }) => ({ line, ...input }));
      if (dryRun) return c.json({ dryRun: true, rows });
      const result = await importWriteups(deps.store, plan.rows, nowOf(deps));
      if (!result.ok) throw new ApiError(409, 'conflict', 'Some ids are taken; nothing was imported.', asIssues(result.problems));
      setAuditTarget(c, `${result.created} write-ups`);
      return c.json({ created: result.created, rows }, 201);
    })
    .get('/', async (c) => {
      const query = listQuerySchema.safeParse(c.req.query());
      if (!query.success) throw validationFailed(issuesOf(query.error));
      return c.json(await pageOfWriteups(deps.store, query.data));
    })
    .get('/:id', async (c) => {
      const writeup = await findWriteup(deps.store, writeupId(c.req.param('id')));
      if (!writeup) throw notFound('The write-up');
      return c.json(writeup);
    })
    .patch('/:id', jsonInput(patchWriteupSchema), async (c) => {
      const id = writeupId(c.req.param('id'));
      const patch = c.req.valid('json');
      const updated = await editWriteup(deps.store, id, patch, nowOf(deps));
      if (!updated) throw notFound('The write-up');
      return c.json(updated);
    })
    .get('/:id/embed', async (c) => {
      const writeup = await findWriteup(deps.store, writeupId(c.req.param('id')));
      if (!writeup) throw notFound('The write-up');
      return c.json(embedSnippets(publicUrlOf(deps, c.req.url), writeup.id));
    })
    .post('/:id/reviews', jsonInput(createReviewSchema), async (c) => {
      const id = writeupId(c.req.param('id'));
      const input = c.req.valid('json');
      const scheduled = await scheduleReview(deps.store, id, input, nowOf(deps));
      if (!scheduled.ok && scheduled.missing === 'writeup') throw notFound('The write-up');
      if (!scheduled.ok) {
        throw validationFailed([{ path: 'surveyTemplate', message: `no survey template "${input.surveyTemplate}"` }]);
      }
      const { review } = scheduled;
      c.header('Location', `/api/reviews/${review.id}`);
      return c.json(
        { id: review.id, ...reviewLinks(publicUrlOf(deps, c.req.url), review), startsAt: review.startsAt, anonymous: review.anonymous, surveyTemplate: `${review.template.id}@${review.template.version}` },
        201,
      );
    })
    .get('/:id/reviews', async (c) => {
      const id = writeupId(c.req.param('id'));
      const reviews = await reviewsOf(deps.store, id);
      if (!reviews) throw notFound('The write-up');
      const base = publicUrlOf(deps, c.req.url);
      return c.json({
        reviews: reviews.map(({ checkinToken: _c, surveyToken: _s, template, invitees, ...review }) => ({
          ...review,
          // Names reach facilitators and admins only: a viewer gets how many were invited.
          invitees: maySeeNames(callerOf(c)) ? invitees : invitees.length,
          surveyTemplate: `${template.id}@${template.version}`,
          ...reviewLinks(base, { checkinToken: _c, surveyToken: _s }),
        })),
      });
    })
    .post('/:id/links', jsonInput(registerLinkSchema), async (c) => {
      const id = writeupId(c.req.param('id'));
      const input = c.req.valid('json');
      const result = await registerLinkFor(deps.store, id, input, linkSettingsOf(deps), nowOf(deps));
      if (!result.ok && result.reason === 'no-writeup') throw notFound('The write-up');
      if (!result.ok) throw validationFailed([{ path: 'url', message: result.message }]);
      return c.json(result.link, result.created ? 201 : 200);
    })
    .get('/:id/links', async (c) => {
      const id = writeupId(c.req.param('id'));
      const links = await linksOf(deps.store, id);
      if (!links) throw notFound('The write-up');
      return c.json({ links });
    })
    .get('/:id/report', async (c) => {
      const id = writeupId(c.req.param('id'));
      const range = resolveRange({ from: c.req.query('from'), to: c.req.query('to') }, nowOf(deps));
      if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
      const links = linksShownSchema.safeParse(c.req.query('links'));
      if (!links.success) throw validationFailed(issuesOf(links.error).map((issue) => ({ ...issue, path: 'links' })));
      const report = await writeupReport(deps.store, id, range.range, links.data);
      if (!report) throw notFound('The write-up');
      return c.json(report);
    });
}
