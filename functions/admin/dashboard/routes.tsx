import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { rangeOrDefault } from '../../domain/report-range';
import { embedSnippets, writeupIdSchema } from '../../domain/writeup';
import { orgReport } from '../../services/org-report';
import { writeupDetails } from '../../services/reports';
import { readSubmission } from '../../shared/submission';
import { tokensMatch } from '../../shared/tokens';
import { nowOf, publicUrlOf, type AppDeps } from '../../shared/deps';
import { DashboardPage } from './layout';
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

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

function LoginPage(props: { next: string; error?: string }) {
  return (
    <DashboardPage title="Log in">
      <h1>Log in</h1>
      <p>The dashboard is for the people who run reviews and read the signals. Use the admin token.</p>
      {props.error ? (
        <p role="alert" style="color:#b42318;font-weight:600">
          {props.error}
        </p>
      ) : null}
      <form method="post" action="/login" style="display:grid;gap:0.75rem;max-width:24rem">
        <input type="hidden" name="next" value={props.next} />
        <label for="token">Admin token</label>
        <input id="token" type="password" name="token" autocomplete="current-password" required aria-invalid={props.error ? 'true' : undefined} />
        <button type="submit">Log in</button>
      </form>
    </DashboardPage>
  );
}

const forbidden = (c: Context) => c.html(<DashboardPage title="Not allowed"><h1>Not allowed</h1><p>This request did not come from this site's own pages.</p></DashboardPage>, 403);

/** The dashboard: login, the organization overview, one page per write-up. */
export function dashboardRoutes(deps: AppDeps) {
  const app = new Hono();
  const pageHeaders = createMiddleware(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
  });
  for (const path of ['/', '/login', '/logout', '/writeups/*', '/assets/*']) app.use(path, pageHeaders);
  app.get('/assets/dashboard.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(COPY_SCRIPT);
  });
  app.get('/login', (c) => c.html(<LoginPage next={safeNext(c.req.query('next'))} />));
  app.post('/login', async (c) => {
    if (!sameOrigin(c, deps.publicUrl)) return forbidden(c);
    const fields = (await readSubmission(c))?.fields ?? {};
    const next = safeNext(typeof fields.next === 'string' ? fields.next : undefined);
    const token = typeof fields.token === 'string' ? fields.token : '';
    const adminToken = await deps.adminToken();
    if (!tokensMatch(token, adminToken)) {
      return c.html(<LoginPage next={next} error="That token is not right." />, 401);
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
    const bucket = c.req.query('bucket') === 'week' ? 'week' : 'month';
    const resolved = rangeOrDefault({ from: c.req.query('from'), to: c.req.query('to') }, nowOf(deps));
    const sort = (['views', 'links', 'lastRead'] as const).find((s) => s === c.req.query('sort')) ?? 'views';
    const { cost: _cost, ...report } = await orgReport(deps.store, resolved, bucket);
    return c.html(<OverviewPage report={report} sort={sort} />);
  });

  app.get('/writeups/:id', requireSession(deps), async (c) => {
    const id = writeupIdSchema.safeParse(c.req.param('id'));
    const resolved = rangeOrDefault({ from: c.req.query('from'), to: c.req.query('to') }, nowOf(deps));
    const details = id.success ? await writeupDetails(deps.store, id.data, resolved) : undefined;
    if (!details) {
      return c.html(<DashboardPage title="Not found" loggedIn><h1>Not found</h1><p>There is no write-up with that id.</p></DashboardPage>, 404);
    }
    const embed = embedSnippets(publicUrlOf(deps, c.req.url), details.writeup.id);
    return c.html(<WriteupPage writeup={details.writeup} report={details.report} reviews={details.reviews} embed={embed} />);
  });
  return app;
}
