import * as z from 'zod';
import { copyTemplateSchema, templateSchema } from '../domain/survey';
import { json, jsonBody, operations } from '../shared/operation';
import { surveyTemplateSchema } from '../shared/schemas';

const byId = z.object({ id: z.string().max(64).meta({ description: "The survey template's id" }) });

/** `/api/survey-templates`: custom surveys. Posting a template again saves a new version; reviews keep the version they were scheduled with. */
export const templateRoutes = operations(
  'admin',
  { name: 'survey-templates', description: 'Post-review surveys' },
  {
    listTemplates: {
      method: 'get',
      path: '/api/survey-templates',
      access: 'viewer',
      summary: 'List survey templates',
      responses: { 200: json(z.object({ templates: z.array(surveyTemplateSchema) }), 'Each template at its latest version, the built-in one first') },
    },
    saveTemplate: {
      method: 'post',
      path: '/api/survey-templates',
      access: 'facilitator',
      action: 'template.save',
      summary: 'Save a survey template (a new version when it exists)',
      request: { body: jsonBody(templateSchema) },
      responses: { 201: json(surveyTemplateSchema, 'The version saved') },
      errors: { 409: 'The id is the built-in template’s' },
    },
    copyTemplate: {
      method: 'post',
      path: '/api/survey-templates/{id}/copy',
      access: 'facilitator',
      action: 'template.copy',
      summary: 'Copy a survey (the built-in one too) as a new one, to change and save as its own',
      request: { params: byId, body: jsonBody(copyTemplateSchema) },
      responses: { 201: json(surveyTemplateSchema, 'The copy, its version 1') },
      errors: { 404: 'No survey with that id', 409: 'The new id is taken, or the built-in one’s' },
    },
    getTemplate: {
      method: 'get',
      path: '/api/survey-templates/{id}',
      access: 'viewer',
      summary: "A survey template's latest version",
      request: { params: byId },
      responses: { 200: json(surveyTemplateSchema, 'The latest version') },
    },
    getTemplateVersion: {
      method: 'get',
      path: '/api/survey-templates/{id}/versions/{version}',
      access: 'viewer',
      summary: 'One version of a survey template',
      request: { params: byId.extend({ version: z.string().max(12).meta({ description: 'A whole number from 1' }) }) },
      responses: { 200: json(surveyTemplateSchema, 'That version') },
    },
  },
);
