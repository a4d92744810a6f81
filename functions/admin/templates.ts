import { Hono } from 'hono';
import { DEFAULT_TEMPLATE, templateSchema } from '../domain/survey';
import { allTemplates, findTemplate, saveTemplate } from '../services/templates';
import { jsonInput } from '../shared/body';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError, notFound } from '../shared/errors';

/**
 * `/api/survey-templates`: custom surveys. Posting a template again saves a new
 * version; reviews keep the version they were scheduled with.
 */
export function templateRoutes(deps: AppDeps) {
  return new Hono()
    .post('/', jsonInput(templateSchema), async (c) => {
      const template = await saveTemplate(deps.store, c.req.valid('json'), nowOf(deps));
      if (template === 'builtin') throw new ApiError(409, 'conflict', `"${DEFAULT_TEMPLATE.id}" is built in; choose another id.`);
      c.header('Location', `/api/survey-templates/${template.id}/versions/${template.version}`);
      return c.json(template, 201);
    })
    .get('/', async (c) => c.json({ templates: await allTemplates(deps.store) }))
    .get('/:id', async (c) => {
      const template = await findTemplate(deps.store, c.req.param('id'));
      if (!template) throw notFound('The survey template');
      return c.json(template);
    })
    .get('/:id/versions/:version', async (c) => {
      const version = Number(c.req.param('version'));
      const template = Number.isInteger(version) && version > 0 ? await findTemplate(deps.store, c.req.param('id'), version) : undefined;
      if (!template) throw notFound('That version of the survey template');
      return c.json(template);
    });
}
