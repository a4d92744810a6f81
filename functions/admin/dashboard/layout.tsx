import type { Child } from 'hono/jsx';
import { MAX_DAY, MIN_DAY } from '../../domain/dates';
import { atLeast, type Caller } from '../../domain/people';
import { DOCTYPE, PageHead } from '../../shared/page-head';

const css = `
:root { color-scheme: light dark; --ink: #1b1f24; --muted: #4b5563; --line: #d5d9de; --accent: #0b5cad; --bar: #2f6fb3; --soft: #f3f5f8;
  --page: #fff; --field: #fff; --edge: #8a929c; --on-accent: #fff; --error: #b42318; --ok: #1f7a4d; --warn: #b54708; --warn-soft: #fff8e5; }
/* Dark mode follows the device's setting; every pair of colours keeps the contrast the light one has (WCAG AA). */
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6e8eb; --muted: #aab2bd; --line: #3b424b; --accent: #8cc2ff; --bar: #5b9be0; --soft: #1e2329;
    --page: #121417; --field: #1a1e23; --edge: #7d8793; --on-accent: #0b1320; --error: #ff9b8f; --ok: #4cc38a; --warn: #f0a64a; --warn-soft: #2b2213; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--page); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
header.top { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; padding: 0.75rem 1rem; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; text-decoration: none; color: var(--ink); }
header.top nav { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin-left: auto; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.2; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; }
.muted { color: var(--muted); }
.field-error { color: var(--error); font-weight: 600; max-width: 16rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 0.5rem; background: var(--page); padding: 0.25rem 0.5rem; }
form.range { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: start; background: var(--soft); padding: 0.75rem; border-radius: 0.5rem; }
form.range label { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.2rem; font-size: 0.9rem; min-width: 0; }
/* A choice with long names (the audit page's actions) stays within a phone's width. */
select { max-width: 100%; }
form.range button { margin-top: 1.45rem; }
input, select, button { font: inherit; padding: 0.45rem 0.6rem; border: 1px solid var(--edge); border-radius: 0.4rem; background: var(--field); color: var(--ink); }
button { background: var(--accent); color: var(--on-accent); border-color: var(--accent); font-weight: 600; cursor: pointer; min-height: 2.5rem; }
button.link { background: none; color: var(--accent); border: 0; padding: 0; min-height: 0; font-weight: 400; text-decoration: underline; }
.presets { display: flex; gap: 0.75rem; flex-wrap: wrap; font-size: 0.9rem; }
.grid { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); }
figure { margin: 0; border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.75rem; }
figcaption { font-weight: 600; }
figcaption .summary { display: block; font-weight: 400; color: var(--muted); font-size: 0.9rem; }
svg { display: block; width: 100%; height: auto; margin-top: 0.5rem; }
details { margin-top: 0.5rem; font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; }
.note { background: var(--soft); border-left: 4px solid var(--accent); padding: 0.75rem 1rem; border-radius: 0.25rem; }
.callout { border: 2px solid var(--ok); border-radius: 0.5rem; padding: 0.75rem 1rem; }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; font-size: 0.85rem; margin: 0.25rem 0 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 0.15rem; margin-right: 0.3rem; vertical-align: -0.1rem; }
.words { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); }
.words section { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.75rem 1rem; }
.words h3 { margin: 0 0 0.5rem; font-size: 1.05rem; }
blockquote.long details { margin: 0; font-size: inherit; }
blockquote.long summary { cursor: pointer; list-style: none; }
blockquote.long summary::-webkit-details-marker { display: none; }
blockquote.long .more { display: block; margin-top: 0.25rem; color: var(--accent); text-decoration: underline; }
blockquote.long details[open] summary .preview { display: none; }
blockquote.long details[open] .more { display: none; }
main a[aria-current="page"] { font-weight: 700; text-decoration: none; color: var(--ink); }
blockquote.long .less { display: none; color: var(--accent); text-decoration: underline; }
blockquote.long details[open] .less { display: block; margin-bottom: 0.25rem; }
blockquote { margin: 0 0 0.75rem; padding: 0.5rem 0.75rem; border-left: 4px solid var(--line); white-space: pre-wrap; overflow-wrap: anywhere; }
.stats { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; }
.stats div { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.5rem 0.75rem; min-width: 8rem; }
.stats dt { font-size: 0.85rem; color: var(--muted); } .stats dd { margin: 0; font-size: 1.4rem; font-weight: 700; }
pre { background: var(--soft); padding: 0.6rem; border-radius: 0.4rem; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.snippet { display: grid; gap: 0.25rem; margin-bottom: 0.75rem; }
.snippet button { justify-self: start; }
header.top nav form { margin: 0; }
table caption { padding: 1rem 0 0.25rem; }
form.stack { display: grid; gap: 1rem; max-width: 40rem; }
.field { display: grid; gap: 0.3rem; }
.field label { font-weight: 600; }
.field .hint { font-size: 0.9rem; }
textarea { font: inherit; padding: 0.45rem 0.6rem; border: 1px solid var(--edge); border-radius: 0.4rem; width: 100%; background: var(--field); color: var(--ink); }
.field input, .field select { width: 100%; max-width: 40rem; }
.field input[type=checkbox], .field input[type=radio], fieldset input[type=checkbox], fieldset input[type=radio] { width: auto; }
.field .field-error { max-width: none; }
.problems { border: 2px solid var(--error); border-radius: 0.5rem; padding: 0.5rem 1rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin: 0.75rem 0; }
a.button { display: inline-block; background: var(--accent); color: var(--on-accent); padding: 0.45rem 0.9rem; border-radius: 0.4rem; font-weight: 600; text-decoration: none; }
a.button.secondary, button.secondary { background: var(--page); color: var(--accent); border: 1px solid var(--accent); }
button.danger { background: #a4161a; color: #fff; border: 1px solid #a4161a; }
.inline-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0 1rem; }
.qr { display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.qr figure svg { max-width: 12rem; }
fieldset { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.75rem; }
.status-note { background: var(--warn-soft); border-left: 4px solid var(--warn); padding: 0.5rem 0.75rem; }
/* The digest's preview is the e-mail as mail programs show it: on white, in its own colours, in dark mode too. */
.digest-preview { background: #fff; color: #1b1f24; color-scheme: light; }
/* The charts are drawn with light-page colours; these follow the scheme. */
figure svg text { fill: var(--muted); }
figure svg line { stroke: var(--edge); }
figure svg rect[fill="#2f6fb3"] { fill: var(--bar); }
/* A wide table on a phone: each row a card, each value after its column's name (data-table.tsx). */
@media (max-width: 40rem) {
  .cards table, .cards tbody, .cards tr, .cards td, .cards th[scope=row] { display: block; }
  .cards caption { display: block; text-align: left; }
  .cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .cards tr { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.5rem 0.75rem; margin-bottom: 0.75rem; }
  .cards td, .cards th[scope=row] { border: 0; padding: 0.1rem 0; text-align: left; overflow-wrap: anywhere; }
  .cards th[scope=row] { font-size: 1rem; margin-bottom: 0.2rem; }
  /* Each value hangs beside its column's name, and wraps in its own column. */
  .cards td[data-label] { position: relative; padding-left: 8.5rem; min-height: 1.6rem; }
  .cards td[data-label]::before { content: attr(data-label); position: absolute; left: 0; width: 8rem; font-size: 0.85rem; line-height: 1.45rem; color: var(--muted); font-weight: 600; }
  .cards td:empty { display: none; }
}
`;

