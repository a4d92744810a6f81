import type { Store } from '../data/client';
import { createTemplate, getTemplate, listTemplates, saveTemplateVersion } from '../data/templates';
import { DEFAULT_TEMPLATE, type SurveyTemplate, type TemplateCopy, type TemplateDefinition } from '../domain/survey';

/** The built-in survey and every stored template, each at its latest version. */
export async function allTemplates(store: Store): Promise<SurveyTemplate[]> {
  return [DEFAULT_TEMPLATE, ...(await listTemplates(store))];
}

/** A template at a version (its latest when none is named); the built-in one has only version 1. */
export async function findTemplate(store: Store, id: string, version?: number): Promise<SurveyTemplate | undefined> {
  if (id === DEFAULT_TEMPLATE.id) return version === undefined || version === 1 ? DEFAULT_TEMPLATE : undefined;
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(id) ? getTemplate(store, id, version) : undefined;
}

/** Saves a definition as its template's next version; `builtin` for the built-in id. */
export async function saveTemplate(store: Store, definition: TemplateDefinition, now: Date): Promise<SurveyTemplate | 'builtin'> {
  if (definition.id === DEFAULT_TEMPLATE.id) return 'builtin';
  return saveTemplateVersion(store, definition, now);
}

/**
 * A new survey from any (its latest version; the built-in one too), under its own id and title, as version 1:
 * `missing` when there is no such survey, `exists` when the new id is taken (or built in).
 */
export async function copyTemplate(store: Store, fromId: string, to: TemplateCopy, now: Date): Promise<SurveyTemplate | 'missing' | 'exists'> {
  const source = await findTemplate(store, fromId);
  if (!source) return 'missing';
  if (to.id === DEFAULT_TEMPLATE.id) return 'exists';
  return createTemplate(store, { id: to.id, title: to.title, questions: source.questions }, now);
}
