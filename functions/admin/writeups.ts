import { addWriteup, archiveWriteup, deleteWriteup, editWriteup, findWriteup, importWriteups, pageOfWriteups, restoreWriteup } from '../services/writeups';
import { planImport, type RowProblem } from '../domain/writeup-csv';
import { callerOf, reviewAuditTarget, setAuditTarget } from './authorize';
import { resolveRange } from '../domain/report-range';
import { embedSnippets } from '../domain/writeup';
import { reviewLinks, reviewShown } from '../domain/review';
import { writeupReport } from '../services/reports';
import { reviewsOf, scheduleReview } from '../services/reviews';
import { linksOf, registerLinkFor, removeLinkOf } from '../services/links';
import { linkSettingsOf, nowOf, publicUrlOf, type AppDeps } from '../shared/deps';
import { ApiError, notFound, validationFailed } from '../shared/errors';
import { group } from '../shared/app';
import { maySeeNames } from '../domain/people';
import { plural } from '../domain/words';
import { writeupRoutes } from './writeups.routes';

const asIssues = (problems: RowProblem[]) => problems.map((problem) => ({ path: `line ${problem.line}`, message: problem.message }));

/** `/api/writeups`: create, list, read and update write-ups; their embed snippets, links, reviews and report. */
export const writeupHandlers = (deps: AppDeps) =>
  group(writeupRoutes, {
    listWriteups: async (c) => c.json(await pageOfWriteups(deps.store, c.req.valid('query')), 200),

    createWriteup: async (c) => {
      const input = c.req.valid('json');
      const created = await addWriteup(deps.store, input, nowOf(deps));
      if (created === 'exists') throw new ApiError(409, 'conflict', `A write-up with id "${input.id}" exists already.`);
      c.header('Location', `/api/writeups/${created.id}`);
      return c.json(created, 201);
    },

    importWriteups: async (c) => {
      const { csv, dryRun } = c.req.valid('json');
      const plan = planImport(csv);
      if (!plan.ok) throw validationFailed(asIssues(plan.problems), 'Some rows need a look; nothing was imported.');
      const result = await importWriteups(deps.store, plan.rows, nowOf(deps), { dryRun });
      if (!result.ok) throw new ApiError(409, 'conflict', 'Some ids are taken; nothing was imported.', asIssues(result.problems));
      const rows = plan.rows.map(({ line, input }) => ({ line, ...input }));
      if (dryRun) {
        setAuditTarget(c, `${plural(rows.length, 'write-up')} checked, none imported`);
        return c.json({ dryRun: true as const, rows }, 200);
      }
      setAuditTarget(c, plural(result.created, 'write-up'));
      return c.json({ created: result.created, rows }, 201);
    },

    getWriteup: async (c) => {
      const writeup = await findWriteup(deps.store, c.req.valid('param').id);
      if (!writeup) throw notFound('The write-up');
      return c.json(writeup, 200);
    },

    updateWriteup: async (c) => {
      const updated = await editWriteup(deps.store, c.req.valid('param').id, c.req.valid('json'), nowOf(deps));
      if (!updated) throw notFound('The write-up');
      return c.json(updated, 200);
    },

    archiveWriteup: async (c) => {
      const archived = await archiveWriteup(deps.store, c.req.valid('param').id, nowOf(deps));
      if (!archived) throw notFound('The write-up');
      return c.json(archived, 200);
    },

    restoreWriteup: async (c) => {
      const restored = await restoreWriteup(deps.store, c.req.valid('param').id);
      if (!restored) throw notFound('The write-up');
      return c.json(restored, 200);
    },

    deleteWriteup: async (c) => {
      const deleted = await deleteWriteup(deps.store, c.req.valid('param').id, nowOf(deps));
      if (!deleted) throw notFound('The write-up');
      setAuditTarget(c, `${deleted.writeup.id} (“${deleted.writeup.title}”)`);
      const { writeup, ...rest } = deleted;
      return c.json({ deleted: writeup.id, ...rest }, 200);
    },

    removeLink: async (c) => {
      const { id } = c.req.valid('param');
      const { url } = c.req.valid('query');
      const removed = await removeLinkOf(deps.store, id, url);
      if (!removed) throw notFound('That place');
      setAuditTarget(c, `${removed.url ?? url} (write-up ${id})`);
      return c.json({ removed }, 200);
    },

    writeupEmbed: async (c) => {
      const writeup = await findWriteup(deps.store, c.req.valid('param').id);
      if (!writeup) throw notFound('The write-up');
      return c.json(embedSnippets(publicUrlOf(deps, c.req.url), writeup.id), 200);
    },

    writeupReport: async (c) => {
      const { from, to, links } = c.req.valid('query');
      const range = resolveRange({ from, to }, nowOf(deps));
      if (!range.ok) throw validationFailed([{ path: range.path, message: range.message }]);
      const report = await writeupReport(deps.store, c.req.valid('param').id, range.range, links);
      if (!report) throw notFound('The write-up');
      return c.json(report, 200);
    },

    writeupLinks: async (c) => {
      const links = await linksOf(deps.store, c.req.valid('param').id);
      if (!links) throw notFound('The write-up');
      return c.json({ links }, 200);
    },

    registerLink: async (c) => {
      const result = await registerLinkFor(deps.store, c.req.valid('param').id, c.req.valid('json'), linkSettingsOf(deps), nowOf(deps));
      if (!result.ok && result.reason === 'no-writeup') throw notFound('The write-up');
      if (!result.ok) throw validationFailed([{ path: 'url', message: result.message }]);
      return result.created ? c.json(result.link, 201) : c.json(result.link, 200);
    },

    writeupReviews: async (c) => {
      const reviews = await reviewsOf(deps.store, c.req.valid('param').id);
      if (!reviews) throw notFound('The write-up');
      const base = publicUrlOf(deps, c.req.url);
      return c.json(
        {
          reviews: reviews.map((review) => {
            // Names reach facilitators and admins only: a viewer gets how many were invited.
            const { template, ...shown } = reviewShown(review, maySeeNames(callerOf(c)));
            return { ...shown, surveyTemplate: `${template.id}@${template.version}`, ...reviewLinks(base, review) };
          }),
        },
        200,
      );
    },

    scheduleReview: async (c) => {
      const input = c.req.valid('json');
      const scheduled = await scheduleReview(deps.store, c.req.valid('param').id, input, nowOf(deps), callerOf(c).email ?? undefined);
      if (!scheduled.ok && scheduled.missing === 'writeup') throw notFound('The write-up');
      if (!scheduled.ok) throw validationFailed([{ path: 'surveyTemplate', message: `no survey template "${input.surveyTemplate}"` }]);
      const { review } = scheduled;
      setAuditTarget(c, reviewAuditTarget(review.id, c.req.valid('param').id));
      c.header('Location', `/api/reviews/${review.id}`);
      const surveyTemplate = `${review.template.id}@${review.template.version}`;
      return c.json(
        { id: review.id, ...reviewLinks(publicUrlOf(deps, c.req.url), review), startsAt: review.startsAt, anonymous: review.anonymous, surveyTemplate },
        201,
      );
    },
  });
