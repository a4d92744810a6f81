import type { Context } from 'hono';
import { group } from '../../shared/app';
import { reviewPages } from './pages.routes';
import { raw } from 'hono/html';
import { renderSVG } from 'uqr';
import * as z from 'zod';
import { nameKey, personName, type Attendee } from '../../domain/attendance';
import { csvRow } from '../../domain/csv';
import { emailSchema, type Caller } from '../../domain/people';
import { reviewCalendar } from '../../domain/invite';
import {
  checkinWindow,
  createReviewSchema,
  DEFAULT_DURATION_MINUTES,
  reopenCheckinSchema,
  reviewLinks,
  surveyLinksSchema,
  type Review,
} from '../../domain/review';
import { isTimeZone, localToUtc, timeZones, utcToLocal } from '../../domain/time-zones';
import { utcMinute } from '../../domain/dates';
import { plural } from '../../domain/words';
import { writeupIdSchema, type Writeup } from '../../domain/writeup';
import { mintSurveyLinks, recordAttendance, reopenCheckin, reviewDetails, scheduleReview, singleUseLinksOf } from '../../services/reviews';
import { allTemplates } from '../../services/templates';
import { findWriteup } from '../../services/writeups';
import { nowOf, publicUrlOf, type AppDeps } from '../../shared/deps';
import { callerOf, reviewAuditTarget, setAuditTarget } from '../authorize';
import { Field, FormProblems, formValues, problemsOf, type Problems, type Values } from './fields';
import { DashboardPage, NotFoundPage, Said } from './layout';
import { DOCTYPE, FAVICON_PATH } from '../../shared/page-head';

const MAX_INVITEES = 500;
const when = utcMinute;
/** The start as UTC, and in the facilitator's own zone when the review has one. */
const startOf = (review: Review) =>
  `${when(review.startsAt)}${review.timeZone && review.timeZone !== 'UTC' ? ` (${utcToLocal(new Date(review.startsAt), review.timeZone).replace('T', ' ')} ${review.timeZone})` : ''}`;

/** A QR code as server-rendered SVG: no script, sharp at any size. */
const Qr = (props: { url: string; label: string }) => (
  <span role="img" aria-label={props.label}>
    {raw(renderSVG(props.url, { border: 2 }))}
  </span>
);

/** A link to hand out: its QR code, the address and a copy button. */
const LinkCard = (props: { title: string; url: string; id: string }) => (
  <figure>
    <figcaption>{props.title}</figcaption>
    <Qr url={props.url} label={`QR code of the ${props.title.split(' ')[0]!.toLowerCase()} link`} />
    <pre id={props.id}>{props.url}</pre>
    <button type="button" data-copy={props.id} hidden>
      Copy
    </button>
  </figure>
);

type Invitee = { name: string; email?: string };

/** People pasted one a line or comma-separated, as "Ana Lima" or "Ana Lima <ana@example.com>", each made plain, repeats dropped. */
export function inviteesOf(text: string): { ok: true; invitees: Invitee[] } | { ok: false; message: string } {
  const raw = text
    .split(/[\n,;]/)
    .map((name) => name.trim())
    .filter(Boolean);
  if (raw.length > MAX_INVITEES) return { ok: false, message: `at most ${MAX_INVITEES} people (this list has ${raw.length})` };
  const invitees: Invitee[] = [];
  for (const line of raw) {
    const [, named, address] = /^(.*?)\s*<([^<>]*)>$/.exec(line) ?? [undefined, line, undefined];
    const parsed = personName.safeParse(named || address);
    if (!parsed.success) return { ok: false, message: `"${line.slice(0, 40)}": ${parsed.error.issues[0]?.message ?? 'not a name'}` };
    const email = address === undefined ? undefined : emailSchema.safeParse(address);
    if (email && !email.success) return { ok: false, message: `"${line.slice(0, 40)}": the part in <…> must be an e-mail address` };
    if (invitees.some((known) => known.name.toLowerCase() === parsed.data.toLowerCase())) continue;
    invitees.push({ name: parsed.data, ...(email?.success ? { email: email.data } : {}) });
  }
  return { ok: true, invitees };
}

