import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DEFAULT_DURATION_MINUTES, type Review } from './review';

export interface InviteText {
  summary: string;
  description: string;
  /** Where the event points: the check-in. */
  url: string;
}

/**
 * A review as an iCalendar object (RFC 5545/5546). With an organizer and invitees' addresses it is an invitation
 * (`METHOD:REQUEST`, `ORGANIZER` the facilitator or the product's sender, one `ATTENDEE` each), so calendars offer to accept it and update it when its
 * `SEQUENCE` rises; otherwise an event to add (`METHOD:PUBLISH`), since a request must name who asks and whom.
 * A cancelled review is a cancellation (`METHOD:CANCEL`, `STATUS:CANCELLED`, its `SEQUENCE` up), which removes the event.
 */
export function reviewInvite(review: Review, text: InviteText, fallbackOrganizer?: string): string {
  const attendees = review.invitations ?? [];
  // The facilitator who scheduled it; else the product's own sender (DIGEST_EMAIL_FROM, "Name <address>" or an address).
  const fallback = fallbackOrganizer && /^(?:(.*?)\s*<([^<>]+)>|([^\s<>]+@[^\s<>]+))$/.exec(fallbackOrganizer.trim());
  const organizer = review.organizer
    ? { name: review.organizer, email: review.organizer }
    : fallback
      ? { name: fallback[1] || fallback[2] || fallback[3]!, email: (fallback[2] ?? fallback[3])! }
      : undefined;
  const request = organizer !== undefined && attendees.length > 0;
  const calendar = ical({
    name: 'Learning Signals',
    prodId: { company: 'Learning Signals', product: 'reviews' },
    method: review.cancelledAt ? ICalCalendarMethod.CANCEL : request ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH,
  });
  const start = Date.parse(review.startsAt);
  calendar.createEvent({
    id: `${review.id}@learning-signals`,
    sequence: review.sequence ?? 0,
    stamp: new Date(review.createdAt),
    start: new Date(start),
    end: new Date(start + (review.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000),
    // In UTC: calendars show it in each reader's own zone, and a TZID would need its VTIMEZONE rules beside it.
    summary: text.summary,
    description: text.description,
    url: text.url,
    ...(review.cancelledAt ? { status: ICalEventStatus.CANCELLED } : {}),
    ...(review.cancelledAt && organizer && !request ? { organizer } : {}),
    ...(request
      ? {
          organizer,
          attendees: attendees.map(({ name, email }) => ({
            name,
            email,
            role: ICalAttendeeRole.REQ,
            status: ICalAttendeeStatus.NEEDSACTION,
            rsvp: true,
          })),
        }
      : {}),
  });
  // The object ends its last line with CRLF too (RFC 5545 §3.1: every content line does).
  return `${calendar.toString()}\r\n`;
}

/** A review's calendar object with the product's words: the write-up to read, the check-in, the survey. */
export function reviewCalendar(
  review: Review,
  writeup: { title: string; url: string } | undefined,
  links: { checkinUrl: string; surveyUrl: string },
  fallbackOrganizer?: string,
): string {
  return reviewInvite(
    review,
    {
      summary: review.title ?? `Review: ${writeup?.title ?? review.writeupId}`,
      description: [
        `Write-up: ${writeup?.url ?? ''}`,
        `Check in when you arrive: ${links.checkinUrl}`,
        `Afterwards, two minutes of survey: ${links.surveyUrl}`,
      ].join('\n'),
      url: links.checkinUrl,
    },
    fallbackOrganizer,
  );
}

/** The METHOD a calendar object says, for the mail part that carries it. */
export const methodOf = (calendar: string) => /^METHOD:(\w+)/m.exec(calendar)?.[1] ?? 'PUBLISH';
