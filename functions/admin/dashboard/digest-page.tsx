import type { Context } from 'hono';
import { group } from '../../shared/app';
import { digestPages } from './pages.routes';
import { raw } from 'hono/html';
import { addDays, MIN_DAY, utcMinute } from '../../domain/dates';
import { scheduleWords, type Destination, type DigestWeek } from '../../domain/digest';
import { digestHtmlBody, digestText, weekName } from '../../domain/digest-message';
import { atLeast, type Caller } from '../../domain/people';
import type { DigestSend } from '../../data/digests';
import { digestPreview, sendDigest, type SendResult } from '../../services/digest';
import { nowOf, publicUrlOf, type AppDeps } from '../../shared/deps';
import { callerOf, setAuditTarget } from '../authorize';
import { askedWeek, digestAuditTarget, scheduleOf, sendStatus } from '../digest';
import { CURRENT_WEEK } from '../digest.routes';
import { DataTable } from './data-table';
import { DashboardPage } from './layout';

const DESTINATION_NAMES: Record<Destination, string> = { slack: 'Slack', email: 'E-mail' };

const STATUS_NAMES: Record<DigestSend['status'], string> = { sending: 'Being sent', sent: 'Sent', failed: 'Not sent', empty: 'Not sent: an empty week' };

type Preview = Awaited<ReturnType<typeof digestPreview>>;

function Deliveries(props: { preview: Preview; emailTo?: string[] }) {
  const { records, destinations, week } = props.preview;
  const shown = [...new Set<string>([...destinations, ...records.map((r) => r.destination)])];
  if (shown.length === 0) return null;
  const rows = shown.map((destination) => {
    const record = records.find((r) => r.destination === destination);
    const where = DESTINATION_NAMES[destination as Destination] ?? destination;
    if (!record) {
      return {
        where,
        status: 'Not sent yet',
        runs: 0,
        when: 'dueAt' in week ? `Due ${utcMinute(week.dueAt as string)}` : '',
        what: destination === 'email' && props.emailTo ? `To ${props.emailTo.join(', ')}` : '',
      };
    }
    const what = [
      record.detail,
      record.error,
      record.status === 'failed'
        ? record.nextTryAt
          ? `Tried again after ${utcMinute(record.nextTryAt)}.`
          : 'Not tried again by the schedule: send it by hand once the cause is fixed.'
        : undefined,
      record.status === 'sending' ? `Claimed ${utcMinute(record.claimedAt)}; a claim older than 10 minutes is tried again.` : undefined,
    ];
    return {
      where,
      status: STATUS_NAMES[record.status],
      runs: record.attempts,
      when: utcMinute(record.sentAt ?? record.updatedAt),
      what: what.filter(Boolean).join(' '),
    };
  });
  return (
    <DataTable
      caption={{ text: "What happened to this week's digest" }}
      rows={rows}
      columns={[
        { head: 'Where', rowHead: true, cell: (r) => r.where },
        { head: 'Status', cell: (r) => r.status },
        { head: 'Runs', num: true, cell: (r) => r.runs },
        { head: 'When', cell: (r) => r.when },
        { head: 'What happened', cell: (r) => r.what },
      ]}
    />
  );
}

function SentMessage(props: { result: SendResult }) {
  const { result } = props;
  return (
    <div class={result.destinations.some((d) => d.status === 'failed') ? 'problems' : 'callout'} role="status">
      <p>
        <strong>{result.sent ? 'Sent.' : `Not sent: ${result.reason}.`}</strong>
      </p>
      <ul>
        {result.destinations.map((d) => (
          <li>{`${DESTINATION_NAMES[d.destination]}: ${d.sent ? 'sent now' : (d.reason ?? d.status)}`}</li>
        ))}
      </ul>
    </div>
  );
}