/** A review's time zone and invitees, as scheduling and editing ask for them. */
export function ZoneAndInvitees(props: { values: Values; problems: Problems }) {
  const { values, problems } = props;
  const zone = values.timeZone || 'UTC';
  return (
    <>
      <Field name="timeZone" label="Time zone" values={values} problems={problems}>
        {timeZones().map((name) => (
          <option value={name} selected={name === zone}>
            {name}
          </option>
        ))}
      </Field>
      <Field
        name="invitees"
        label="Invited people"
        multiline={5}
        values={values}
        problems={problems}
        hint="One a line, or separated by commas; “Ana Lima <ana@example.com>” puts her on the calendar invitation. Who came uninvited is counted from this list."
        maxlength={40_000}
      />
    </>
  );
}

function ScheduleForm(props: { caller: Caller; writeup: Writeup; values: Values; problems: Problems; templates: Array<{ ref: string; title: string }> }) {
  const { values, problems } = props;
  return (
    <DashboardPage title="Schedule a review" caller={props.caller}>
      <p>
        <a href={`/writeups/${props.writeup.id}`}>{`← ${props.writeup.title}`}</a>
      </p>
      <h1>Schedule a review</h1>
      <p>{`Of “${props.writeup.title}”. Its check-in and survey links, with QR codes and a calendar invite, come next.`}</p>
      <FormProblems
        problems={problems}
        labels={{
          title: 'Title',
          startsLocal: 'Starts at',
          durationMinutes: 'Length in minutes',
          timeZone: 'Time zone',
          invitees: 'Invited people',
          surveyTemplate: 'Survey',
        }}
      />
      <form class="stack" method="post" action={`/writeups/${props.writeup.id}/reviews`}>
        <Field name="title" label="Title" values={values} problems={problems} maxlength={200} hint="Optional, for example “Checkout failover review”." />
        <Field name="startsLocal" label="Starts at" type="datetime-local" values={values} problems={problems} required hint="In the time zone below." />
        <Field
          name="durationMinutes"
          label="Length in minutes"
          type="number"
          values={{ durationMinutes: '60', ...values }}
          problems={problems}
          hint="How long the calendar invite blocks."
        />
        <ZoneAndInvitees values={values} problems={problems} />
        <Field name="surveyTemplate" label="Survey" values={values} problems={problems}>
          {props.templates.map((template) => (
            <option value={template.ref} selected={template.ref === values.surveyTemplate}>
              {template.title}
            </option>
          ))}
        </Field>
        <fieldset>
          <legend>Survey answers</legend>
          <label>
            <input type="radio" name="anonymous" value="yes" checked={values.anonymous !== 'no'} /> Anonymous (no name kept)
          </label>
          <br />
          <label>
            <input type="radio" name="anonymous" value="no" checked={values.anonymous === 'no'} /> Named (people give their name)
          </label>
        </fieldset>
        <div class="actions">
          <button type="submit">Schedule the review</button>
          <a href={`/writeups/${props.writeup.id}`}>Cancel</a>
        </div>
      </form>
    </DashboardPage>
  );
}

