import type { AppDeps } from '../shared/deps';
import { contractApp, mount } from '../shared/app';
import type { Operation } from '../shared/operation';
import { PAGE_CSP, pageHeaders } from '../shared/page-headers';
import { authPageHandlers } from './auth';
import { authorize } from './authorize';
import { overviewPageHandlers } from './dashboard/routes';
import { peoplePageHandlers } from './dashboard/people-pages';
import { reviewPageHandlers } from './dashboard/review-pages';
import { correctionPageHandlers } from './dashboard/corrections';
import { templatePageHandlers } from './dashboard/template-pages';
import { writeupFormPageHandlers } from './dashboard/writeup-forms';
import { digestPageHandlers } from './dashboard/digest-page';
import { docsHandlers } from './docs';
import { digestHandlers } from './digest';
import { platformImportHandlers } from './platform-imports';
import { linkBatchHandlers } from './links';
import { auditHandlers, meHandlers, peopleHandlers, tokenHandlers } from './people';
import { exportHandlers, orgReportHandlers, recountHandlers } from './reports';
import { reviewHandlers } from './reviews';
import { templateHandlers } from './templates';
import { writeupHandlers } from './writeups';

/** An operation that answers people with a page (the API's reference among them). */
const answersPage = (operation: Operation) =>
  Object.values(operation.responses).some((response) => 'content' in response && response.content && 'text/html' in response.content);

/**
 * The admin API and the dashboard. Each operation passes the checks its
 * declaration asks for (`authorize`): who the caller is, whether their role
 * may use it, and an audit entry for each change. Pages carry their headers.
 * Bodies of at most 64 KB.
 */
export function adminApp(deps: AppDeps) {
  const app = contractApp({ edgeSecret: deps.edgeSecret });
  const headers = pageHeaders({ csp: PAGE_CSP, referrer: 'same-origin', noStore: true });
  const checks = authorize(deps);
  return mount(
    app,
    [
      docsHandlers(deps),
      meHandlers(),
      writeupHandlers(deps),
      reviewHandlers(deps),
      linkBatchHandlers(deps),
      orgReportHandlers(deps),
      exportHandlers(deps),
      recountHandlers(deps),
      platformImportHandlers(deps),
      digestHandlers(deps),
      templateHandlers(deps),
      tokenHandlers(deps),
      peopleHandlers(deps),
      auditHandlers(deps),
      authPageHandlers(deps),
      overviewPageHandlers(deps),
      writeupFormPageHandlers(deps),
      reviewPageHandlers(deps),
      correctionPageHandlers(deps),
      templatePageHandlers(deps),
      peoplePageHandlers(deps),
      digestPageHandlers(deps),
    ],
    (operation) => [...(answersPage(operation) ? [headers] : []), ...checks(operation)],
  );
}
