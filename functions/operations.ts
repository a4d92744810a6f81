import { digestRoutes } from './admin/digest.routes';
import { docsRoutes } from './admin/docs.routes';
import { platformImportRoutes } from './admin/platform-imports.routes';
import { linkBatchRoutes } from './admin/links.routes';
import { auditRoutes, meRoutes, peopleRoutes, tokenRoutes } from './admin/people.routes';
import { exportRoutes, orgReportRoutes, recountRoutes } from './admin/reports.routes';
import { reviewRoutes } from './admin/reviews.routes';
import { templateRoutes } from './admin/templates.routes';
import { writeupRoutes } from './admin/writeups.routes';
import {
  authPages,
  correctionPages,
  digestPages,
  overviewPages,
  peoplePages,
  reviewPages,
  templatePages,
  writeupFormPages,
} from './admin/dashboard/pages.routes';
import { collectRoutes } from './collect/routes';
import { checkinRoutes, surveyRoutes } from './forms/routes';
import { hookRoutes } from './hooks/routes';
import type { Operation, Served } from './shared/operation';

/**
 * Every operation of the product, from the declarations of each group: what
 * the OpenAPI document, the API Gateway routes, the edge's rate limits and
 * the authorization tests are made from. A group of operations is listed here
 * once; an operation is added to its group alone.
 */
const GROUPS = [
  collectRoutes,
  checkinRoutes,
  surveyRoutes,
  hookRoutes,
  docsRoutes,
  meRoutes,
  writeupRoutes,
  linkBatchRoutes,
  reviewRoutes,
  templateRoutes,
  orgReportRoutes,
  exportRoutes,
  recountRoutes,
  digestRoutes,
  platformImportRoutes,
  tokenRoutes,
  peopleRoutes,
  auditRoutes,
  authPages,
  overviewPages,
  writeupFormPages,
  reviewPages,
  correctionPages,
  templatePages,
  peoplePages,
  digestPages,
];

export const OPERATIONS: Operation[] = GROUPS.flatMap((group) => Object.values(group) as Operation[]);

/** The operations one function serves. */
export const servedBy = (served: Served) => OPERATIONS.filter((operation) => operation.served === served);