/** What a review not cancelled offers: its check-in's window, the links with QR codes, the room's screen, the invite. */
function LiveActions(props: { review: Review; links: { checkinUrl: string; surveyUrl: string }; window: ReturnType<typeof checkinWindow> }) {
  const { review, links, window } = props;
  return (
    <>
      <h2>Links for the room</h2>
      <p>
        {window.open
          ? 'The check-in is open now.'
          : `The check-in opens ${when(window.opensAt.toISOString())} and closes ${when(window.closesAt.toISOString())}.`}
      </p>
      <form class="inline-form" method="post" action={`/reviews/${review.id}/checkin`}>
        <label for="field-hours">{window.reopened ? 'Keep the check-in open for' : 'Reopen the check-in for'}</label>{' '}
        <select id="field-hours" name="hours">
          {[1, 2, 4, 8, 24, 72].map((hours) => (
            <option value={String(hours)} selected={hours === 2}>
              {plural(hours, 'hour')}
            </option>
          ))}
        </select>{' '}
        <button type="submit" class="secondary">
          {window.reopened ? 'Extend' : 'Reopen'}
        </button>
      </form>
      {window.reopened ? (
        // A form of its own: one form would send both the chosen hours and this button's.
        <form class="inline-form" method="post" action={`/reviews/${review.id}/checkin`}>
          <input type="hidden" name="hours" value="0" />
          <button type="submit" class="secondary">
            Close the reopened check-in now
          </button>
        </form>
      ) : null}
      <div class="qr">
        <LinkCard title="Check-in" url={links.checkinUrl} id="checkin-url" />
        <LinkCard title="Survey (shared link)" url={links.surveyUrl} id="survey-url" />
      </div>
      <p class="actions">
        <a class="button" href={`/reviews/${review.id}/present`}>
          Open the check-in screen
        </a>
        <a class="button secondary" href={`${links.checkinUrl}?room=1`}>
          Check people in on a shared device
        </a>
        <a class="button secondary" href={`/reviews/${review.id}/invite.ics`}>
          Download the calendar invite (.ics)
        </a>
      </p>
      <form method="post" action={`/reviews/${review.id}/invite`} class="inline-form" id="invite">
        {review.invitations?.length ? (
          <>
            <button type="submit" class="secondary">
              {`${review.invitedAt ? 'Mail the invitation again to' : 'Mail the invitation to'} ${plural(review.invitations.length, 'invitee')} with an address`}
            </button>
            <span class="muted hint">
              {review.invitedAt
                ? ` Mailed ${utcMinute(review.invitedAt)}; changes and a cancellation are mailed by themselves.`
                : ' After the review, each gets a single-use survey link, and one reminder two days later goes to all alike.'}
            </span>
          </>
        ) : (
          <span class="muted">Invitees with an address (“Ana Lima &lt;ana@example.com&gt;”, under Reschedule or edit) can be mailed the invitation.</span>
        )}
      </form>
    </>
  );
}

interface ReviewView {
  review: Review;
  writeup: Writeup | undefined;
  attendees: Attendee[];
  attendance: { attendees: number; voluntary: number; participated: number };
  links: { checkinUrl: string; surveyUrl: string };
  singleUse: Array<{ token: string; mintedAt: string; used: boolean }>;
  base: string;
  now: Date;
}