function DigestPage(props: { caller: Caller; preview: Preview; deps: AppDeps; result?: SendResult; problem?: string; current: boolean }) {
  const { preview, deps, caller } = props;
  const schedule = scheduleWords(scheduleOf(deps));
  const { open } = preview;
  const email = deps.digest?.email;
  const soFar = 'soFar' in preview.week && preview.week.soFar === true;
  return (
    <DashboardPage title="Weekly digest" caller={caller}>
      <h1>Weekly digest</h1>
      <p>
        {`Once a week (${schedule}) the week's signals go out beside the week before's, with participants' own words and the write-ups a year old: to Slack, by e-mail, or both. Each week's digest goes at most once to each place.`}
      </p>
      {props.problem ? <p class="problems" role="alert">{`That week cannot be shown: the week ${props.problem}.`}</p> : null}
      {props.result ? <SentMessage result={props.result} /> : null}
      {preview.destinations.length === 0 ? (
        <p class="note">
          It is not sent anywhere yet. Set <code>DIGEST_SLACK_WEBHOOK_URL</code> to a Slack incoming webhook, or <code>DIGEST_EMAIL_TO</code> and{' '}
          <code>DIGEST_EMAIL_FROM</code> (with <code>SMTP_URL</code> when it runs on one machine); docs/using.md says how.
        </p>
      ) : (
        <p>{`Sent to ${preview.destinations.map((d) => (d === 'email' && email ? `e-mail (${email.to.join(', ')})` : DESTINATION_NAMES[d])).join(' and ')}.`}</p>
      )}
      <Deliveries preview={preview} emailTo={email?.to} />
      {props.current && atLeast(caller.role, 'admin') && open.length > 0 ? (
        <form method="post" action="/digest/send" class="actions">
          <button type="submit">Send this week's digest now</button>
          <span class="muted">{`To ${open.map((d) => DESTINATION_NAMES[d]).join(' and ')}: only where it has not gone yet.`}</span>
        </form>
      ) : null}
      {props.current && preview.destinations.length > 0 && open.length === 0 ? (
        <p>This week's digest has gone everywhere it can: the next goes out on schedule.</p>
      ) : null}
      <nav class="actions" aria-label="Weeks">
        {/* The switch between the week a digest last covered and the one under way; the current one is marked. */}
        <a href="/digest" aria-current={props.current ? 'page' : undefined}>
          Last week
        </a>
        <a href={`/digest?week=${CURRENT_WEEK}`} aria-current={soFar ? 'page' : undefined}>
          This week so far
        </a>
        {/* No week before one starting in the first week of 2000: no day before 2000-01-01 is counted. */}
        {addDays(preview.week.from, -7) >= MIN_DAY ? <a href={`/digest?week=${addDays(preview.week.from, -7)}`}>The week before</a> : null}
      </nav>
      <h2>{soFar ? `This week so far: ${weekName(preview.week)}` : `The digest of ${weekName(preview.week)}`}</h2>
      {soFar ? (
        <p class="note">
          {`A preview of the week under way, up to today, compared with as many days before it. Its digest goes out ${'dueAt' in preview.week ? utcMinute(preview.week.dueAt as string) : 'once the week ends'}, with the whole week.`}
        </p>
      ) : null}
      {preview.empty ? (
        <p class="status-note">
          {soFar
            ? 'Nothing has happened this week yet and no write-up is a year old this week.'
            : 'Nothing happened in this week and no write-up is a year old: an empty week is not sent.'}
        </p>
      ) : null}
      <article
        class="digest-preview"
        aria-label="The digest as it is sent"
        style="border:1px solid var(--line);border-radius:0.5rem;padding:1rem;max-width:46rem"
      >
        {raw(digestHtmlBody(preview.digest))}
      </article>
      <details>
        <summary>As plain text (the e-mail's text part)</summary>
        <pre>{digestText(preview.digest)}</pre>
      </details>
    </DashboardPage>
  );
}

/** `/digest`: the digest of the latest week (or an earlier one) as it is sent, and what happened to it; `POST /digest/send` sends it now. */
export function digestPageHandlers(deps: AppDeps) {
  const page = async (c: Context, weekAsked: string | undefined, result?: SendResult) => {
    const latest = askedWeek(deps, undefined) as DigestWeek;
    const asked = askedWeek(deps, weekAsked);
    const week = 'problem' in asked ? latest : asked;
    const preview = await digestPreview(deps.store, deps.digest, { now: nowOf(deps), dashboardUrl: publicUrlOf(deps, c.req.url), week, places: deps });
    const problem = 'problem' in asked ? asked.problem : undefined;
    const status = result ? sendStatus(result) : problem ? 400 : 200;
    return c.html(
      <DigestPage caller={callerOf(c)} deps={deps} preview={preview} problem={problem} result={result} current={week.from === latest.from} />,
      status,
    );
  };

  return group(digestPages, {
    digestPage: (c) => page(c, c.req.query('week')),
    sendDigest: async (c) => {
      const settings = deps.digest;
      if (!settings || !(settings.slackWebhookUrl || settings.email)) return page(c, undefined);
      const result = await sendDigest(deps.store, settings, { now: nowOf(deps), dashboardUrl: publicUrlOf(deps, c.req.url), byHand: true, places: deps });
      setAuditTarget(c, digestAuditTarget(result));
      return page(c, undefined, result);
    },
  });
}
