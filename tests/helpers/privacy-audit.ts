import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createStore } from '../../functions/data/client';
import { allItems } from './table';

/**
 * What tests send as readers' addresses and user agents, and the names typed
 * into anonymous surveys: none of it may be stored anywhere.
 */
const FORBIDDEN = [
  /\b(198\.51\.100|203\.0\.113|192\.0\.2)\.\d{1,3}\b/, // the documentation address ranges the tests read from
  /Mozilla\/5\.0|HeadlessChrome|Googlebot|curl\/\d|Slackbot/, // user agents
  /Sneaky Name|Anonymous Annie/, // names typed into anonymous surveys
];

export async function privacyAudit(endpoint: string): Promise<{ tables: number; items: number; findings: string[] }> {
  const probe = createStore({ table: 'none', endpoint });
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await probe.doc.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  const findings: string[] = [];
  let items = 0;
  for (const table of names) {
    for (const item of await allItems(createStore({ table, endpoint }))) {
      items++;
      const text = JSON.stringify(item);
      for (const pattern of FORBIDDEN) if (pattern.test(text)) findings.push(`${table}: ${pattern} in ${text.slice(0, 200)}`);
    }
  }
  return { tables: names.length, items, findings };
}
