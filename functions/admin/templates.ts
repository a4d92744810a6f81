import { Hono } from 'hono';
import { getTemplate, listTemplates, saveTemplateVersion } from '../data/templates';
import { DEFAULT_TEMPLATE, templateSchema } from '../domain/survey';
import { jsonBody } from '../shared/body';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError, notFound } from '../shared/errors';

/**
 * `/api/survey-templates`: custom surveys. Posting a template again saves a new
 * version; reviews keep the version they were scheduled with.
 */
export function templateRoutes(deps: AppDeps) {
  const find = async (id: string, version?: number) => {
    if (id === DEFAULT_TEMPLATE.id) return version === undefined || version === 1 ? DEFAULT_TEMPLATE : undefined;
    return /^[a-z0-9][a-z0-9-]{0,63}$/.test(id) ? getTemplate(deps.store, id, version) : undefined;
  };
  return new Hono()
    .post('/', async (c) => {
      const definition = await jsonBody(c, templateSchema);
      if (definition.id === DEFAULT_TEMPLATE.id) throw new ApiError(409, 'conflict', `"${DEFAULT_TEMPLATE.id}" is built in; choose another id.`);
      const template = await saveTemplateVersion(deps.store, definition, nowOf(deps));
      c.header('Location', `/api/survey-templates/${template.id}/versions/${template.version}`);
      return c.json(template, 201);
    })
    .get('/', async (c) => c.json({ templates: [DEFAULT_TEMPLATE, ...(await listTemplates(deps.store))] }))
    .get('/:id', async (c) => {
      const template = await find(c.req.param('id'));
      if (!template) throw notFound('The survey template');
      return c.json(template);
    })
    .get('/:id/versions/:version', async (c) => {
      const version = Number(c.req.param('version'));
      const template = Number.isInteger(version) && version > 0 ? await find(c.req.param('id'), version) : undefined;
      if (!template) throw notFound('That version of the survey template');
      return c.json(template);
    });
}
