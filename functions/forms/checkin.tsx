import { utcMinute } from '../domain/dates';
import type { Context } from 'hono';
import { checkinSchema, ROLES } from '../domain/attendance';
import { checkinWindow, type Review } from '../domain/review';
import type { RawAnswers } from '../domain/survey';
import { issuesOf } from '../domain/validation';
import { openLink, recordAttendance } from '../services/reviews';
import { nowOf, type AppDeps } from '../shared/deps';
import { errorBody } from '../shared/errors';
import { group } from '../shared/app';
import { checkinRoutes } from './routes';
import { StoreUnavailable } from '../domain/errors';
import { capitalize, ErrorSummary, FieldError, MessagePage, NameField, Page } from './layout';
import { readSubmission } from '../shared/submission';
import { formReply, type FormReply } from './reply';
import { SURVEY_SCRIPT_PATH } from './survey-form';

const text = (value: RawAnswers[string]) => (Array.isArray(value) ? (value[0] ?? '') : value === undefined ? '' : String(value));

function CheckinForm(props: { action: string; review?: Review; values: RawAnswers; errors: Record<string, string>; notice?: string; room?: boolean }) {
  const { values, errors } = props;
  const title = props.review?.title ? `Check in: ${props.review.title}` : 'Check in to the review';
  const radio = (field: 'invited' | 'role', options: readonly string[]) =>
    options.map((option, index) => (
      <label class="choice">
        <input
          type="radio"
          name={field}
          value={option}
          id={index === 0 ? `field-${field}` : undefined}
          checked={text(values[field]) === option}
          aria-invalid={errors[field] ? 'true' : undefined}
        />
        {capitalize(option)}
      </label>
    ));
  return (
    <Page title={title}>
      <h1>{title}</h1>
      <p class="lede">Your name is seen by the review's organizers only.</p>
      {props.room ? <p class="hint">This is the room's check-in: after each check-in it comes back for the next person.</p> : null}
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={{ name: 'Your name', invited: 'Were you invited?', role: 'Your role' }} />
      <form method="post" action={props.action} novalidate>
        <NameField value={text(values.name)} error={errors.name} />
        <fieldset aria-describedby={errors.invited ? 'error-invited' : undefined}>
          <legend>Were you invited?</legend>
          <FieldError field="invited" message={errors.invited} />
          <div class="choices pairs">{radio('invited', ['yes', 'no'])}</div>
        </fieldset>
        <fieldset aria-describedby={errors.role ? 'error-role' : undefined}>
          <legend>Your role</legend>
          <FieldError field="role" message={errors.role} />
          <div class="choices pairs">{radio('role', ROLES)}</div>
        </fieldset>
        <button type="submit">Check in</button>
      </form>
    </Page>
  );
}

const unknownPage = <MessagePage title="Check-in not found" message="This check-in link is not known. Check that it was copied whole." />;

const when = utcMinute;
const closedMessage = (window: ReturnType<typeof checkinWindow>) =>
  `This check-in opens an hour before the review starts and closes a day after: it was open from ${when(window.opensAt)} to ${when(window.closesAt)}. If you were there, tell the facilitator: they can reopen it or add you.`;
/** A cancelled review's links say so, whatever their window. */
const cancelledPage = (
  <MessagePage title="This review was cancelled" message="The review this link was for has been cancelled: there is nothing to check in to." />
);
const closedPage = (window: ReturnType<typeof checkinWindow>) => <MessagePage title="Check-in is closed" message={closedMessage(window)} />;
const storeDownNotice = 'We could not check you in just now. Your answers are still here: please press Check in again in a minute.';

/** Seconds the room's screen shows its thanks before the form comes back for the next person. */
export const ROOM_RESET_SECONDS = 8;

/**
 * The room's screen (a tablet at the door, the laptop showing the check-in)
 * opens the form as `/c/{token}?room=1`: only there does the form come back by
 * itself for the next person. Someone checking in on their own phone keeps
 * their thanks on screen.
 */
const ROOM_QUERY = 'room=1';
const isRoomScreen = (c: Context) => c.req.query('room') === '1';
const formPath = (c: Context) => (isRoomScreen(c) ? `${c.req.path}?${ROOM_QUERY}` : c.req.path);

/**
 * After a check-in: thanks; on the room's screen the form comes back empty for
 * the next person, at once with the button or by itself after a few seconds
 * (the forms' script; without scripts, a refresh in <noscript>).
 */
function CheckedIn(props: { name: string; form: string; room: boolean }) {
  if (!props.room) {
    return (
      <Page title="You're checked in">
        <h1>You're checked in</h1>
        <p>{`Thanks, ${props.name}. Enjoy the review.`}</p>
        <p class="hint">You can close this page. The survey link comes after the review.</p>
      </Page>
    );
  }
  return (
    <Page title="You're checked in" script={SURVEY_SCRIPT_PATH} refreshWithoutScripts={{ seconds: ROOM_RESET_SECONDS, to: props.form }}>
      <h1>You're checked in</h1>
      <p>{`Thanks, ${props.name}. Enjoy the review.`}</p>
      <p>
        <a class="button" href={props.form} data-reset-after={String(ROOM_RESET_SECONDS)}>
          Check in the next person
        </a>
      </p>
      <p class="hint">{`This screen comes back for the next person in ${ROOM_RESET_SECONDS} seconds.`}</p>
    </Page>
  );
}

export function checkinHandlers(deps: AppDeps) {
  const storeDown = (c: Context, reply: FormReply, values: RawAnswers, review?: Review) =>
    reply.refused(
      503,
      'unavailable',
      storeDownNotice,
      <CheckinForm action={formPath(c)} review={review} values={values} errors={{}} notice={storeDownNotice} room={isRoomScreen(c)} />,
    );
  return group(checkinRoutes, {
    checkinForm: async (c) => {
      c.header('Cache-Control', 'no-store');
      const open = await openLink(deps.store, c.req.valid('param').token, ['checkin']);
      if (!open) return c.html(unknownPage, 404);
      if (open.review.cancelledAt) return c.html(cancelledPage, 410);
      const window = checkinWindow(open.review, nowOf(deps));
      if (!window.open) return c.html(closedPage(window), 403);
      return c.html(<CheckinForm action={formPath(c)} review={open.review} values={{}} errors={{}} room={isRoomScreen(c)} />);
    },
    checkIn: async (c) => {
      c.header('Cache-Control', 'no-store');
      const submission = await readSubmission(c);
      if (!submission) return c.json(errorBody('validation_failed', 'The body must be a JSON object.'), 400);
      const { json, fields } = submission;
      const reply = formReply(c, json);
      let open: Awaited<ReturnType<typeof openLink>>;
      try {
        open = await openLink(deps.store, c.req.valid('param').token, ['checkin']);
      } catch (error) {
        if (!(error instanceof StoreUnavailable)) throw error;
        return storeDown(c, reply, fields);
      }
      if (!open) return reply.refused(404, 'not_found', 'This check-in link is not known.', unknownPage);
      if (open.review.cancelledAt) return reply.refused(410, 'gone', 'This review was cancelled.', cancelledPage);
      const window = checkinWindow(open.review, nowOf(deps));
      if (!window.open) return reply.refused(403, 'forbidden', closedMessage(window), closedPage(window));
      const parsed = checkinSchema.safeParse({ name: text(fields.name), invited: text(fields.invited), role: text(fields.role) });
      if (!parsed.success) {
        const issues = issuesOf(parsed.error);
        const errors = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
        return reply.refused(
          400,
          'validation_failed',
          'The check-in needs a look.',
          <CheckinForm action={formPath(c)} review={open.review} values={fields} errors={errors} room={isRoomScreen(c)} />,
          issues,
        );
      }
      const { name, invited, role } = parsed.data;
      try {
        await recordAttendance(
          deps.store,
          open.review,
          [{ name, role, invited: invited === undefined ? undefined : invited === 'yes', checkedIn: true }],
          'checkin',
          nowOf(deps),
        );
      } catch (error) {
        if (!(error instanceof StoreUnavailable)) throw error;
        return storeDown(c, reply, fields, open.review);
      }
      return reply.saved(<CheckedIn name={name} form={formPath(c)} room={isRoomScreen(c)} />);
    },
  });
}
