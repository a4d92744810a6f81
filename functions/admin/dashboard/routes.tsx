import type { Context } from 'hono';
import { group } from '../../shared/app';
import { overviewPages } from './pages.routes';
import { resolveBucketedRange, resolveRange } from '../../domain/report-range';
import { embedSnippets, writeupIdSchema } from '../../domain/writeup';
import { organizationPage } from '../../services/org-report';
import { writeupDetails } from '../../services/reports';
import { MAX_LINKS_SHOWN } from '../../domain/report';
import { PAGE_LINKS } from './writeup-page';
import { findWriteup } from '../../services/writeups';
import { nowOf, publicUrlOf, type AppDeps } from '../../shared/deps';
import { FAVICON_PATH } from '../../shared/page-head';
import type { Caller } from '../../domain/people';
import { DashboardPage, NotFoundPage, RangeForm, type RangeValues } from './layout';
import { OverviewPage } from './overview';
import { callerOf } from '../authorize';
import { WriteupPage } from './writeup-page';
import { GO_KIND_PARAM, readGoLinkAsked } from './go-link-builder';

// Copy buttons: the only script, and the pages work without it.
const COPY_SCRIPT = `document.querySelectorAll('select[name=timeZone]').forEach(function (select) {
  var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (select.value === 'UTC' && zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
});
document.querySelectorAll('[data-copy]').forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    var code = document.getElementById(button.getAttribute('data-copy'));
    navigator.clipboard.writeText(code.textContent).then(function () {
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = 'Copy'; }, 2000);
    });
  });
});
// The survey editor: a question's choices show only when it is answered with choices (without this
// script they stay, labelled as for choice questions only, and are left out of other questions).
document.querySelectorAll('[data-choices-for]').forEach(function (box) {
  var type = document.getElementById(box.getAttribute('data-choices-for'));
  if (!type) return;
  var follow = function () { box.hidden = type.value !== 'choice' && type.value !== 'multi'; };
  type.addEventListener('change', follow);
  follow();
});
// The room's check-in screen: its count and state follow without reloading the page (a reload blinks and
// loses the screen's place; without this script the page refreshes itself through its <noscript>).
var live = document.querySelector('[data-refresh]');
if (live && window.fetch && window.DOMParser) setInterval(function () {
  fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
    .then(function (res) { return res.ok ? res.text() : ''; })
    .then(function (html) {
      var next = html && new DOMParser().parseFromString(html, 'text/html').querySelector('[data-refresh]');
      if (next && next.innerHTML !== live.innerHTML) live.innerHTML = next.innerHTML;
    })
    .catch(function () {});
}, Number(live.getAttribute('data-refresh')) * 1000);`;

/** What a correction that did nothing says back on the write-up's page. */
const WRITEUP_PROBLEMS: Record<string, string> = {
  'confirm-link': 'Nothing was removed: tick the box to confirm first.',
  'no-link': 'That link is not on this write-up (any more).',
  'confirm-delete': 'Nothing was deleted: type the write-up’s id exactly to confirm.',
};