function ReviewPage(props: ReviewView & { caller: Caller; notice?: string; alert?: string; problems?: Problems; values?: Values }) {
  const { review, links, attendees, attendance, base } = props;
  const window = checkinWindow(review, props.now);
  // Invitees with no attendance record, the same person however their name was typed.
  const here = new Set(props.attendees.map((a) => nameKey(a.name)));
  const absent = review.invitees.filter((name) => !here.has(nameKey(name)));
  const title = review.title ?? 'Review';
  const past = Date.parse(review.startsAt) < props.now.getTime();
  return (
    <DashboardPage title={title} caller={props.caller}>
      <p>{props.writeup ? <a href={`/writeups/${props.writeup.id}`}>{`← ${props.writeup.title}`}</a> : null}</p>
      <h1>{title}</h1>
      <p class="muted">{`${startOf(review)} · ${plural(review.durationMinutes ?? DEFAULT_DURATION_MINUTES, 'minute')} · survey: ${review.template.title} (${review.anonymous ? 'anonymous' : 'named'}) · ${plural(review.invitees.length, 'invited person', 'invited people')}`}</p>
      <Said notice={props.notice} alert={props.alert} />
      {review.cancelledAt ? (
        <p class="status-note">{`This review was cancelled ${utcMinute(review.cancelledAt)}: its check-in and survey links say so, and nothing of it is counted.`}</p>
      ) : (
        <p class="actions">
          <a class="button secondary" href={`/reviews/${review.id}/edit`}>
            Reschedule or edit
          </a>
        </p>
      )}
      {past && !review.cancelledAt ? (
        <p class="status-note">This review's start is in the past: its check-in is open until a day after the start; reopen it below when people still come.</p>
      ) : null}

      {review.cancelledAt ? (
        <p class="actions">
          <a class="button secondary" href={`/reviews/${review.id}/invite.ics`}>
            Download the cancellation (.ics)
          </a>
        </p>
      ) : (
        <LiveActions review={review} links={links} window={window} />
      )}
      <h2 id="attendance">Attendance</h2>

      <p>{`${plural(attendance.attendees, 'attendee')}: ${attendance.voluntary} came uninvited, ${attendance.participated} shared their view.`}</p>
      <form method="post" action={`/reviews/${review.id}/attendance`} class="stack">
        {attendees.length ? (
          <fieldset>
            <legend>Who shared their view</legend>
            {attendees.map((a, i) => (
              <div>
                <input type="checkbox" id={`spoke-${i}`} name="spoke" value={a.name} checked={a.participated === true} />{' '}
                <label
                  for={`spoke-${i}`}
                >{`${a.name}${a.role ? `, ${a.role}` : ''}${a.invited === false ? ' (came uninvited)' : ''}${a.checkedIn ? '' : ' (added by a facilitator)'}`}</label>
              </div>
            ))}
          </fieldset>
        ) : (
          <p class="muted">Nobody has checked in yet.</p>
        )}
        {absent.length ? <p id="not-here">{`Invited, not here${attendees.length ? '' : ' yet'}: ${absent.join(', ')}.`}</p> : null}
        <Field
          name="add"
          label="Add people who came but did not check in"
          multiline={3}
          values={props.values ?? {}}
          problems={props.problems}
          hint="One a line, or separated by commas."
          maxlength={40_000}
        />
        <div class="field">
          <label>
            <input type="checkbox" name="addedSpoke" value="yes" /> They shared their view too
          </label>
        </div>
        <p class="actions">
          <button type="submit">Save the attendance</button>
        </p>
      </form>

      {attendees.length && !review.cancelledAt ? <CorrectAttendance review={review} attendees={attendees} /> : null}

      <h2 id="single-use">Single-use survey links</h2>
      <p>One link a person, each answered once: for sending to each attendee on their own.</p>
      <form method="post" action={`/reviews/${review.id}/survey-links`} class="range" aria-label="Make single-use links">
        <label>
          How many
          <input
            type="number"
            name="count"
            min={1}
            max={500}
            value={props.values?.count ?? String(Math.max(1, attendance.attendees || review.invitees.length || 1))}
            required
            aria-invalid={props.problems?.count ? 'true' : undefined}
            aria-describedby={props.problems?.count ? 'count-error' : undefined}
          />
          {props.problems?.count ? (
            <span class="field-error" id="count-error">
              {props.problems.count}
            </span>
          ) : null}
        </label>
        <button type="submit">Make the links</button>
      </form>
      {props.singleUse.length ? (
        <>
          <p>
            {`${plural(props.singleUse.length, 'link')}, ${props.singleUse.filter((l) => l.used).length} answered. `}
            <a href={`/reviews/${review.id}/survey-links.csv`}>Download them as CSV</a>
          </p>
          <details>
            <summary>Show the links</summary>
            <ul>
              {props.singleUse.map((link) => (
                <li>
                  <code>{`${base}/s/${link.token}`}</code>
                  {link.used ? ' · answered' : ''}
                </li>
              ))}
            </ul>
          </details>
        </>
      ) : null}
      {review.cancelledAt ? null : (
        <>
          <h2 id="cancel">Cancel the review</h2>
          <form method="post" action={`/reviews/${review.id}/cancel`} class="stack">
            <p>
              Its check-in and survey links will say it was cancelled, and nothing of it is counted any more: its attendance and answers stay stored, uncounted.
            </p>
            <div class="field">
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> Yes, cancel this review
              </label>
            </div>
            <p class="actions">
              <button type="submit" class="danger">
                Cancel the review
              </button>
            </p>
          </form>
        </>
      )}
    </DashboardPage>
  );
}

