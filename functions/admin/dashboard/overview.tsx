import type { OrgReport, SeriesField } from '../../domain/org-report';
import { atLeast, type Caller } from '../../domain/people';
import { BarChart, StackedChart } from './charts';
import { fmt, plural } from '../../domain/words';
import { DataTable } from './data-table';
import { DashboardPage, HowToRead, RangeForm } from './layout';
import { Answer } from './writeup-page';
import { addDays, daysBetween, laterDay, MIN_DAY } from '../../domain/dates';
import { totalsOf, type SignalTotals } from '../../domain/org-report';
import type { Words } from '../../services/org-report';
import type { PlaceSummary, ReadCoverage } from '../../services/read-places';
import { READ_PLACES } from '../../domain/read-places';

type Sort = 'views' | 'links' | 'lastRead';
const SORTS: Record<Sort, string> = { views: 'Reads', links: 'Links', lastRead: 'Last read' };

const label = (start: string, bucket: string) =>
  bucket === 'month' ? new Date(`${start}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }) : `week of ${start}`;

/** The organization's signals over time, as small multiples, and its write-ups. */
export function OverviewPage(props: {
  report: OrgReport;
  sort: Sort;
  publicUrl: string;
  caller: Caller;
  tag?: string;
  tags: string[];
  previous: SignalTotals;
  words: Words[];
  readership?: { places: PlaceSummary[]; coverage: ReadCoverage };
}) {
  const { report } = props;
  const labels = report.series.map((b) => label(b.start, report.bucket));
  const series = (field: SeriesField) => report.series.map((b, i) => ({ label: labels[i]!, value: b[field] }));
  const kinds = [...new Set(report.series.flatMap((b) => Object.keys(b.linksByKind as Record<string, number>)))].sort();
  const learnedYes = report.series.map((b, i) => ({ label: labels[i]!, value: (b.learned as Record<string, number>).yes ?? 0 }));
  const answeredLearned = report.series.reduce((sum, b) => sum + Object.values(b.learned as Record<string, number>).reduce((a, v) => a + v, 0), 0);
  const yesTotal = learnedYes.reduce((sum, p) => sum + p.value, 0);
  const sorted = [...report.writeups].sort((a, b) =>
    props.sort === 'lastRead' ? (b.lastRead ?? '').localeCompare(a.lastRead ?? '') : (b[props.sort] as number) - (a[props.sort] as number),
  );
  const longTail = report.writeups.filter((w) => (w.readDaysAfterPublication ?? 0) >= 90);
  // Every link the page offers keeps its filter: the range always, the tag when one is chosen.
  const withFilter = (path: string, fields: Record<string, string>) => {
    const params = new URLSearchParams(fields);
    if (props.tag) params.set('tag', props.tag);
    return `${path}?${params}`;
  };
  const quick = (bucket: string, days: number) => withFilter('/', { bucket, from: shift(report.range.to, -days), to: report.range.to });
  const exportLink = (name: string, excel?: '1') =>
    withFilter(`/api/export/${name}.csv`, { from: report.range.from, to: report.range.to, ...(excel ? { excel } : {}) });
  // A sortable column's heading links to the list sorted by it; the current one is marked.
  const sortBy = (key: Sort) => ({
    head: (
      <a href={withFilter('/', { from: report.range.from, to: report.range.to, bucket: report.bucket, sort: key })}>
        {props.sort === key ? `${SORTS[key]} ▼` : SORTS[key]}
      </a>
    ),
    label: SORTS[key],
    sort: props.sort === key ? ('descending' as const) : undefined,
  });
  const totals = totalsOf(report);
  const days = daysBetween(report.range.from, report.range.to) + 1;
  const compare = (signal: keyof SignalTotals) => change(totals[signal], props.previous[signal], days);
  const share = (part: number) => (totals.attendees ? ` That is ${Math.round((part / totals.attendees) * 100)} % of all attendees.` : '');
  return (
    <DashboardPage title="Organization" caller={props.caller}>
      <h1>Is the organization learning from its incidents?</h1>
      <p class="muted">{`${report.range.from} to ${report.range.to}, by ${report.bucket}${props.tag ? `, write-ups tagged “${props.tag}”` : ''}. Each signal is compared with the ${days} days before.`}</p>
      <RangeForm action="/" values={{ from: report.range.from, to: report.range.to, bucket: report.bucket, tag: props.tag }} withBucket tags={props.tags} />
      {report.writeups.length === 0 ? <FirstRun caller={props.caller} /> : null}
      <p class="presets">
        Quick ranges: <a href={quick('week', 29)}>last 30 days</a>
        <a href={quick('week', 89)}>last 90 days</a>
        <a href={quick('month', 364)}>last 12 months</a>
      </p>

      <h2 id="signals">The signals, side by side</h2>
      {props.readership ? <Readership {...props.readership} /> : null}
      <div class="grid">
        <BarChart title="Reads" points={series('views')} unit={['page view', 'page views']} note={compare('views')} />
        <BarChart title="Engaged reads" points={series('engaged')} unit={['engaged read', 'engaged reads']} note={compare('engaged')} />
        <BarChart
          title="Readers"
          points={series('readers')}
          unit={['daily reader', 'daily readers']}
          note={`${compare('readers')} Summed per day: someone reading on two days counts twice.`}
        />
        <BarChart title="Reviews" points={series('reviews')} unit={['review', 'reviews']} note={compare('reviews')} />
        <BarChart title="Attendees" points={series('attendees')} unit={['attendee', 'attendees']} note={compare('attendees')} />
        <BarChart
          title="Voluntary attendees"
          points={series('voluntary')}
          unit={['person who came uninvited', 'people who came uninvited']}
          note={`${compare('voluntary')}${share(totals.voluntary)}`}
        />
        <BarChart
          title="Participants"
          points={series('participated')}
          unit={['person who shared their view', 'people who shared their view']}
          note={`${compare('participated')}${share(totals.participated)}`}
        />
        <StackedChart
          title="Links by kind"
          labels={labels}
          series={kinds.map((kind) => ({ name: kind, values: report.series.map((b) => (b.linksByKind as Record<string, number>)[kind] ?? 0) }))}
        />
        <BarChart title="Survey responses" points={series('responses')} unit={['response', 'responses']} note={compare('responses')} />
        <BarChart
          title="Learned something new"
          points={learnedYes}
          unit={['“yes” answer', '“yes” answers']}
          note={answeredLearned ? `${fmt(yesTotal)} of ${fmt(answeredLearned)} who answered said yes.` : undefined}
        />
      </div>

      {props.words.length ? (
        <section aria-labelledby="recent-words">
          <h2 id="recent-words">In participants' own words, lately</h2>
          <div class="words">
            {props.words.map((w) => (
              <section aria-label={`${WORD_LABELS[w.question] ?? w.question}, about ${w.writeupTitle}`}>
                <h3>{WORD_LABELS[w.question] ?? w.question}</h3>
                <Answer text={w.answer} />
                <p class="muted">
                  {'About '}
                  <a href={`/writeups/${w.writeupId}?from=${report.range.from}&to=${report.range.to}`}>{w.writeupTitle}</a>
                  {`, ${w.submittedAt.slice(0, 10)}`}
                </p>
              </section>
            ))}
          </div>
        </section>
      ) : null}

      {longTail.length ? (
        <section class="callout" aria-labelledby="long-tail">
          <h2 id="long-tail" style="margin-top:0">
            Still read 90 days or more after publication
          </h2>
          <ul>
            {longTail.map((w) => (
              <li>
                <a href={`/writeups/${w.id}?from=${report.range.from}&to=${report.range.to}`}>{w.title}</a>
                {` — last read ${w.lastRead}, ${w.readDaysAfterPublication} days after publication`}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <h2 id="writeups">Write-ups</h2>
      {/* The note stays outside the scroller, so a phone shows all of it. */}
      <p class="muted" id="writeup-list-note">
        {`${plural(report.writeups.length, 'write-up')}; reads and links from ${report.writeupsCover.from} to ${report.writeupsCover.to}, the range chosen. Sort by ${Object.values(
          SORTS,
        )
          .map((name) => name.toLowerCase())
          .join(', ')} with the column links.`}
      </p>
      <DataTable
        id="writeup-list"
        describedBy="writeup-list-note"
        caption={{ text: 'Write-ups', class: 'visually-hidden' }}
        rows={sorted}
        columns={[
          { head: 'Write-up', rowHead: true, cell: (w) => <a href={`/writeups/${w.id}?from=${report.range.from}&to=${report.range.to}`}>{w.title}</a> },
          { ...sortBy('views'), num: true, cell: (w) => fmt(w.views) },
          { ...sortBy('links'), num: true, cell: (w) => fmt(w.links) },
          { ...sortBy('lastRead'), cell: (w) => w.lastRead ?? '—' },
          { head: 'Engaged', num: true, cell: (w) => fmt(w.engaged) },
          { head: 'Published', cell: (w) => w.publishedAt },
        ]}
      />
      <h2>Exports</h2>
      <p>
        {`CSV of ${report.range.from} to ${report.range.to}${props.tag ? `, write-ups tagged “${props.tag}”` : ''}: `}
        {(atLeast(props.caller.role, 'admin') ? (['reads', 'links', 'attendance', 'responses'] as const) : (['reads', 'links'] as const)).map((name, i) => (
          <>
            {i > 0 ? ', ' : ''}
            <a href={exportLink(name)}>{name}</a>
            {' ('}
            <a href={exportLink(name, '1')}>for Excel</a>
            {')'}
          </>
        ))}
        .
      </p>
      <p class="muted">The “for Excel” files start with a byte-order mark, so Excel on Windows reads names and answers with accents right.</p>
      <HowToRead />
    </DashboardPage>
  );
}

const WORD_LABELS: Record<string, string> = { surprise: 'What surprised them', mystery: 'Still a mystery', notWorse: 'What kept it from being worse' };

/** A signal beside the same length of time before: up or down, by how much. */
function change(now: number, before: number, days: number): string {
  const span = `the ${days} days before`;
  if (before === 0) return now === 0 ? `None in ${span} either.` : `None in ${span}.`;
  const percent = Math.round(((now - before) / before) * 100);
  if (percent === 0) return `About the same as ${span} (${fmt(before)}).`;
  return `${percent > 0 ? '▲ up' : '▼ down'} ${Math.abs(percent)} % on ${span} (${fmt(before)}).`;
}

/** A quick range's first day: never before the first day the product knows. */
function shift(day: string, days: number): string {
  return laterDay(addDays(day, days), MIN_DAY);
}

/** Before the first write-up: what to do next, each step a link to the page that does it. */
function FirstRun(props: { caller: Caller }) {
  if (!atLeast(props.caller.role, 'facilitator')) {
    return (
      <section class="callout" aria-labelledby="first-run">
        <h2 id="first-run" style="margin-top:0">
          Nothing is tracked yet
        </h2>
        <p>
          Write-ups appear here once a facilitator registers them and pastes their snippet into the write-up. Ask whoever runs reviews here; as a viewer, you
          can read every signal once there are some.
        </p>
      </section>
    );
  }
  return (
    <section class="callout" aria-labelledby="first-run">
      <h2 id="first-run" style="margin-top:0">
        Add your first write-up
      </h2>
      <p>
        Nothing is tracked yet. Register a post-incident write-up (its title and address), then paste its snippet into the write-up so reads start to count.
      </p>
      <p class="actions">
        <a class="button" href="/writeups/new">
          Add your first write-up
        </a>
        <a class="button secondary" href="/writeups/import">
          Import a backlog from a CSV file
        </a>
      </p>
      <p>Then, from the write-up's page:</p>
      <ol id="first-steps">
        <li>Copy its snippet (a script, a pixel for wikis, or a go-link) into the write-up itself, so reads count.</li>
        <li>
          <strong>Schedule a review</strong>: its page has the check-in QR code for the room and the survey link. The survey it uses is one of the{' '}
          <a href="/templates">surveys</a>, which you can copy and adapt.
        </li>
        <li>Add the places that point at it (a pull request, a chat thread); GitHub, Slack and the repository scanner add them by themselves.</li>
      </ol>
      <p class="muted">
        Scripts and CI do the same through the API, with a personal token from <a href="/tokens">API tokens</a>: see the <a href="/api/docs">API reference</a>.
      </p>
    </section>
  );
}

/**
 * One readership picture: each place's own counts beside the tracked reads (never summed: each
 * counts its own way, and a person who read two copies is counted in each), and the share of
 * write-ups with any read signal at all in the range, from where; the rest are the blind spots.
 */
function Readership({ places, coverage }: { places: PlaceSummary[]; coverage: ReadCoverage }) {
  const sources = [`${fmt(coverage.tracked)} by the tracker`, ...places.map((p) => `${fmt(coverage.byPlace[p.place] ?? 0)} on ${READ_PLACES[p.place].name}`)];
  return (
    <section id="readership" aria-label="Where reads are seen">
      {places.map((p) =>
        p.problem ? (
          <p class="status-note" role="status">
            {`${READ_PLACES[p.place].name}'s views are not imported: ${p.problem}. Run the import by hand (npx learning-signals import ${p.place}) once that is solved.`}
          </p>
        ) : p.writeups > 0 ? (
          <p class="note" id={`${p.place}-reads`}>
            {`On ${READ_PLACES[p.place].name}, by its own counts: ${plural(p.views, 'view')} and ${plural(p.viewers, 'viewer')} (summed by day) of ${plural(p.writeups, 'write-up')} there, in this range (${READ_PLACES[p.place].counts}; ${READ_PLACES[p.place].clock}). Beside the tracked reads below, never added to them.`}
          </p>
        ) : null,
      )}
      {coverage.writeups > 0 ? (
        <div class="note" id="read-coverage">
          {`Any read signal in this range: ${fmt(coverage.any)} of ${plural(coverage.writeups, 'write-up')} (${Math.round((coverage.any / coverage.writeups) * 100)}%): ${sources.join(', ')}${places.length ? ' (a write-up read in two places counts in each)' : ''}. `}
          {coverage.none.length ? (
            <details>
              <summary>{`${plural(coverage.none.length, 'write-up')} with no read signal: blind spots`}</summary>
              <ul>
                {coverage.none.slice(0, 50).map((w) => (
                  <li>
                    <a href={`/writeups/${encodeURIComponent(w.id)}`}>{w.title}</a>
                  </li>
                ))}
                {coverage.none.length > 50 ? <li>{`and ${fmt(coverage.none.length - 50)} more`}</li> : null}
              </ul>
            </details>
          ) : (
            'None without.'
          )}
        </div>
      ) : null}
    </section>
  );
}
