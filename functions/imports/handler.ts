import { importConfluence } from '../services/confluence';
import { createStore } from '../data/client';
import { configFromEnv } from '../shared/config';
import { logger } from '../shared/logger';
import { ssmConfluenceApiToken } from '../shared/secrets';

const config = configFromEnv();
const store = createStore({ table: config.tableName, endpoint: config.dynamodbEndpoint });

/** The daily import, started by its EventBridge schedule: Confluence's page views of yesterday and any days missed. */
export async function handler(): Promise<{ writeups: number; days: number; problems: string[] }> {
  const url = process.env.CONFLUENCE_URL;
  const email = process.env.CONFLUENCE_EMAIL;
  if (!url || !email) return { writeups: 0, days: 0, problems: ['CONFLUENCE_URL and CONFLUENCE_EMAIL are not set'] };
  const report = await importConfluence(store, { url, email, apiToken: ssmConfluenceApiToken }, new Date());
  for (const problem of report.problems) logger.warn('confluence import', { problem });
  logger.info('confluence import done', { writeups: report.writeups, days: report.days });
  return report;
}
