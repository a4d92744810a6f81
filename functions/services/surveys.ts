import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../data/client';
import { saveSharedResponse, saveSingleUseResponse } from '../data/responses';
import type { Answers } from '../domain/survey';
import type { OpenLink } from './reviews';

export function newSubmissionId(): string {
  return randomBytes(16).toString('base64url');
}

/** What a spent single-use link keeps of the form that spent it: not the id itself. */
const submissionHash = (token: string, submissionId: string) => createHash('sha256').update(`${token}\n${submissionId}`).digest('base64url').slice(0, 22);

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
    // Anonymous reviews store no name, whatever the form sent, and only the day
    // it came: whoever handed out single-use links cannot match a moment to one.
    ...(open.review.anonymous ? {} : { name: submission.name }),
    submittedAt: open.review.anonymous ? now.toISOString().slice(0, 10) : now.toISOString(),
  };
  if (open.link.kind !== 'survey-once') return saveSharedResponse(store, response);
  return saveSingleUseResponse(store, { token: open.token, submissionHash: submissionHash(open.token, submission.submissionId) }, response);
}

/** Whether a spent single-use link was spent by this very form (a retry whose first reply was lost). */
export function spentByThisForm(open: OpenLink, submissionId: string): boolean {
  return open.link.kind === 'survey-once' && open.link.used && open.link.usedBy === submissionHash(open.token, submissionId);
}
