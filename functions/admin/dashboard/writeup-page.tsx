import type { Child } from 'hono/jsx';
import type { Attendee } from '../../domain/attendance';
import type { PlatformReads, WriteupReport } from '../../domain/report';
import { READ_PLACES, type ReadPlace } from '../../domain/read-places';
import type { Review } from '../../domain/review';
import type { QuestionSummary } from '../../domain/survey';
import type { EmbedSnippets, Writeup } from '../../domain/writeup';
import { INCIDENT_PLATFORMS, type WriteupSource } from '../../domain/incident-platforms';
import { atLeast, maySeeNames, type Caller } from '../../domain/people';
import { AddLinkForm } from './writeup-forms';
import { MAX_NEW_PLACES_A_DAY } from '../../domain/links';
import { proxyName } from '../../domain/proxies';
import { utcMinute } from '../../domain/dates';
import { BarChart } from './charts';
import { fmt, plural } from '../../domain/words';
import { DataTable } from './data-table';
import { DashboardPage, HowToRead, RangeForm, Said } from './layout';
import { GoLinkBuilder, ReferrerNote, type GoLinkAsked } from './go-link-builder';

/** Links a write-up page lists at first; more a click at a time. */
export const PAGE_LINKS = 25;

const AGE_LABELS: Record<string, string> = { d0_7: 'first week', d8_30: 'days 8–30', d31_90: 'days 31–90', d91_: 'after 90 days' };
const WORDS = ['surprise', 'mystery', 'notWorse'];

/** Answers longer than this fold after a few lines; a click (no script needed) shows all of it. */
const FOLD_AT = 480;

/** One participant's words, whole, or folded when long. */
export function Answer(props: { text: string }) {
  const { text } = props;
  if (text.length <= FOLD_AT) return <blockquote>{text}</blockquote>;
  const cut = text.lastIndexOf(' ', 360);
  const preview = text.slice(0, cut > 200 ? cut : 360);
  return (
    <blockquote class="long">
      <details>
        <summary>
          <span class="preview">{`${preview}…`}</span>
          <span class="more">{`Read all of it (${fmt(text.length)} characters)`}</span>
          {/* Open, the summary still needs a name: it folds the answer again. */}
          <span class="less">Show less</span>
        </summary>
        {text}
      </details>
    </blockquote>
  );
}

function Answers(props: { question: QuestionSummary & { answers: string[] } }) {
  return (
    <section aria-labelledby={`q-${props.question.id}`}>
      <h3 id={`q-${props.question.id}`}>{props.question.prompt}</h3>
      {props.question.answers.length === 0 ? <p class="muted">No answers yet.</p> : props.question.answers.map((answer) => <Answer text={answer} />)}
    </section>
  );
}

type Counted = Exclude<QuestionSummary, { answers: string[] }>;

/** A question with options or a scale: how many picked each, and the scale's mean. */
function countsOf(q: Counted): string {
  const counts = Object.entries(q.counts)
    .map(([option, n]) => `${option}: ${fmt(n)}`)
    .join(' · ');
  return q.type === 'scale' && q.mean !== null ? `${counts} (mean ${q.mean})` : counts;
}

const yesNo = (answer: boolean | undefined) => (answer === undefined ? '—' : answer ? 'yes' : 'no');

type LinkRow = WriteupReport['links']['items'][number];

/** Where a link to the write-up is: its address, a link when it is a web page. */
function place(link: LinkRow): Child {
  if (link.overflow) return <span class="muted">{`(places past the day's limit of ${MAX_NEW_PLACES_A_DAY} new ones)`}</span>;
  if (!link.url) return <span class="muted">(no referrer)</span>;
  return /^https?:/.test(link.url) ? <a href={link.url}>{link.url}</a> : link.url;
}

/** Archiving (and restoring) for facilitators; deleting, with the id typed to confirm, for admins. */
function ArchiveOrDelete(props: { writeup: Writeup; admin: boolean }) {
  const { writeup } = props;
  return (
    <section aria-labelledby="archive">
      <h2 id="archive">{writeup.archivedAt ? 'Restore or delete' : 'Archive or delete'}</h2>
      <form method="post" action={`/writeups/${writeup.id}/${writeup.archivedAt ? 'restore' : 'archive'}`}>
        <p>
          {writeup.archivedAt
            ? 'Restoring brings it back into the lists and the digest.'
            : 'Archiving takes it out of the lists and the digest; its reads, links and reviews stay, and its tracker keeps counting. It can be restored.'}
        </p>
        <button type="submit" class="secondary">
          {writeup.archivedAt ? 'Restore the write-up' : 'Archive the write-up'}
        </button>
      </form>
      {props.admin ? (
        <form method="post" action={`/writeups/${writeup.id}/delete`} class="stack" id="delete">
          <p>
            Deleting removes the write-up and every fact about it (reads, links, reviews, attendance and answers) for good; the organization’s counts drop by
            what it added.
          </p>
          <div class="field">
            <label for="confirm-id">{`Type its id, ${writeup.id}, to confirm`}</label>
            <input id="confirm-id" name="confirmId" required autocomplete="off" />
          </div>
          <p class="actions">
            <button type="submit" class="danger">
              Delete the write-up and its facts
            </button>
          </p>
        </form>
      ) : null}
    </section>
  );
}