/** Removing a mistaken record, and making two records of one person one. */
function CorrectAttendance(props: { review: Review; attendees: Attendee[] }) {
  const { review, attendees } = props;
  const options = (selected?: string) =>
    attendees.map((a) => (
      <option value={a.name} selected={a.name === selected}>
        {a.name}
      </option>
    ));
  return (
    <section aria-labelledby="corrections">
      <h3 id="corrections">Correct the attendance</h3>
      <form method="post" action={`/reviews/${review.id}/attendees/remove`} class="inline-form">
        <label for="remove-name">Remove the record of</label>{' '}
        <select id="remove-name" name="name">
          {options()}
        </select>{' '}
        <label>
          <input type="checkbox" name="confirm" value="yes" required /> Yes, remove it
        </label>{' '}
        <button type="submit" class="secondary">
          Remove
        </button>
      </form>
      {attendees.length > 1 ? (
        <form method="post" action={`/reviews/${review.id}/attendees/merge`} class="inline-form">
          <label for="merge-name">Merge</label>{' '}
          <select id="merge-name" name="merge">
            {options(attendees[1]!.name)}
          </select>{' '}
          <label for="keep-name">into</label>{' '}
          <select id="keep-name" name="keep">
            {options(attendees[0]!.name)}
          </select>{' '}
          <button type="submit" class="secondary">
            Make them one
          </button>
          <span class="muted hint">{' The record kept keeps its spelling; what only the other said joins it.'}</span>
        </form>
      ) : null}
    </section>
  );
}

