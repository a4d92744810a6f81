import type { Context } from 'aws-lambda';
import { IMPORT_STOPS_BEFORE_LIMIT_MS, importConfluence, type ImportReport } from '../services/confluence';
import { dailyPulls, type PlatformImportReport } from '../services/incident-imports';
import { appDeps } from '../app-deps';
import { logger } from '../shared/logger';
import { readSecureString } from '../shared/secrets';
import { readSettings } from '../shared/settings';

// The API token and keys come from SSM.
const settings = readSettings();
const deps = appDeps({ readParameter: readSecureString }, settings);

/**
 * The daily imports, each started by its schedule: `{job: "incident-platforms"}`
 * pulls the post-mortems of the platforms that send no webhook for them
 * (FireHydrant); anything else is Confluence's page views of yesterday and any days missed.
 */
export async function handler(
  event: { job?: string } | undefined,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<ImportReport | PlatformImportReport[]> {
  // Stops a minute before the function's time limit; the next run goes on from there.
  const deadline = context ? Date.now() + context.getRemainingTimeInMillis() - IMPORT_STOPS_BEFORE_LIMIT_MS : undefined;
  if (event?.job === 'incident-platforms') {
    const reports = await dailyPulls(deps.store, deps.incidentPlatforms, new Date(), deadline);
    for (const report of reports) {
      for (const problem of report.problems) logger.warn('incident platform pull', { platform: report.platform, problem });
      logger.info('incident platform pull done', { ...report, problems: report.problems.length });
    }
    return reports;
  }
  if (!deps.confluence) {
    const missing =
      !settings.CONFLUENCE_URL || !settings.CONFLUENCE_EMAIL
        ? 'CONFLUENCE_URL and CONFLUENCE_EMAIL are not set'
        : 'CONFLUENCE_API_TOKEN (or CONFLUENCE_API_TOKEN_PARAMETER) is not set';
    return { writeups: 0, days: 0, calls: 0, left: 0, problems: [missing] };
  }
  const report = await importConfluence(deps.store, deps.confluence, new Date(), { deadline });
  for (const problem of report.problems) logger.warn('confluence import', { problem });
  logger.info('confluence import done', { writeups: report.writeups, days: report.days, calls: report.calls, left: report.left });
  return report;
}