/** A page of the dashboard; with the caller, its navigation shows what their role may open. */
export function DashboardPage(props: { title: string; children: Child; caller?: Caller }) {
  const { caller } = props;
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <PageHead title={props.title} css={css}>
          {caller ? <script defer src="/assets/dashboard.js"></script> : null}
        </PageHead>
        <body>
          <a class="skip" href="#content">
            Skip to the content
          </a>
          <header class="top">
            <a class="brand" href="/">
              Learning Signals
            </a>
            {caller ? (
              <nav aria-label="Main">
                <a href="/">Organization</a>
                <a href="/writeups">Write-ups</a>
                <a href="/templates">Surveys</a>
                <a href="/digest">Digest</a>
                <a href="/tokens">API tokens</a>
                {atLeast(caller.role, 'admin') ? <a href="/people">People</a> : null}
                {atLeast(caller.role, 'admin') ? <a href="/audit">Audit</a> : null}
                <a href="/api/docs">API</a>
                <span class="muted" id="signed-in-as">{`${caller.email ?? caller.name} · ${caller.role}`}</span>
                <form method="post" action="/logout">
                  <button class="link" type="submit">
                    Log out
                  </button>
                </form>
              </nav>
            ) : null}
          </header>
          <main id="content">{props.children}</main>
        </body>
      </html>
    </>
  );
}

