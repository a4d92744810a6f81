import { Hono, type Context } from 'hono';
import { resolveBucketedRange, resolveRange } from '../../domain/report-range';
import { embedSnippets, writeupIdSchema } from '../../domain/writeup';
import { orgReport } from '../../services/org-report';
import { writeupDetails } from '../../services/reports';
import { MAX_LINKS_SHOWN } from '../../domain/report';
import { PAGE_LINKS } from './writeup-page';
import { findWriteup } from '../../services/writeups';
import { readSubmission } from '../../shared/submission';
import { tokensMatch } from '../../shared/tokens';
import { nowOf, publicUrlOf, type AppDeps } from '../../shared/deps';
import { PAGE_CSP, pageHeaders } from '../../shared/page-headers';
import { DashboardPage, RangeForm, type RangeValues } from './layout';
import { OverviewPage } from './overview';
import { endSession, requireSession, safeNext, sameOrigin, startSession } from '../../shared/session';
import { WriteupPage } from './writeup-page';

// Copy buttons: the only script, and the pages work without it.
const COPY_SCRIPT = `document.querySelectorAll('[data-copy]').forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    var code = document.getElementById(button.getAttribute('data-copy'));
    navigator.clipboard.writeText(code.textContent).then(function () {
      button.textContent = 'Copied';
      setTimeout(function () { button.textContent = 'Copy'; }, 2000);
    });
  });
});`;


function LoginPage(props: { next: string; error?: string; tokenHint?: string }) {
  return (
    <DashboardPage title="Log in">
      <h1>Log in</h1>
      <p>The dashboard is for the people who run reviews and read the signals. Log in with the admin token.</p>
      <p class="muted" id="token-hint">{`Where it is: ${props.tokenHint ?? 'ask whoever runs Learning Signals here.'}`}</p>
      {props.error ? (
        <p role="alert" style="color:#b42318;font-weight:600">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/login" style="display:grid;gap:0.75rem;max-width:24rem">
        <input type="hidden" name="next" value={props.next} />
        <label for="token">Admin token</label>
        <input id="token" type="password" name="token" autocomplete="current-password" required aria-describedby="token-hint" aria-invalid={props.error ? 'true' : undefined} />
        <button type="submit">Log in</button>
      </form>
    </DashboardPage>
  );
}

const forbidden = (c: Context) => c.html(<DashboardPage title="Not allowed"><h1>Not allowed</h1><p>This request did not come from this site's own pages.</p></DashboardPage>, 403);

/** The range as typed in the address; an empty field is one not given. */
const typedRange = (c: Context) => ({
  from: c.req.query('from') || undefined,
  to: c.req.query('to') || undefined,
  bucket: c.req.query('bucket') || undefined,
});

/** A range the product cannot use: the form as typed, the reason beside the field, and no numbers. */
function RangeProblemPage(props: { heading: string; action: string; typed: Partial<RangeValues>; error: { path: string; message: string }; withBucket?: boolean }) {
  return (
    <DashboardPage title={props.heading} loggedIn>
      <h1>{props.heading}</h1>
      <RangeForm action={props.action} values={{ from: props.typed.from ?? '', to: props.typed.to ?? '', bucket: props.typed.bucket }} error={props.error} withBucket={props.withBucket} />
      <p role="alert">That range cannot be shown: fix it above to see the signals.</p>
    </DashboardPage>
  );
}

/** The dashboard: login, the organization overview, one page per write-up. */
export function dashboardRoutes(deps: AppDeps) {
  const app = new Hono();
  const headers = pageHeaders({ csp: PAGE_CSP, referrer: 'same-origin', noStore: true });
  for (const path of ['/', '/login', '/logout', '/writeups/*', '/assets/*']) app.use(path, headers);
  app.get('/assets/dashboard.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(COPY_SCRIPT);
  });
  app.get('/login', (c) => c.html(<LoginPage next={safeNext(c.req.query('next'))} tokenHint={deps.adminTokenHint} />));
  app.post('/login', async (c) => {
    if (!sameOrigin(c, deps.publicUrl)) return forbidden(c);
    const fields = (await readSubmission(c))?.fields ?? {};
    const next = safeNext(typeof fields.next === 'string' ? fields.next : undefined);
    const token = typeof fields.token === 'string' ? fields.token : '';
    const adminToken = await deps.adminToken();
    if (!tokensMatch(token, adminToken)) {
      return c.html(<LoginPage next={next} error="That token is not right." tokenHint={deps.adminTokenHint} />, 401);
    }
    startSession(c, adminToken, Math.floor(nowOf(deps).getTime() / 1000));
    return c.redirect(next, 303);
  });
  app.post('/logout', (c) => {
    if (!sameOrigin(c, deps.publicUrl)) return forbidden(c);
    endSession(c);
    return c.redirect('/login', 303);
  });

  app.get('/', requireSession(deps), async (c) => {
    const typed = typedRange(c);
    const asked = resolveBucketedRange(typed, nowOf(deps));
    if (!asked.ok) return c.html(<RangeProblemPage heading="Is the organization learning from its incidents?" action="/" typed={typed} error={asked} withBucket />, 400);
    const sort = (['views', 'links', 'lastRead'] as const).find((s) => s === c.req.query('sort')) ?? 'views';
    const { cost: _cost, ...report } = await orgReport(deps.store, asked.range, asked.bucket);
    return c.html(<OverviewPage report={report} sort={sort} publicUrl={publicUrlOf(deps, c.req.url)} />);
  });

  app.get('/writeups/:id', requireSession(deps), async (c) => {
    const id = writeupIdSchema.safeParse(c.req.param('id'));
    const notFound = () => c.html(<DashboardPage title="Not found" loggedIn><h1>Not found</h1><p>There is no write-up with that id.</p></DashboardPage>, 404);
    if (!id.success) return notFound();
    const typed = typedRange(c);
    const asked = resolveRange(typed, nowOf(deps));
    if (!asked.ok) {
      const writeup = await findWriteup(deps.store, id.data);
      if (!writeup) return notFound();
      return c.html(<RangeProblemPage heading={writeup.title} action={`/writeups/${writeup.id}`} typed={typed} error={asked} />, 400);
    }
    const linksShown = Math.min(MAX_LINKS_SHOWN, Math.max(PAGE_LINKS, Number.parseInt(c.req.query('links') ?? '', 10) || PAGE_LINKS));
    const details = await writeupDetails(deps.store, id.data, asked.range, linksShown);
    if (!details) return notFound();
    const embed = embedSnippets(publicUrlOf(deps, c.req.url), details.writeup.id);
    return c.html(<WriteupPage writeup={details.writeup} report={details.report} reviews={details.reviews} embed={embed} />);
  });
  return app;
}
