import type { FormattedItem } from 'dynamodb-toolbox';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { isConditionCheckFailed, PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { Question, SurveyTemplate, TemplateDefinition } from '../domain/survey';
import type { Store } from './client';
import { itemsOf } from './lists';
import { conditions, keys, type Model } from './model';

/** Stores one version, unless that version of the template exists: false then. */
async function putVersion(store: Store, template: SurveyTemplate, now: Date): Promise<boolean> {
  try {
    await store.model.template
      .build(PutItemCommand)
      .item({ ...template, createdAt: now.toISOString() })
      .options({ condition: conditions.absent('id') })
      .send();
    return true;
  } catch (error) {
    if (isConditionCheckFailed(error)) return false;
    throw error;
  }
}

/** Saves a definition as the template's next version; concurrent saves each get their own. */
export async function saveTemplateVersion(store: Store, definition: TemplateDefinition, now: Date): Promise<SurveyTemplate> {
  for (let attempt = 0; ; attempt++) {
    const latest = await getTemplate(store, definition.id);
    const template: SurveyTemplate = { ...definition, version: (latest?.version ?? 0) + 1 };
    if (await putVersion(store, template, now)) return template;
    if (attempt >= 5) throw new Error(`template ${definition.id}: another save took each version tried`);
  }
}

/** A new template, as its version 1; `exists` when a template has that id already. */
export async function createTemplate(store: Store, definition: TemplateDefinition, now: Date): Promise<SurveyTemplate | 'exists'> {
  const template: SurveyTemplate = { ...definition, version: 1 };
  return (await putVersion(store, template, now)) ? template : 'exists';
}

/** A given version, or the latest when no version is named. */
export async function getTemplate(store: Store, id: string, version?: number): Promise<SurveyTemplate | undefined> {
  if (version !== undefined) {
    const { Item } = await store.model.template.build(GetItemCommand).key({ id, version }).send();
    return Item && toTemplate(Item);
  }
  const { Items = [] } = await store.model.table
    .build(QueryCommand)
    .entities(store.model.template)
    .query({ partition: keys.template(id), range: { beginsWith: keys.templateVersionPrefix } })
    .options({ reverse: true, limit: 1, consistent: true, entityAttrFilter: false })
    .send();
  return Items[0] && toTemplate(Items[0]);
}

/** The latest version of every template. */
export async function listTemplates(store: Store): Promise<SurveyTemplate[]> {
  const items = await itemsOf(store, store.model.template, { index: 'gsi1', partition: keys.templateList });
  // Versions come in order, so the last of each id is its latest.
  return [...new Map(items.map((item) => [item.id, toTemplate(item)])).values()];
}

/** A version as stored; its questions were checked when it was saved. */
function toTemplate(item: FormattedItem<Model['template']>): SurveyTemplate {
  return { id: item.id, version: item.version, title: item.title, questions: item.questions as Question[] };
}
