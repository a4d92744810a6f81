import { randomBytes } from 'node:crypto';
import type { Store } from '../data/client';
import { addOrgCounts } from '../data/org-days';
import { saveSharedResponse, saveSingleUseResponse } from '../data/responses';
import { orgCounts } from '../domain/org-report';
import type { Answers } from '../domain/survey';
import type { OpenLink } from './reviews';

export function newSubmissionId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Stores one survey response. Through a single-use link it spends the link
 * (exactly once, however many submits race); through the shared link the
 * form's submission id makes a retried submit count once.
 */
export async function submitSurvey(
  store: Store,
  open: OpenLink,
  submission: { answers: Answers; name?: string; submissionId: string },
  now: Date,
): Promise<'saved' | 'duplicate' | 'used'> {
  const response = {
    id: open.link.kind === 'survey' ? submission.submissionId : newSubmissionId(),
    reviewId: open.review.id,
    writeupId: open.review.writeupId,
    template: { id: open.review.template.id, version: open.review.template.version },
    answers: submission.answers,
    // Anonymous reviews store no name, whatever the form sent.
    ...(open.review.anonymous ? {} : { name: submission.name }),
    submittedAt: now.toISOString(),
  };
  const result = open.link.kind === 'survey-once' ? await saveSingleUseResponse(store, open.token, response) : await saveSharedResponse(store, response);
  if (result === 'saved') await addOrgCounts(store, response.submittedAt.slice(0, 10), orgCounts.response(response.answers));
  return result;
}
