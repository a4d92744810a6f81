import type { Context } from 'aws-lambda';
import { IMPORT_STOPS_BEFORE_LIMIT_MS, importConfluence, type ImportReport } from '../services/confluence';
import { appDeps } from '../app-deps';
import { logger } from '../shared/logger';
import { readSecureString } from '../shared/secrets';
import { readSettings } from '../shared/settings';

// The API token comes from SSM.
const settings = readSettings();
const deps = appDeps({ readParameter: readSecureString }, settings);

/** The daily import, started by its EventBridge schedule: Confluence's page views of yesterday and any days missed. */
export async function handler(_event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ImportReport> {
  if (!deps.confluence) {
    const missing =
      !settings.CONFLUENCE_URL || !settings.CONFLUENCE_EMAIL
        ? 'CONFLUENCE_URL and CONFLUENCE_EMAIL are not set'
        : 'CONFLUENCE_API_TOKEN (or CONFLUENCE_API_TOKEN_PARAMETER) is not set';
    return { writeups: 0, days: 0, calls: 0, left: 0, problems: [missing] };
  }
  // Stops a minute before the function's time limit; the next run goes on from there.
  const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - IMPORT_STOPS_BEFORE_LIMIT_MS : undefined;
  const report = await importConfluence(deps.store, deps.confluence, new Date(), { deadline });
  for (const problem of report.problems) logger.warn('confluence import', { problem });
  logger.info('confluence import done', { writeups: report.writeups, days: report.days, calls: report.calls, left: report.left });
  return report;
}
