import type { Context } from 'aws-lambda';
import { IMPORT_STOPS_BEFORE_LIMIT_MS, type ImportReport } from '../services/confluence';
import { importReadPlace, placeSettingsMissing } from '../services/read-places';
import type { ReadPlace } from '../domain/read-places';
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
 * (FireHydrant); `{job: "google"}` and `{job: "microsoft"}` import those places'
 * views; anything else is Confluence's page views of yesterday and any days missed.
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
  const place: ReadPlace = event?.job === 'google' || event?.job === 'microsoft' ? event.job : 'confluence';
  const report = await importReadPlace(deps.store, deps, place, new Date(), { deadline });
  if (!report) return { writeups: 0, days: 0, calls: 0, left: 0, problems: [placeSettingsMissing(place, settings)] };
  for (const problem of report.problems) logger.warn(`${place} import`, { problem });
  logger.info(`${place} import done`, { writeups: report.writeups, days: report.days, calls: report.calls, left: report.left });
  return report;
}