/** `/reviews/{id}/present`: the check-in for the room's screen, refreshing its count by itself. */
function PresentPage(props: { review: Review; title: string; checkinUrl: string; checkedIn: number; open: boolean }) {
  const css = `body{margin:0;font:1.25rem/1.4 system-ui,sans-serif;background:#fff;color:#111;display:grid;place-items:center;min-height:100vh;text-align:center}
main{padding:2rem} h1{font-size:2.2rem;margin:0 0 1rem} .title{font-size:1.4rem;margin:0 0 .5rem;color:#333} .qr svg{width:min(70vh,80vw);height:auto} .url{font-size:1.6rem;font-weight:700;word-break:break-all} .count{font-size:2rem;margin-top:1rem}`;
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <link rel="icon" href={FAVICON_PATH} type="image/svg+xml" />
          {/* Without scripts the screen refreshes itself; with them, /assets/dashboard.js updates it in place. */}
          <noscript>{raw('<meta http-equiv="refresh" content="10">')}</noscript>
          <title>{`Check in · ${props.title} · Learning Signals`}</title>
          <style>{raw(css)}</style>
          <script defer src="/assets/dashboard.js"></script>
        </head>
        <body>
          <main data-refresh="10">
            <p class="title">{props.title}</p>
            <h1>{props.open ? 'Check in: scan the code' : 'The check-in is closed'}</h1>
            <div class="qr">
              <Qr url={props.checkinUrl} label="QR code of the check-in link" />
            </div>
            <p class="url">{props.checkinUrl.replace(/^https?:\/\//, '')}</p>
            <p class="count" role="status" aria-live="polite">
              {`${plural(props.checkedIn, 'person', 'people')} checked in so far`}
            </p>
          </main>
        </body>
      </html>
    </>
  );
}

/** A write-up's review scheduling, and each review's page, check-in screen, attendance, single-use links and invite. */
export function reviewPageHandlers(deps: AppDeps) {
  const templateChoices = async () =>
    (await allTemplates(deps.store)).map((t) => ({ ref: `${t.id}@${t.version}`, title: `${t.title} (${t.id}, version ${t.version})` }));
  const writeupOf = async (c: Context) => {
    const id = writeupIdSchema.safeParse(c.req.param('id'));
    return id.success ? findWriteup(deps.store, id.data) : undefined;
  };
  const notFound = (c: Context, what: string) => c.html(<NotFoundPage caller={callerOf(c)} what={`${what} with that id`} />, 404);

  const viewOf = async (c: Context): Promise<ReviewView | undefined> => {
    const details = await reviewDetails(deps.store, c.req.param('id') ?? '');
    if (!details) return undefined;
    const base = publicUrlOf(deps, c.req.url);
    const [writeup, singleUse] = await Promise.all([findWriteup(deps.store, details.review.writeupId), singleUseLinksOf(deps.store, details.review.id)]);
    return { ...details, writeup, links: reviewLinks(base, details.review), singleUse, base, now: nowOf(deps) };
  };
  const notices: Record<string, string> = {
    scheduled: 'Scheduled. Put the check-in on the room’s screen, or send the links.',
    saved: 'Attendance saved.',
    closed: 'The reopened check-in is closed again.',
    edited: 'Saved. Download the calendar invite again and send it: calendars take it as the newer version.',
    cancelled: 'Cancelled. Its links now say so; send the calendar invite again to take it off calendars.',
  };
  const mailedNotices: Record<string, (sent: number) => string> = {
    edited: (sent) => `Saved, and mailed to ${plural(sent, 'invitee')} as the newer version of the invitation.`,
    cancelled: (sent) => `Cancelled, and the cancellation mailed to ${plural(sent, 'invitee')}: their calendars can remove it.`,
  };
  const problems: Record<string, string> = {
    cancelled: 'This review was cancelled: it cannot be changed.',
    gone: 'This review is gone.',
    'confirm-cancel': 'Nothing was cancelled: tick the box to confirm first.',
    'confirm-remove': 'Nothing was removed: tick the box to confirm first.',
    'no-record': 'There is no attendance record by that name (any more).',
    'same-person': 'Pick two different records to make one.',
    'invite-no-mail': 'Nothing was mailed: mail is not set up (DIGEST_EMAIL_FROM with SMTP_URL, or SES in AWS).',
    'invite-no-addresses': 'Nothing was mailed: no invitee has an e-mail address.',
    'invite-cancelled': 'Nothing was mailed: the review was cancelled.',
    'invite-gone': 'Nothing was mailed: the write-up is gone.',
  };

  return group(reviewPages, {
    newReviewPage: async (c) => {
      const writeup = await writeupOf(c);
      if (!writeup) return notFound(c, 'write-up');
      const zone = isTimeZone(c.req.query('tz') ?? '') ? c.req.query('tz')! : 'UTC';
      return c.html(<ScheduleForm caller={callerOf(c)} writeup={writeup} values={{ timeZone: zone }} problems={{}} templates={await templateChoices()} />);
    },
    scheduleReview: async (c) => {
      const writeup = await writeupOf(c);
      if (!writeup) return notFound(c, 'write-up');
      const values = await formValues(c);
      const problems: Problems = {};
      if (!isTimeZone(values.timeZone ?? '')) problems.timeZone = 'pick a time zone from the list';
      const startsAt = localToUtc(values.startsLocal ?? '', values.timeZone ?? 'UTC');
      if (!startsAt) problems.startsLocal = 'must be a date and a time, for example 2026-12-01 14:30';
      const invitees = inviteesOf(values.invitees ?? '');
      if (!invitees.ok) problems.invitees = invitees.message;
      const minutes = values.durationMinutes?.trim() ?? '';
      if (minutes && !/^\d{1,4}$/.test(minutes)) problems.durationMinutes = 'a whole number of minutes, like 60';
      const parsed = createReviewSchema.safeParse({
        startsAt: startsAt?.toISOString() ?? '',
        ...(values.title?.trim() ? { title: values.title } : {}),
        invitees: invitees.ok ? invitees.invitees : [],
        ...(/^\d{1,4}$/.test(minutes) ? { durationMinutes: Number(minutes) } : {}),
        surveyTemplate: values.surveyTemplate || undefined,
        anonymous: values.anonymous !== 'no',
        timeZone: isTimeZone(values.timeZone ?? '') ? values.timeZone : undefined,
      });
      if (!parsed.success) {
        // The form's field for when is startsLocal: the API's startsAt problem (a day outside the bounds) is said next to it.
        const { startsAt: startsProblem, ...rest } = problemsOf(parsed.error);
        Object.assign(problems, { ...rest, ...(startsProblem ? { startsLocal: startsProblem } : {}), ...problems });
      }
      const again = (status: 400) =>
        templateChoices().then((templates) =>
          c.html(<ScheduleForm caller={callerOf(c)} writeup={writeup} values={values} problems={problems} templates={templates} />, status),
        );
      if (Object.keys(problems).length || !parsed.success) return again(400);
      const scheduled = await scheduleReview(deps.store, writeup.id, parsed.data, nowOf(deps), callerOf(c).email ?? undefined);
      if (!scheduled.ok) {
        problems.surveyTemplate = scheduled.missing === 'template' ? 'that survey is gone; pick another' : 'the write-up is gone';
        return again(400);
      }
      setAuditTarget(c, reviewAuditTarget(scheduled.review.id, writeup.id));
      return c.redirect(`/reviews/${scheduled.review.id}?scheduled=1`, 303);
    },
    reviewPage: async (c) => {
      const view = await viewOf(c);
      if (!view) return notFound(c, 'review');
      const minted = c.req.query('minted');
      const reopened = c.req.query('reopened');
      const removed = c.req.query('removed');
      const invited = c.req.query('invited');
      const mailedKey = Object.keys(mailedNotices).find((key) => c.req.query(key) === 'mailed');
      const sent = Number(c.req.query('sent')) || 0;
      const merged = c.req.query('merged');
      const failedMail = Number(c.req.query('failed')) || 0;
      const notice = mailedKey
        ? mailedNotices[mailedKey]!(sent)
        : invited
          ? `Mailed the invitation to ${plural(Number(invited) || 0, 'invitee')}.${failedMail ? ` ${plural(failedMail, 'address', 'addresses')} could not be reached: see the log.` : ''}`
          : minted
            ? `Made ${plural(Number(minted) || 0, 'single-use link')}.`
            : reopened && !Number.isNaN(Date.parse(reopened))
              ? `The check-in is open until ${utcMinute(reopened)}.`
              : removed
                ? `Removed ${removed.slice(0, 100)}’s attendance.`
                : merged
                  ? `The two records are one now: ${merged.slice(0, 100)}.`
                  : Object.entries(notices).find(([key]) => c.req.query(key))?.[1];
      const problem = problems[c.req.query('problem') ?? ''];
      return c.html(<ReviewPage {...view} caller={callerOf(c)} notice={notice} alert={problem} />);
    },
    recordAttendance: async (c) => {
      const view = await viewOf(c);
      if (!view) return notFound(c, 'review');
      if (view.review.cancelledAt) return c.redirect(`/reviews/${view.review.id}?problem=cancelled`, 303);
      const values = await formValues(c);
      const spoke = new Set((values.spoke ?? '').split('\n').filter(Boolean));
      const added = inviteesOf(values.add ?? '');
      if (!added.ok) return c.html(<ReviewPage {...view} caller={callerOf(c)} values={values} problems={{ add: added.message }} />, 400);
      const updates = [
        ...view.attendees.map((a) => ({ name: a.name, participated: spoke.has(a.name) })),
        ...added.invitees
          .map(({ name }) => name)
          .filter((name) => !view.attendees.some((a) => a.name.toLowerCase() === name.toLowerCase()))
          .map((name) => ({ name, participated: values.addedSpoke === 'yes' })),
      ];
      await recordAttendance(deps.store, view.review, updates, 'facilitator', nowOf(deps));
      return c.redirect(`/reviews/${view.review.id}?saved=1#attendance`, 303);
    },
    mintSurveyLinks: async (c) => {
      const view = await viewOf(c);
      if (!view) return notFound(c, 'review');
      if (view.review.cancelledAt) return c.redirect(`/reviews/${view.review.id}?problem=cancelled`, 303);
      const values = await formValues(c);
      const parsed = surveyLinksSchema.safeParse({ count: z.coerce.number().int().safeParse(values.count).data ?? Number.NaN });
      if (!parsed.success)
        return c.html(
          <ReviewPage
            {...view}
            caller={callerOf(c)}
            values={values}
            problems={{ count: problemsOf(parsed.error).count ?? 'must be a number from 1 to 500' }}
          />,
          400,
        );
      await mintSurveyLinks(deps.store, view.review.id, parsed.data.count, nowOf(deps));
      return c.redirect(`/reviews/${view.review.id}?minted=${parsed.data.count}#single-use`, 303);
    },
    reopenCheckin: async (c) => {
      const view = await viewOf(c);
      if (!view) return notFound(c, 'review');
      if (view.review.cancelledAt) return c.redirect(`/reviews/${view.review.id}?problem=cancelled`, 303);
      const values = await formValues(c);
      const parsed = reopenCheckinSchema.safeParse({ hours: /^\d{1,3}$/.test(values.hours ?? '') ? Number(values.hours) : Number.NaN });
      if (!parsed.success)
        return c.html(<ReviewPage {...view} caller={callerOf(c)} values={values} problems={{ hours: 'pick how many hours, up to 72' }} />, 400);
      const reopened = await reopenCheckin(deps.store, view.review, parsed.data.hours, nowOf(deps));
      const until = reopened.checkinReopenedUntil;
      return c.redirect(`/reviews/${view.review.id}?${until ? `reopened=${encodeURIComponent(until)}` : 'closed=1'}`, 303);
    },
    surveyLinksCsv: async (c) => {
      const view = await viewOf(c);
      if (!view) return notFound(c, 'review');
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="survey-links-${view.review.id}.csv"`);
      c.header('Cache-Control', 'no-store');
      return c.body(
        [
          csvRow(['url', 'minted', 'answered']),
          ...view.singleUse.map((link) => csvRow([`${view.base}/s/${link.token}`, link.mintedAt, link.used ? 'yes' : 'no'])),
        ].join(''),
      );
    },
    reviewInvite: async (c) => {
      const view = await viewOf(c);
      if (!view) return notFound(c, 'review');
      const { review, links, writeup } = view;
      const invite = reviewCalendar(review, writeup, links, deps.reviewMail?.from ?? deps.digest?.email?.from);
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="review-${review.id}.ics"`);
      return c.body(invite);
    },
    presentPage: async (c) => {
      const view = await viewOf(c);
      if (!view) return notFound(c, 'review');
      const checkedIn = view.attendees.filter((a) => a.checkedIn).length;
      return c.html(
        <PresentPage
          review={view.review}
          title={view.review.title ?? `Review of “${view.writeup?.title ?? view.review.writeupId}”`}
          checkinUrl={view.links.checkinUrl}
          checkedIn={checkedIn}
          open={checkinWindow(view.review, view.now).open}
        />,
      );
    },
  });
}