/** One write-up: reads, the long tail, links, reviews, and what participants said in their own words. */
export function WriteupPage(props: {
  writeup: Writeup;
  report: WriteupReport;
  reviews: Array<{ review: Review; attendees: Attendee[] }>;
  embed: EmbedSnippets;
  caller: Caller;
  upcoming: Review[];
  notice?: string;
  alert?: string;
  goLinkAsked?: GoLinkAsked;
}) {
  const mayChange = atLeast(props.caller.role, 'facilitator');
  const showNames = maySeeNames(props.caller);
  const { report, writeup } = props;
  const { reads, links, attendance, surveys } = report;
  const words = surveys.questions.filter((q): q is QuestionSummary & { answers: string[] } => 'answers' in q);
  // The questions about surprises, mysteries and near-misses come first: they are why the survey exists.
  words.sort((a, b) => (WORDS.includes(b.id) ? 1 : 0) - (WORDS.includes(a.id) ? 1 : 0));
  return (
    <DashboardPage title={writeup.title} caller={props.caller}>
      <p>
        <a href={`/?from=${report.range.from}&to=${report.range.to}`}>← Organization</a>
      </p>
      <h1>{writeup.title}</h1>
      <p class="muted">
        <a href={writeup.url}>{writeup.url}</a>
        {` · published ${(writeup.publishedAt ?? writeup.createdAt).slice(0, 10)}`}
        {writeup.incidentDate ? ` · incident ${writeup.incidentDate}` : ''}
        {writeup.tags.length ? ` · ${writeup.tags.join(', ')}` : ''}
      </p>
      {writeup.copies.length ? (
        <p class="muted">
          {'Also at: '}
          {writeup.copies.map((copy, i) => (
            <>
              {i ? ', ' : ''}
              <a href={copy}>{copy}</a>
            </>
          ))}
        </p>
      ) : null}
      {writeup.source ? <SourceLine source={writeup.source} /> : null}
      <Said notice={props.notice} alert={props.alert} />
      {writeup.archivedAt ? (
        <p class="status-note">{`Archived ${writeup.archivedAt.slice(0, 10)}: out of the lists and the digest. Its reads, links and reviews stay, and its tracker still counts.`}</p>
      ) : null}
      {mayChange ? (
        <p class="actions">
          <a class="button" href={`/writeups/${writeup.id}/reviews/new`}>
            Schedule a review
          </a>
          <a class="button secondary" href={`/writeups/${writeup.id}/edit`}>
            Edit the write-up
          </a>
        </p>
      ) : null}
      {props.upcoming.length ? (
        <section aria-labelledby="upcoming">
          <h2 id="upcoming">Upcoming reviews</h2>
          <ul>
            {props.upcoming.map((review) => (
              <li>
                {mayChange ? <a href={`/reviews/${review.id}`}>{review.title ?? 'Review'}</a> : (review.title ?? 'Review')}
                {` · ${utcMinute(review.startsAt)}`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <RangeForm action={`/writeups/${writeup.id}`} values={report.range} />

      <h2>Reads</h2>
      <dl class="stats">
        <div>
          <dt>Reads</dt>
          <dd>{fmt(reads.views)}</dd>
        </div>
        <div>
          <dt>Engaged reads</dt>
          <dd>{fmt(reads.engaged)}</dd>
        </div>
        <div>
          <dt>Readers (daily)</dt>
          <dd>{fmt(reads.readers)}</dd>
        </div>
        {reads.averageEngagedScrollPercent !== null ? (
          <div>
            <dt>Average depth scrolled, engaged reads</dt>
            <dd>{`${reads.averageEngagedScrollPercent}%`}</dd>
          </div>
        ) : null}
      </dl>
      <p class="muted">
        Readers are counted per day: someone who reads on two days counts twice. One reader adds at most 200 reads and 200 engaged reads to a write-up a day.
      </p>
      <PlaceReads platform={reads.platform} />
      {reads.proxied.fetches > 0 ? (
        <p id="proxied">
          {`Also fetched ${Object.entries(reads.proxied.byProxy)
            .map(([proxy, n]) => `${plural(n, 'time')} by ${proxyName(proxy)}`)
            .join(', ')}: an image proxy fetches the pixel for its readers (once for many, or once for all), so these are not counted as reads or readers.`}
        </p>
      ) : null}
      <div class="grid">
        <BarChart title="Reads by day" points={reads.byDay.map((d) => ({ label: d.date, value: d.views }))} unit={['read', 'reads']} />
        {placesOf(reads.platform).map(([place, counted]) => (
          <BarChart
            title={`Views on ${READ_PLACES[place].name} by day`}
            points={counted.byDay.map((d) => ({ label: d.date, value: d.views }))}
            unit={['view', 'views']}
            note={`${READ_PLACES[place].name}'s own count (${counted.counts}; ${counted.clock}), beside the tracked reads.`}
          />
        ))}
        <BarChart
          title="The long tail since publication"
          points={Object.entries(reads.sincePublished).map(([key, value]) => ({ label: AGE_LABELS[key] ?? key, value }))}
          unit={['read', 'reads']}
          note="Reads in this range, by how long after publication they came."
        />
      </div>

      <h2>What participants said</h2>
      {surveys.responses === 0 ? (
        <p class="muted">No survey responses in this range.</p>
      ) : (
        <>
          <p>{`${plural(surveys.responses, 'response')}${surveys.responseRate !== null ? `, ${Math.round(surveys.responseRate * 100)}% of attendees` : ''}.`}</p>
          <div class="words">
            {words.map((question) => (
              <Answers question={question} />
            ))}
          </div>
          <DataTable
            caption={{ text: 'The other answers, counted', class: 'muted', style: 'text-align:left' }}
            rows={surveys.questions.filter((q): q is Counted => !('answers' in q))}
            columns={[
              { head: 'Question', rowHead: true, cell: (q) => q.prompt },
              { head: 'Answers', cell: countsOf },
              { head: 'Answered', num: true, cell: (q) => fmt(q.answered) },
            ]}
          />
        </>
      )}

      <h2>Reviews</h2>
      {props.reviews.length === 0 ? (
        <p class="muted">No reviews in this range.</p>
      ) : (
        <>
          <p>{`${plural(attendance.reviews, 'review')}, ${plural(attendance.attendees, 'attendee')}: ${fmt(attendance.voluntary)} came uninvited, ${fmt(attendance.participated)} shared their view.`}</p>
          {props.reviews.map(({ review, attendees }) => (
            <section aria-label={review.title ?? `Review on ${review.startsAt.slice(0, 10)}`}>
              <h3>
                {mayChange ? <a href={`/reviews/${review.id}`}>{review.title ?? 'Review'}</a> : (review.title ?? 'Review')}
                {` · ${utcMinute(review.startsAt)}`}
              </h3>
              {attendees.length === 0 ? (
                <p class="muted">Nobody recorded yet.</p>
              ) : !showNames ? (
                <p>
                  {`${plural(attendees.length, 'attendee')}: ${fmt(attendees.filter((a) => a.invited === false).length)} came uninvited, ${fmt(attendees.filter((a) => a.participated).length)} shared their view.`}
                  <span class="muted">{' Names are shown to facilitators and admins.'}</span>
                </p>
              ) : (
                <DataTable
                  rows={attendees}
                  columns={[
                    { head: 'Name (facilitators and admins only)', rowHead: true, cell: (a) => a.name },
                    { head: 'Invited', cell: (a) => yesNo(a.invited) },
                    { head: 'Role', cell: (a) => a.role ?? '—' },
                    { head: 'Shared their view', cell: (a) => yesNo(a.participated) },
                  ]}
                />
              )}
            </section>
          ))}
        </>
      )}

      <h2 id="links">Links</h2>
      {mayChange ? <AddLinkForm writeupId={writeup.id} /> : null}
      {links.total === 0 ? (
        <p class="muted">No links known yet. Add one above, run the repository scanner, or share the go-link.</p>
      ) : (
        <>
          <p>
            {`${plural(links.total, 'place points', 'places point')} here (${fmt(links.newInRange)} new in this range): `}
            {Object.entries(links.byKind)
              .map(([kind, n]) => `${kind} ${fmt(n ?? 0)}`)
              .join(', ')}
            .
          </p>
          <DataTable
            rows={links.items}
            columns={[
              { head: 'Place', cell: place },
              { head: 'Kind', cell: (link) => link.kind },
              { head: 'Found by', cell: (link) => link.via },
              { head: 'Clicks', num: true, cell: (link) => fmt(link.clicks) },
              { head: 'Reads referred', num: true, cell: (link) => fmt(link.views) },
              { head: 'First seen', cell: (link) => link.firstSeen.slice(0, 10) },
              { head: 'Last seen', cell: (link) => link.lastSeen.slice(0, 10) },
            ]}
          />
          {links.more > 0 ? (
            <p>
              {`The ${fmt(links.shown)} busiest of ${fmt(links.shown + links.more)} places. `}
              <a href={`/writeups/${writeup.id}?from=${report.range.from}&to=${report.range.to}&links=${links.shown + 100}`}>Show 100 more</a>
            </p>
          ) : null}
          {mayChange && links.items.some((link) => link.url) ? (
            <form method="post" action={`/writeups/${writeup.id}/links/remove`} class="inline-form">
              <label for="remove-link">Remove a link added by mistake</label>{' '}
              <select id="remove-link" name="url">
                {links.items
                  .filter((link) => link.url)
                  .map((link) => (
                    <option value={link.url!}>{link.url!.length > 80 ? `${link.url!.slice(0, 77)}…` : link.url!}</option>
                  ))}
              </select>{' '}
              <label>
                <input type="checkbox" name="confirm" value="yes" required /> Yes, remove it and its clicks
              </label>{' '}
              <button type="submit" class="secondary">
                Remove
              </button>
            </form>
          ) : null}
        </>
      )}
      <ReferrerNote mayAdd={mayChange} />

      <h2 id="embed">Embed</h2>
      {(
        [
          ['script', 'Script, for HTML pages', props.embed.script],
          ['pixel', 'Pixel, for Markdown and wikis', props.embed.pixelMarkdown],
          ['golink', 'Go-link, for everywhere else', props.embed.goLink],
        ] as const
      ).map(([key, title, code]) => (
        <div class="snippet">
          <strong id={`snippet-${key}-label`}>{title}</strong>
          <pre>
            <code id={`snippet-${key}`}>{code}</code>
          </pre>
          <button type="button" data-copy={`snippet-${key}`} aria-describedby={`snippet-${key}-label`} hidden>
            Copy
          </button>
        </div>
      ))}
      <GoLinkBuilder goLink={props.embed.goLink} writeupId={writeup.id} range={report.range} asked={props.goLinkAsked ?? {}} />
      <HowToRead />
      {mayChange ? <ArchiveOrDelete writeup={writeup} admin={props.caller.role === 'admin'} /> : null}
    </DashboardPage>
  );
}

const placesOf = (platform: PlatformReads | undefined) => Object.entries(platform ?? {}) as Array<[ReadPlace, NonNullable<PlatformReads[ReadPlace]>]>;

/**
 * What each place the write-up lives counted itself, each said with what it counts and on whose
 * clock, beside the tracked reads and never added to them or to each other: a person who read two
 * copies is a viewer in each.
 */
function PlaceReads({ platform }: { platform: PlatformReads | undefined }) {
  const places = placesOf(platform);
  if (places.length === 0) return null;
  return (
    <section id="platform-reads">
      <h3>Where it lives, by their own counts</h3>
      <ul>
        {places.map(([place, counted]) => (
          <li data-place={place}>
            {`On ${READ_PLACES[place].name}: ${plural(counted.views, 'view')} and ${plural(counted.viewers, 'viewer')} (summed by day) in this range. It counts ${counted.counts}, in ${counted.clock}.`}
          </li>
        ))}
      </ul>
      <p class="muted">
        Shown beside the tracked reads and never added to them or to each other: each place counts its own way, and someone who read two copies is counted in
        each.
      </p>
    </section>
  );
}

/** Where a write-up was born: its incident platform, with a way back to it there. */
function SourceLine(props: { source: WriteupSource }) {
  const { source } = props;
  const name = INCIDENT_PLATFORMS[source.platform]?.name ?? source.platform;
  return (
    <p class="muted">
      {source.byHand ? `Registered here by hand, and found on ${name}` : `Came from ${name}`}
      {source.url ? (
        <>
          {' · '}
          <a href={source.url}>{`Open it on ${name}`}</a>
        </>
      ) : null}
      {source.byHand ? ': its title and address stay as typed here; its copies and tags follow the platform.' : ': it follows the platform’s changes.'}
    </p>
  );
}
