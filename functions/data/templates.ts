import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SurveyTemplate, TemplateDefinition } from '../domain/survey';
import type { Store } from './client';
import { isConditionFailure, itemIsNew } from './conditions';
import { queryAll } from './query';

/**
 * Survey template version: `TEMPLATE#{id}` / `V#{version, 6 digits}`. Versions
 * never change once written; all of them listed through gsi1 `TEMPLATES`.
 */
const pad = (version: number) => String(version).padStart(6, '0');
const versionKey = (id: string, version: number) => ({ pk: `TEMPLATE#${id}`, sk: `V#${pad(version)}` });

/** Saves a definition as the template's next version; concurrent saves each get their own. */
export async function saveTemplateVersion(store: Store, definition: TemplateDefinition, now: Date): Promise<SurveyTemplate> {
  for (let attempt = 0; ; attempt++) {
    const latest = await getTemplate(store, definition.id);
    const template: SurveyTemplate = { ...definition, version: (latest?.version ?? 0) + 1 };
    try {
      await store.doc.send(
        new PutCommand({
          TableName: store.table,
          Item: {
            ...versionKey(template.id, template.version),
            gsi1pk: 'TEMPLATES',
            gsi1sk: `${template.id}#${pad(template.version)}`,
            ...template,
            createdAt: now.toISOString(),
          },
          ConditionExpression: itemIsNew,
        }),
      );
      return template;
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= 5) throw error;
    }
  }
}

/** A given version, or the latest when no version is named. */
export async function getTemplate(store: Store, id: string, version?: number): Promise<SurveyTemplate | undefined> {
  if (version !== undefined) {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.table, Key: versionKey(id, version) }));
    return Item ? toTemplate(Item) : undefined;
  }
  const { Items } = await store.doc.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'pk = :template AND begins_with(sk, :version)',
      ExpressionAttributeValues: { ':template': `TEMPLATE#${id}`, ':version': 'V#' },
      ScanIndexForward: false,
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  return Items?.[0] ? toTemplate(Items[0]) : undefined;
}

/** The latest version of every template. */
export async function listTemplates(store: Store): Promise<SurveyTemplate[]> {
  const { items } = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :templates',
    ExpressionAttributeValues: { ':templates': 'TEMPLATES' },
  });
  // Versions come in order, so the last of each id is its latest.
  const latest = new Map(items.map((item) => [String(item.id), toTemplate(item)]));
  return [...latest.values()];
}

function toTemplate(item: Record<string, unknown>): SurveyTemplate {
  const { id, version, title, questions } = item as unknown as SurveyTemplate;
  return { id, version, title, questions };
}
