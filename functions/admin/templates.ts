import { DEFAULT_TEMPLATE } from '../domain/survey';
import { allTemplates, copyTemplate, findTemplate, saveTemplate } from '../services/templates';
import { group } from '../shared/app';
import { nowOf, type AppDeps } from '../shared/deps';
import { ApiError, notFound } from '../shared/errors';
import { setAuditTarget } from './authorize';
import { templateRoutes } from './templates.routes';

/**
 * `/api/survey-templates`: custom surveys. Posting a template again saves a new
 * version; reviews keep the version they were scheduled with.
 */
export const templateHandlers = (deps: AppDeps) =>
  group(templateRoutes, {
    saveTemplate: async (c) => {
      const template = await saveTemplate(deps.store, c.req.valid('json'), nowOf(deps));
      if (template === 'builtin') throw new ApiError(409, 'conflict', `"${DEFAULT_TEMPLATE.id}" is built in; choose another id.`);
      c.header('Location', `/api/survey-templates/${template.id}/versions/${template.version}`);
      return c.json(template, 201);
    },
    copyTemplate: async (c) => {
      const from = c.req.valid('param').id;
      const to = c.req.valid('json');
      const copy = await copyTemplate(deps.store, from, to, nowOf(deps));
      if (copy === 'missing') throw notFound('The survey template');
      if (copy === 'exists') throw new ApiError(409, 'conflict', `"${to.id}" is taken by another survey (or built in); choose another id.`);
      setAuditTarget(c, `${copy.id} version 1, from ${from}`);
      c.header('Location', `/api/survey-templates/${copy.id}/versions/1`);
      return c.json(copy, 201);
    },
    listTemplates: async (c) => c.json({ templates: await allTemplates(deps.store) }, 200),
    getTemplate: async (c) => {
      const template = await findTemplate(deps.store, c.req.valid('param').id);
      if (!template) throw notFound('The survey template');
      return c.json(template, 200);
    },
    getTemplateVersion: async (c) => {
      const { id, version: asked } = c.req.valid('param');
      const version = Number(asked);
      const template = Number.isInteger(version) && version > 0 ? await findTemplate(deps.store, id, version) : undefined;
      if (!template) throw notFound('That version of the survey template');
      return c.json(template, 200);
    },
  });