/** The page for something that is not there: what, and where to go on. */
export function NotFoundPage(props: { caller?: Caller; what: string; back?: { href: string; label: string } }) {
  return (
    <DashboardPage title="Not found" caller={props.caller}>
      <h1>Not found</h1>
      <p>{`There is no ${props.what}.`}</p>
      {props.back ? (
        <p>
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      ) : null}
    </DashboardPage>
  );
}

/** What the numbers mean, and why there is no single score. */
/** What an action did (a status) or why it did nothing (an alert), said at the top of the page it leads back to. */
export function Said(props: { notice?: string; alert?: string }) {
  return (
    <>
      {props.notice ? (
        <p role="status" class="note">
          {props.notice}
        </p>
      ) : null}
      {props.alert ? (
        <p role="alert" class="field-error">
          {props.alert}
        </p>
      ) : null}
    </>
  );
}

export function HowToRead() {
  return (
    <aside class="note" aria-labelledby="how-to-read">
      <h2 id="how-to-read" style="margin-top:0">
        How to read these signals
      </h2>
      <p>
        Each chart is one signal of learning, shown next to the others and never added into a score: a score would reward whatever is easiest to move, and hide
        what people actually say. Read them together, with the participants' own words.
      </p>
      <p>
        A <strong>reader</strong> is a daily visitor hash for one write-up: no cookies, no stored address. Someone who reads on two days counts as two readers.
        An <strong>engaged read</strong> is a visit with enough visible, focused time.
        <strong> Voluntary</strong> attendees came without an invitation; <strong>participants</strong> shared their own view.
      </p>
    </aside>
  );
}

/** What a person typed into a range form, kept as typed. */
export interface RangeValues {
  from: string;
  to: string;
  bucket?: string;
}

/**
 * The date range (and grouping) of a page. A value the product cannot use is
 * shown as typed, with the API's own message beside it, never replaced.
 */
export function RangeForm(props: {
  action: string;
  values: RangeValues & { tag?: string };
  withBucket?: boolean;
  error?: { path: string; message: string };
  tags?: string[];
  /** More fields of the same form (the audit page's person and action), before its button. */
  children?: Child;
  label?: string;
}) {
  const { values, error } = props;
  const invalid = (field: string) => (error?.path === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': `range-error-${field}` } : {});
  const message = (field: string) =>
    error?.path === field ? (
      <span class="field-error" id={`range-error-${field}`}>
        {`${field === 'bucket' ? 'Group by' : capitalize(field)} ${error.message}.`}
      </span>
    ) : null;
  return (
    <form class="range" method="get" action={props.action} aria-label={props.label ?? 'Date range'}>
      <label>
        From
        <input type="date" name="from" value={values.from} min={MIN_DAY} max={MAX_DAY} required {...invalid('from')} />
        {message('from')}
      </label>
      <label>
        To
        <input type="date" name="to" value={values.to} min={MIN_DAY} max={MAX_DAY} required {...invalid('to')} />
        {message('to')}
      </label>
      {props.withBucket ? (
        <label>
          Group by
          <select name="bucket" {...invalid('bucket')}>
            <option value="week" selected={values.bucket === 'week'}>
              Week
            </option>
            <option value="month" selected={values.bucket !== 'week'}>
              Month
            </option>
          </select>
          {message('bucket')}
        </label>
      ) : null}
      {props.tags?.length ? (
        <label>
          Tag (team, service, severity)
          <select name="tag">
            <option value="">All write-ups</option>
            {props.tags.map((tag) => (
              <option value={tag} selected={tag === values.tag}>
                {tag}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {props.children}
      <button type="submit">Show</button>
    </form>
  );
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