// Three rising bars, the product's signals, on its blue; drawn to read at 16 px.
const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/><g fill="#fff"><rect x="6" y="17" width="5" height="9" rx="1"/><rect x="13.5" y="11" width="5" height="15" rx="1"/><rect x="21" y="5" width="5" height="21" rx="1"/></g></svg>`;

/** The range as typed in the address; an empty field is one not given. */
const typedRange = (c: Context) => ({
  from: c.req.query('from') || undefined,
  to: c.req.query('to') || undefined,
  bucket: c.req.query('bucket') || undefined,
});

/** A range the product cannot use: the form as typed, the reason beside the field, and no numbers. */
function RangeProblemPage(props: {
  heading: string;
  action: string;
  typed: Partial<RangeValues>;
  error: { path: string; message: string };
  withBucket?: boolean;
  caller: Caller;
}) {
  return (
    <DashboardPage title={props.heading} caller={props.caller}>
      <h1>{props.heading}</h1>
      <RangeForm
        action={props.action}
        values={{ from: props.typed.from ?? '', to: props.typed.to ?? '', bucket: props.typed.bucket }}
        error={props.error}
        withBucket={props.withBucket}
      />
      <p role="alert">That range cannot be shown: fix it above to see the signals.</p>
    </DashboardPage>
  );
}

/** The dashboard: the organization overview and one page per write-up (signing in is in `auth.tsx`). */
export function overviewPageHandlers(deps: AppDeps) {
  return group(overviewPages, {
    dashboardScript: (c) => {
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      return c.body(COPY_SCRIPT);
    },
    favicon: (c) => {
      c.header('Content-Type', 'image/svg+xml');
      return c.body(FAVICON);
    },
    // Browsers and tools that ask for /favicon.ico find the same icon rather than a 404.
    faviconIco: (c) => c.redirect(FAVICON_PATH, 301),
    overviewPage: async (c) => {
      const typed = typedRange(c);
      const asked = resolveBucketedRange(typed, nowOf(deps));
      if (!asked.ok)
        return c.html(
          <RangeProblemPage
            heading="Is the organization learning from its incidents?"
            action="/"
            typed={typed}
            error={asked}
            withBucket
            caller={callerOf(c)}
          />,
          400,
        );
      const sort = (['views', 'links', 'lastRead'] as const).find((s) => s === c.req.query('sort')) ?? 'views';
      const page = await organizationPage(deps.store, { range: asked.range, bucket: asked.bucket, tag: c.req.query('tag') }, deps);
      return c.html(<OverviewPage {...page} sort={sort} publicUrl={publicUrlOf(deps, c.req.url)} caller={callerOf(c)} />);
    },
    writeupPage: async (c) => {
      const id = writeupIdSchema.safeParse(c.req.param('id'));
      const notFound = () => c.html(<NotFoundPage caller={callerOf(c)} what="write-up with that id" />, 404);
      if (!id.success) return notFound();
      const typed = typedRange(c);
      const asked = resolveRange(typed, nowOf(deps));
      if (!asked.ok) {
        const writeup = await findWriteup(deps.store, id.data);
        if (!writeup) return notFound();
        return c.html(<RangeProblemPage heading={writeup.title} action={`/writeups/${writeup.id}`} typed={typed} error={asked} caller={callerOf(c)} />, 400);
      }
      const linksShown = Math.min(MAX_LINKS_SHOWN, Math.max(PAGE_LINKS, Number.parseInt(c.req.query('links') ?? '', 10) || PAGE_LINKS));
      const details = await writeupDetails(deps.store, id.data, asked.range, linksShown);
      if (!details) return notFound();
      const embed = embedSnippets(publicUrlOf(deps, c.req.url), details.writeup.id);
      const now = nowOf(deps).toISOString();
      const upcoming = details.allReviews.filter((review) => review.startsAt >= now && !review.cancelledAt);
      const notices: Record<string, string> = {
        added: 'Added. Paste one of its snippets below into the write-up, so reads start to count.',
        saved: 'Saved.',
        archived: 'Archived. It is out of the lists and the digest; restore it at the bottom of this page.',
        restored: 'Restored: it is back in the lists and the digest.',
      };
      const linkNotices: Record<string, string> = { added: 'Link added.', known: 'That link was known already.', removed: 'Link removed, with its clicks.' };
      const notice = Object.entries(notices).find(([key]) => c.req.query(key))?.[1] ?? linkNotices[c.req.query('link') ?? ''];
      const alert = WRITEUP_PROBLEMS[c.req.query('problem') ?? ''];
      const goLinkAsked = readGoLinkAsked(c.req.query(GO_KIND_PARAM));
      return c.html(
        <WriteupPage
          writeup={details.writeup}
          report={details.report}
          reviews={details.reviews}
          upcoming={upcoming}
          embed={embed}
          caller={callerOf(c)}
          notice={notice}
          alert={alert}
          goLinkAsked={goLinkAsked}
        />,
        goLinkAsked.problem ? 400 : 200,
      );
    },
  });
}
