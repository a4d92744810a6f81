import type { Context } from 'hono';
import { group } from '../../shared/app';
import { peoplePages } from './pages.routes';
import {
  MAX_LIVE_TOKENS,
  ROLES,
  TOKEN_DAYS_DEFAULT,
  TOKEN_NAME_MAX,
  createTokenSchema,
  emailSchema,
  roleSchema,
  type AuditEntry,
  type Caller,
  type Person,
  type PersonalToken,
} from '../../domain/people';
import { resolveRange, type DayRange } from '../../domain/report-range';
import { fmt, plural } from '../../domain/words';
import { utcMinute } from '../../domain/dates';
import { createToken, revokeTokenFor, tokensFor } from '../../services/access';
import { AUDIT_PAGE_SIZE, auditSearch } from '../../services/audit';
import { ACTION_NAMES, actionName, throughOf } from '../audit-actions';
import { people, setRole } from '../../services/people';
import { nowOf, publicUrlOf, roleRulesOf, type AppDeps } from '../../shared/deps';
import { readSubmission } from '../../shared/submission';
import { callerOf, setAuditTarget } from '../authorize';
import { DataTable } from './data-table';
import { DashboardPage, NotFoundPage, RangeForm } from './layout';

const when = (iso: string | null) => (iso ? utcMinute(iso) : '—');

function tokenStatus(token: PersonalToken, now: Date): string {
  if (token.revokedAt) return `revoked ${token.revokedAt.slice(0, 10)}`;
  if (token.expiresAt <= now.toISOString()) return 'expired';
  return 'active';
}

function TokensPage(props: {
  caller: Caller;
  tokens: PersonalToken[];
  /** The cursor of the next page, when there is one. */
  next?: string;
  /** A link to older tokens that this list did not give. */
  badPage?: boolean;
  now: Date;
  created?: PersonalToken & { token: string };
  error?: string;
  name?: string;
  publicUrl: string;
}) {
  const { caller, created } = props;
  const everyone = caller.role === 'admin';
  return (
    <DashboardPage title="API tokens" caller={caller}>
      <h1>API tokens</h1>
      <p>
        {`A personal token lets a script or CI job (the link scanner, for one) call the API as you, with your role (${caller.role}) at most. `}
        It is shown once, kept only as a hash, and can be revoked at any time.
      </p>
      {created ? (
        <section class="callout" aria-labelledby="new-token">
          <h2 id="new-token" style="margin-top:0">{`Your new token "${created.name}"`}</h2>
          <p>Copy it now: it is not shown again.</p>
          <pre id="new-token-value">{created.token}</pre>
          <button type="button" data-copy="new-token-value" hidden>
            Copy
          </button>
          <p>For the link scanner, in a repository or its CI (run from a checkout of Learning Signals; docs/integrations.md has a GitHub Actions workflow):</p>
          <pre id="new-token-usage">{`LEARNING_SIGNALS_URL=${props.publicUrl} LEARNING_SIGNALS_TOKEN=<the token> node path/to/learning-signals/bin/learning-signals.mjs scan .`}</pre>
        </section>
      ) : null}
      <h2>New token</h2>
      <form method="post" action="/tokens" class="range" aria-label="New token">
        <label>
          Name (what it is for)
          <input
            name="name"
            required
            maxlength={TOKEN_NAME_MAX}
            value={props.name ?? ''}
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'token-error' : undefined}
          />
          {props.error ? (
            <span class="field-error" id="token-error">
              {props.error}
            </span>
          ) : null}
        </label>
        <label>
          Expires after
          <select name="expiresInDays">
            {[7, 30, 90, 180, 365].map((days) => (
              <option value={String(days)} selected={days === TOKEN_DAYS_DEFAULT}>{`${days} days`}</option>
            ))}
          </select>
        </label>
        <button type="submit">Create token</button>
      </form>
      <p class="muted" id="token-limit">{`A person holds at most ${MAX_LIVE_TOKENS} live tokens at once: revoke one you no longer use to make room.`}</p>
      <h2>{everyone ? "Everyone's tokens" : 'Your tokens'}</h2>
      {props.badPage ? <p role="alert">That link to older tokens is not one this page gave: here are the newest.</p> : null}
      {props.tokens.length === 0 ? (
        <p class="muted">No tokens yet.</p>
      ) : (
        <DataTable
          rows={props.tokens}
          columns={[
            { head: 'Name', rowHead: true, cell: (token) => token.name },
            everyone && { head: 'Owner', cell: (token) => token.owner },
            { head: 'Role', cell: (token) => token.role },
            { head: 'Created', cell: (token) => when(token.createdAt) },
            { head: 'Expires', cell: (token) => token.expiresAt.slice(0, 10) },
            { head: 'Last used', cell: (token) => when(token.lastUsedAt) },
            { head: 'Status', cell: (token) => tokenStatus(token, props.now) },
            {
              head: <span class="visually-hidden">Revoke</span>,
              cell: (token) =>
                tokenStatus(token, props.now) === 'active' ? (
                  <form method="post" action={`/tokens/${token.id}/revoke`}>
                    <button type="submit" class="link" aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </button>
                  </form>
                ) : null,
            },
          ]}
        />
      )}
      {props.next ? (
        <p>
          <a href={`/tokens?after=${encodeURIComponent(props.next)}`}>Older tokens</a>
        </p>
      ) : null}
    </DashboardPage>
  );
}

