import type { Store } from '../data/client';
import { getTemplate, listTemplates, saveTemplateVersion } from '../data/templates';
import { DEFAULT_TEMPLATE, type SurveyTemplate, type TemplateDefinition } from '../domain/survey';

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
