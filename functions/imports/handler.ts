import { importConfluence } from '../services/confluence';
import { appDeps } from '../app-deps';
import { logger } from '../shared/logger';
import { readSecureString } from '../shared/secrets';
import { readSettings } from '../shared/settings';

// The API token comes from SSM.
const settings = readSettings();
const deps = appDeps({ readParameter: readSecureString }, settings);

/** The daily import, started by its EventBridge schedule: Confluence's page views of yesterday and any days missed. */
export async function handler(): Promise<{ writeups: number; days: number; problems: string[] }> {
  if (!deps.confluence) {
    const missing =
      !settings.CONFLUENCE_URL || !settings.CONFLUENCE_EMAIL
        ? 'CONFLUENCE_URL and CONFLUENCE_EMAIL are not set'
        : 'CONFLUENCE_API_TOKEN (or CONFLUENCE_API_TOKEN_PARAMETER) is not set';
    return { writeups: 0, days: 0, problems: [missing] };
  }
  const report = await importConfluence(deps.store, deps.confluence, new Date());
  for (const problem of report.problems) logger.warn('confluence import', { problem });
  logger.info('confluence import done', { writeups: report.writeups, days: report.days });
  return report;
}