/** A person's role, with a form to set it, and whether an admin set it. */
function RoleForm(props: { person: Person }) {
  const { person } = props;
  return (
    <>
      <form method="post" action={`/people/${encodeURIComponent(person.email)}`} style="display:flex;gap:0.5rem;align-items:center">
        <label class="visually-hidden" for={`role-${person.email}`}>{`Role of ${person.email}`}</label>
        <select id={`role-${person.email}`} name="role">
          {ROLES.map((role) => (
            <option value={role} selected={role === person.role}>
              {role}
            </option>
          ))}
        </select>
        <button type="submit">Set</button>
      </form>
      {person.assignedRole ? <span class="muted">set by an admin</span> : null}
    </>
  );
}

function PeoplePage(props: { caller: Caller; people: Person[]; changed?: string; error?: string }) {
  return (
    <DashboardPage title="People" caller={props.caller}>
      <h1>People</h1>
      <p>
        People appear here when they first sign in. Their role comes from their groups at the identity provider, unless an admin sets one here, which then holds
        from their next request. Viewers read the signals; facilitators also run write-ups and reviews and see attendees' names; admins also manage people,
        tokens, the audit trail and the attendance and responses exports.
      </p>
      {props.changed ? (
        <p role="status" class="note">
          {props.changed}
        </p>
      ) : null}
      {props.error ? (
        <p role="alert" class="field-error" style="max-width:none">
          {props.error}
        </p>
      ) : null}
      <DataTable
        rows={props.people}
        columns={[
          {
            head: 'Person',
            rowHead: true,
            cell: (person) => (
              <>
                {person.name !== person.email ? `${person.name} · ` : ''}
                <span class="muted">{person.email}</span>
              </>
            ),
          },
          { head: 'Role', cell: (person) => <RoleForm person={person} /> },
          { head: 'From groups', cell: (person) => person.groupRole },
          { head: 'Last sign-in', cell: (person) => when(person.lastSignInAt) },
        ]}
      />
      <h2>Give someone a role before they sign in</h2>
      <form method="post" action="/people" class="range" aria-label="Add a person">
        <label>
          E-mail
          <input type="email" name="email" required maxlength={254} />
        </label>
        <label>
          Role
          <select name="role">
            {ROLES.map((role) => (
              <option value={role} selected={role === 'facilitator'}>
                {role}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Add</button>
      </form>
    </DashboardPage>
  );
}

/** What the audit page was asked to show: the days, and a person and an action to narrow it to. */
interface AuditFilter {
  range: DayRange;
  who?: string;
  action?: string;
  page: number;
}

/** The audit page's address for a filter: every link the page offers keeps the filter. */
const auditHref = (filter: AuditFilter, page: number) => {
  const query = new URLSearchParams({ from: filter.range.from, to: filter.range.to });
  if (filter.who) query.set('who', filter.who);
  if (filter.action) query.set('action', filter.action);
  if (page > 1) query.set('page', String(page));
  return `/audit?${query}`;
};

function AuditPage(props: {
  caller: Caller;
  filter: AuditFilter;
  items: AuditEntry[];
  total: number;
  actors: string[];
  typed?: { from: string; to: string };
  error?: { path: string; message: string };
}) {
  const { filter } = props;
  const { range } = filter;
  const pages = Math.max(1, Math.ceil(props.total / AUDIT_PAGE_SIZE));
  const first = (filter.page - 1) * AUDIT_PAGE_SIZE;
  const narrowed = [filter.who ? `by ${filter.who}` : '', filter.action ? `“${actionName(filter.action)}”` : ''].filter(Boolean).join(', ');
  return (
    <DashboardPage title="Audit trail" caller={props.caller}>
      <h1>Audit trail</h1>
      <p>Every change made through the API or the dashboard: who made it, what it was, what it touched, and when.</p>
      <RangeForm action="/audit" label="Which changes" values={props.typed ?? range} error={props.error}>
        <label>
          Who
          <select name="who">
            <option value="">Everyone</option>
            {[...new Set([...props.actors, ...(filter.who ? [filter.who] : [])])].map((actor) => (
              <option value={actor} selected={actor === filter.who}>
                {actor}
              </option>
            ))}
          </select>
        </label>
        <label>
          What
          <select name="action">
            <option value="">Any change</option>
            {[...ACTION_NAMES].map(([action, name]) => (
              <option value={action} selected={action === filter.action}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </RangeForm>
      {props.error ? (
        <p role="alert">That range cannot be shown: fix it above.</p>
      ) : (
        <>
          <p>
            {props.total === 0
              ? `No changes from ${range.from} to ${range.to}${narrowed ? ` ${narrowed}` : ''}.`
              : `${plural(props.total, 'change')} from ${range.from} to ${range.to}${narrowed ? ` ${narrowed}` : ''}${props.items.length === 0 ? '; this page is past the last one' : pages > 1 ? `; ${fmt(first + 1)} to ${fmt(first + props.items.length)}, newest first` : ', newest first'}. `}
            <a href={`/api/export/audit.csv?from=${range.from}&to=${range.to}`}>Download every change of these days as CSV</a>
          </p>
          {props.items.length ? (
            <DataTable
              rows={props.items}
              caption={{ text: 'Changes', class: 'visually-hidden' }}
              columns={[
                { head: 'What', rowHead: true, cell: (entry) => actionName(entry.action) },
                { head: 'When', cell: (entry) => when(entry.at) },
                { head: 'Who', cell: (entry) => entry.actor },
                { head: 'On', cell: (entry) => entry.target || '—' },
                { head: 'Through', cell: (entry) => throughOf(entry.route) },
              ]}
            />
          ) : null}
          {pages > 1 || filter.page > pages ? (
            <nav class="actions" aria-label="Pages of changes">
              {filter.page > 1 ? <a href={auditHref(filter, filter.page - 1)}>Newer changes</a> : null}
              <span class="muted">{`Page ${fmt(filter.page)} of ${fmt(pages)}`}</span>
              {filter.page < pages ? <a href={auditHref(filter, filter.page + 1)}>Older changes</a> : null}
              {filter.page > pages ? <a href={auditHref(filter, 1)}>The newest changes</a> : null}
            </nav>
          ) : null}
        </>
      )}
    </DashboardPage>
  );
}

const field = async (c: Context) => (await readSubmission(c))?.fields ?? {};
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** `/tokens`, `/people` and `/audit`: the pages over personal tokens, people's roles and the audit trail. */
export function peoplePageHandlers(deps: AppDeps) {
  const tokensPage = async (
    c: Context,
    extra: { created?: PersonalToken & { token: string }; error?: string; name?: string } = {},
    status: 200 | 201 | 400 | 403 | 409 = 200,
  ) => {
    const adminToken = await deps.adminToken();
    const list = (after: string | undefined) => tokensFor(deps.store, callerOf(c), { after }, nowOf(deps), adminToken);
    const asked = await list(c.req.method === 'GET' ? c.req.query('after') : undefined);
    // A link to older tokens that this list did not give: the newest, and a word about it.
    const page = asked ?? (await list(undefined));
    return c.html(
      <TokensPage
        caller={callerOf(c)}
        tokens={page?.tokens ?? []}
        next={page?.next}
        badPage={!asked}
        now={nowOf(deps)}
        publicUrl={publicUrlOf(deps, c.req.url)}
        {...extra}
      />,
      asked ? status : 400,
    );
  };

  const peoplePage = async (c: Context, extra: { changed?: string; error?: string } = {}, status: 200 | 400 = 200) =>
    c.html(<PeoplePage caller={callerOf(c)} people={await people(deps.store, roleRulesOf(deps))} {...extra} />, status);
  const changeRole = async (c: Context, emailOf: (fields: Record<string, unknown>) => string) => {
    const fields = await field(c);
    const rawEmail = emailOf(fields);
    const email = emailSchema.safeParse(rawEmail);
    const role = roleSchema.safeParse(text(fields.role));
    if (!email.success || !role.success)
      return peoplePage(c, { error: !email.success ? `"${rawEmail.slice(0, 254)}" is not an e-mail address.` : 'Pick one of the roles.' }, 400);
    await setRole(deps.store, email.data, role.data, roleRulesOf(deps), nowOf(deps));
    setAuditTarget(c, `${email.data} → ${role.data}`);
    return c.redirect(`/people?changed=${encodeURIComponent(email.data)}`, 303);
  };

  return group(peoplePages, {
    tokensPage: (c) => tokensPage(c),
    createToken: async (c) => {
      const fields = await field(c);
      const input = createTokenSchema.safeParse({ name: text(fields.name), expiresInDays: Number(text(fields.expiresInDays) || TOKEN_DAYS_DEFAULT) });
      if (!input.success)
        return tokensPage(c, { error: `Name ${input.error.issues[0]?.message ?? 'is not valid'}.`, name: text(fields.name).slice(0, TOKEN_NAME_MAX) }, 400);
      const made = await createToken(deps.store, callerOf(c), input.data, nowOf(deps), await deps.adminToken());
      if (!made.ok) return tokensPage(c, { error: made.message, name: input.data.name }, made.status);
      setAuditTarget(c, `${made.token.id} (${made.token.name})`);
      return tokensPage(c, { created: made.token }, 201);
    },
    revokeToken: async (c) => {
      const revoked = await revokeTokenFor(deps.store, callerOf(c), c.req.param('id'), nowOf(deps));
      if (!revoked)
        return c.html(<NotFoundPage caller={callerOf(c)} what="such token of yours" back={{ href: '/tokens', label: 'Back to your tokens' }} />, 404);
      setAuditTarget(c, `${revoked.id} (${revoked.name})`);
      return c.redirect('/tokens', 303);
    },
    peoplePage: (c) => peoplePage(c, { changed: c.req.query('changed') ? `Role of ${c.req.query('changed')} changed.` : undefined }),
    setRoleByForm: (c) => changeRole(c, (fields) => text(fields.email)),
    setRole: (c) => changeRole(c, () => c.req.param('email')),
    auditPage: async (c) => {
      const typed = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
      const asked = resolveRange({ from: typed.from || undefined, to: typed.to || undefined }, nowOf(deps));
      // An action no operation declares, or a person's name past any e-mail's length, matches nothing: shown as everyone's, any change.
      const action = ACTION_NAMES.has(c.req.query('action') ?? '') ? c.req.query('action') : undefined;
      const who = (c.req.query('who') ?? '').slice(0, 320) || undefined;
      const page = Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '', 10) || 1));
      if (!asked.ok) {
        const filter = { range: { from: typed.from, to: typed.to }, who, action, page: 1 };
        return c.html(<AuditPage caller={callerOf(c)} filter={filter} items={[]} total={0} actors={[]} typed={typed} error={asked} />, 400);
      }
      const found = await auditSearch(deps.store, asked.range, { actor: who, action }, page);
      return c.html(<AuditPage caller={callerOf(c)} filter={{ range: asked.range, who, action, page }} {...found} />);
    },
  });
}
