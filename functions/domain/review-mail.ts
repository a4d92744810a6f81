import type { Review } from './review';

/** What a review's mail says, to one person; the same words in text and in HTML. */
export interface ReviewMessage {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Paragraphs as text and as HTML, each URL a link in the HTML. */
function message(subject: string, paragraphs: string[]): ReviewMessage {
  const html = paragraphs.map((p) => `<p>${escapeHtml(p).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)}</p>`).join('\n');
  return { subject, text: `${paragraphs.join('\n\n')}\n`, html };
}

const titleOf = (review: Review, writeupTitle: string) => review.title ?? `Review of “${writeupTitle}”`;
const startText = (review: Review) => `${review.startsAt.slice(0, 10)} at ${review.startsAt.slice(11, 16)} UTC`;

/** The invitation (or its change, or its cancellation), with the check-in link; the calendar object rides along. */
export function invitationMessage(review: Review, ctx: { name: string; writeupTitle: string; writeupUrl: string; checkinUrl: string }): ReviewMessage {
  const title = titleOf(review, ctx.writeupTitle);
  if (review.cancelledAt)
    return message(`Cancelled: ${title}`, [`Hello ${ctx.name},`, `The review “${title}” on ${startText(review)} is cancelled. Your calendar can remove it.`]);
  const changed = (review.sequence ?? 0) > 0 && review.invitedAt !== undefined;
  return message(`${changed ? 'Changed: ' : 'Invitation: '}${title}`, [
    `Hello ${ctx.name},`,
    `${changed ? 'The review has changed: it is now' : 'You are invited to a review of an incident:'} “${title}”, ${startText(review)}, ${review.durationMinutes ?? 60} minutes.`,
    `The write-up, to read before: ${ctx.writeupUrl}`,
    `When you arrive, check in (a few seconds, on your phone): ${ctx.checkinUrl}`,
    'The calendar invitation is attached.',
  ]);
}

/** After the review: a link of one's own to the two-minute survey, good for one answer. */
export function surveyLinkMessage(review: Review, ctx: { name: string; writeupTitle: string; surveyUrl: string; anonymous: boolean }): ReviewMessage {
  const title = titleOf(review, ctx.writeupTitle);
  return message(`Two minutes on “${title}”`, [
    `Hello ${ctx.name},`,
    `Thank you for the review. What surprised you, and what is still a mystery? Two minutes of survey: ${ctx.surveyUrl}`,
    `This link is yours and takes one answer.${ctx.anonymous ? ' Your answers carry no name, and nobody can tell who answered.' : ''}`,
  ]);
}

/** Two days on, to every invitee alike (who answered is never known): the link is in the first mail. */
export function reminderMessage(review: Review, ctx: { name: string; writeupTitle: string; sentOn: string }): ReviewMessage {
  const title = titleOf(review, ctx.writeupTitle);
  return message(`Reminder: two minutes on “${title}”`, [
    `Hello ${ctx.name},`,
    `If you have not answered the survey about “${title}” yet, your link is in our mail of ${ctx.sentOn} (“Two minutes on “${title}””). If you have: thank you, and please ignore this one.`,
    'Everyone invited gets this reminder: nobody is told who answered.',
  ]);
}
