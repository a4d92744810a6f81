import type { Context } from 'hono';
import { group } from '../../shared/app';
import { writeupFormPages } from './pages.routes';
import { LINK_KINDS, registerLinkSchema } from '../../domain/links';
import { atLeast, type Caller } from '../../domain/people';
import { createWriteupSchema, patchWriteupSchema, splitTags, suggestId, TAGS_HINT, writeupIdSchema, type Writeup } from '../../domain/writeup';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, planImport, SAMPLE_IMPORT_CSV, type ImportRow, type RowProblem } from '../../domain/writeup-csv';
import { plural } from '../../domain/words';
import { registerLinkFor } from '../../services/links';
import { addWriteup, editWriteup, findWriteup, importWriteups, searchWriteups } from '../../services/writeups';
import { linkSettingsOf, nowOf, type AppDeps } from '../../shared/deps';
import { callerOf, setAuditTarget } from '../authorize';
import { Field, FormProblems, formValues, problemsOf, type Problems, type Values } from './fields';
import { DataTable } from './data-table';
import { DashboardPage, NotFoundPage } from './layout';

const tagsOf = splitTags;
const linesOf = (text: string | undefined) => (text ?? '').split(/\s+/).filter(Boolean);
const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

function WriteupList(props: {
  caller: Caller;
  writeups: Writeup[];
  q: string;
  tag: string;
  tags: Array<{ tag: string; count: number }>;
  archived: boolean;
  archivedCount: number;
  notice?: string;
}) {
  const mayChange = atLeast(props.caller.role, 'facilitator');
  return (
    <DashboardPage title={props.archived ? 'Archived write-ups' : 'Write-ups'} caller={props.caller}>
      <h1>{props.archived ? 'Archived write-ups' : 'Write-ups'}</h1>
      {props.notice ? (
        <p role="status" class="note">
          {props.notice}
        </p>
      ) : null}
      {props.archived ? (
        <p>
          <a href="/writeups">← The write-ups in use</a>
        </p>
      ) : props.archivedCount ? (
        <p class="muted">
          <a href="/writeups?archived=1">{`${props.archivedCount} archived`}</a>
          {' (out of these lists and the digest; restore one from its page).'}
        </p>
      ) : null}
      {mayChange ? (
        <p class="actions">
          <a class="button" href="/writeups/new">
            Add a write-up
          </a>
          <a class="button secondary" href="/writeups/import">
            Import from a CSV file
          </a>
        </p>
      ) : null}
      <form class="range" method="get" action="/writeups" aria-label="Find write-ups">
        {props.archived ? <input type="hidden" name="archived" value="1" /> : null}
        <label>
          Words in the title, id or address
          <input type="search" name="q" value={props.q} maxlength={200} />
        </label>
        <label>
          Tag
          <select name="tag">
            <option value="">Any tag</option>
            {props.tags.map(({ tag, count }) => (
              <option value={tag} selected={tag === props.tag}>{`${tag} (${count})`}</option>
            ))}
          </select>
        </label>
        <button type="submit">Find</button>
      </form>
      <p>{`${props.writeups.length} ${props.writeups.length === 1 ? 'write-up' : 'write-ups'}${props.q || props.tag ? ' found' : ''}.`}</p>
      <DataTable
        rows={props.writeups}
        columns={[
          {
            head: 'Title',
            rowHead: true,
            cell: (w) => (
              <>
                <a href={`/writeups/${w.id}`}>{w.title}</a> <span class="muted">{w.id}</span>
              </>
            ),
          },
          { head: 'Published', cell: (w) => day(w.publishedAt ?? w.createdAt) },
          { head: 'Tags', cell: (w) => w.tags.join(', ') },
          mayChange && {
            head: <span class="visually-hidden">Actions</span>,
            cell: (w) => (
              <>
                <a href={`/writeups/${w.id}/edit`} aria-label={`Edit ${w.title}`}>
                  Edit
                </a>{' '}
                ·{' '}
                <a href={`/writeups/${w.id}/reviews/new`} aria-label={`Schedule a review of ${w.title}`}>
                  Schedule a review
                </a>
              </>
            ),
          },
        ]}
      />
    </DashboardPage>
  );
}

/** The fields of a write-up, for adding one and for editing it. */
function WriteupForm(props: { caller: Caller; writeup?: Writeup; values: Values; problems: Problems }) {
  const editing = Boolean(props.writeup);
  const { values, problems } = props;
  return (
    <DashboardPage title={editing ? `Edit ${props.writeup!.title}` : 'Add a write-up'} caller={props.caller}>
      <h1>{editing ? `Edit “${props.writeup!.title}”` : 'Add a write-up'}</h1>
      <p>{editing ? 'Change what needs changing; the id stays.' : 'Register a post-incident write-up; its snippets to paste come next.'}</p>
      <FormProblems problems={problems} />
      <form class="stack" method="post" action={editing ? `/writeups/${props.writeup!.id}/edit` : '/writeups'}>
        <Field name="title" label="Title" values={values} problems={problems} required maxlength={200} />
        {editing ? null : (
          <Field
            name="id"
            label="Id"
            values={values}
            problems={problems}
            maxlength={64}
            hint="Lowercase letters, digits and dashes; part of every link to it. Left empty, it is made from the title."
            placeholder={suggestId(values.title ?? '') || 'checkout-failover'}
          />
        )}
        <Field
          name="url"
          label="Where it lives (its address)"
          type="url"
          values={values}
          problems={problems}
          required
          maxlength={2000}
          placeholder="https://wiki.example.com/pir/…"
        />
        <Field
          name="copies"
          label="Copies elsewhere"
          multiline={3}
          values={values}
          problems={problems}
          maxlength={21_000}
          hint="Optional: where else the same write-up lives (Confluence, Google Docs, Notion, a repository), one address a line, at most 10. Links from a copy count as links from the write-up."
        />
        <Field name="incidentDate" label="Incident date" type="date" values={values} problems={problems} hint="Optional." />
        <Field
          name="publishedAt"
          label="Published on"
          type="date"
          values={values}
          problems={problems}
          hint="Optional; the long tail of reads counts from this day (else from today)."
        />
        <Field name="tags" label="Tags" values={values} problems={problems} hint={TAGS_HINT} maxlength={900} />
        <div class="actions">
          <button type="submit">{editing ? 'Save' : 'Add the write-up'}</button>
          <a href={editing ? `/writeups/${props.writeup!.id}` : '/writeups'}>Cancel</a>
        </div>
      </form>
    </DashboardPage>
  );
}

function ImportPage(props: { caller: Caller; csv: string; rows?: ImportRow[]; problems?: RowProblem[]; created?: number }) {
  const { rows, problems } = props;
  const ready = rows && rows.length > 0 && (!problems || problems.length === 0);
  return (
    <DashboardPage title="Import write-ups" caller={props.caller}>
      <h1>Import write-ups from a CSV file</h1>
      {props.created !== undefined ? (
        <p role="status" class="note">
          {`Imported ${props.created} ${props.created === 1 ? 'write-up' : 'write-ups'}.`} <a href="/writeups">See the list</a>
        </p>
      ) : null}
      <p>{`A header row, then one write-up a row (at most ${MAX_IMPORT_ROWS}). Columns: ${IMPORT_COLUMNS.join(', ')}; title and url are needed, an empty id is made from the title, dates are YYYY-MM-DD, copies are separated by semicolons or spaces. You see every row before anything is stored, and a file with any problem imports nothing.`}</p>
      <p id="import-tags">
        Tags are separated by commas or semicolons, as in the write-up form. In a CSV file a cell with commas needs quotes (<code>"payments, sev2"</code>);
        semicolons need none (<code>payments; sev2</code>).
      </p>
      <p>
        <a class="button secondary" href="/writeups/import/sample.csv" download="write-ups-sample.csv">
          Download a sample CSV file
        </a>{' '}
        <span class="muted">Two write-ups with every column filled in as the import reads it: a start for your own.</span>
      </p>
      {problems?.length ? (
        <div role="alert" class="problems">
          <p>{`${problems.length === 1 ? 'One row needs' : `${problems.length} rows need`} a look; nothing was imported:`}</p>
          <ul>
            {problems.map((problem) => (
              <li>{`Line ${problem.line}: ${problem.message}`}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {ready ? (
        <section aria-labelledby="preview">
          <h2 id="preview">{`${rows!.length} ${rows!.length === 1 ? 'write-up' : 'write-ups'} to import`}</h2>
          <DataTable
            rows={rows!}
            columns={[
              { head: 'Line', cell: (row) => row.line },
              { head: 'Id', cell: (row) => row.input.id },
              { head: 'Title', cell: (row) => row.input.title },
              { head: 'Address', cell: (row) => row.input.url },
              { head: 'Published', cell: (row) => day(row.input.publishedAt) },
              { head: 'Tags', cell: (row) => (row.input.tags ?? []).join(', ') },
            ]}
          />
          <form method="post" action="/writeups/import">
            <input type="hidden" name="confirm" value="yes" />
            <textarea name="csv" hidden>
              {props.csv}
            </textarea>
            <p class="actions">
              <button type="submit">{`Import ${rows!.length} ${rows!.length === 1 ? 'write-up' : 'write-ups'}`}</button>
              <a href="/writeups/import">Start again</a>
            </p>
          </form>
        </section>
      ) : null}
      <form class="stack" method="post" action="/writeups/import" enctype="multipart/form-data">
        <div class="field">
          <label for="field-file">CSV file</label>
          <input id="field-file" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <div class="field">
          <label for="field-csv">Or paste it here</label>
          <textarea id="field-csv" name="csv" rows={6}>
            {ready ? '' : props.csv}
          </textarea>
        </div>
        <p class="actions">
          <button type="submit">Preview</button>
        </p>
      </form>
    </DashboardPage>
  );
}

const valuesOf = (w: Writeup): Values => ({
  title: w.title,
  url: w.url,
  copies: w.copies.join('\n'),
  incidentDate: day(w.incidentDate),
  publishedAt: day(w.publishedAt),
  tags: w.tags.join(', '),
});

/** `/writeups`, `/writeups/new`, `/writeups/{id}/edit`, `/writeups/import`, and a link added on a write-up's page. */
export function writeupFormPageHandlers(deps: AppDeps) {
  const list = async (c: Context) => {
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const tag = (c.req.query('tag') ?? '').slice(0, 40);
    const archived = c.req.query('archived') === '1';
    const { writeups, tags, archivedCount } = await searchWriteups(deps.store, { q, tag, archived });
    const deleted = c.req.query('deleted')?.slice(0, 200);
    return c.html(
      <WriteupList
        caller={callerOf(c)}
        writeups={writeups}
        q={q}
        tag={tag}
        tags={tags}
        archived={archived}
        archivedCount={archivedCount}
        notice={deleted ? `Deleted “${deleted}” and every fact about it.` : undefined}
      />,
    );
  };

  const existing = async (c: Context) => {
    const id = writeupIdSchema.safeParse(c.req.param('id'));
    return id.success ? findWriteup(deps.store, id.data) : undefined;
  };
  const notFound = (c: Context) =>
    c.html(<NotFoundPage caller={callerOf(c)} what="write-up with that id" back={{ href: '/writeups', label: 'Back to the write-ups' }} />, 404);

  return group(writeupFormPages, {
    writeupsPage: list,
    newWriteupPage: (c) => c.html(<WriteupForm caller={callerOf(c)} values={{}} problems={{}} />),
    addWriteup: async (c) => {
      const values = await formValues(c);
      const input = {
        id: values.id?.trim() || suggestId(values.title ?? ''),
        title: values.title ?? '',
        url: (values.url ?? '').trim(),
        ...(linesOf(values.copies).length ? { copies: linesOf(values.copies) } : {}),
        ...(values.incidentDate ? { incidentDate: values.incidentDate } : {}),
        ...(values.publishedAt ? { publishedAt: values.publishedAt } : {}),
        tags: tagsOf(values.tags),
      };
      const parsed = createWriteupSchema.safeParse(input);
      if (!parsed.success) return c.html(<WriteupForm caller={callerOf(c)} values={values} problems={problemsOf(parsed.error)} />, 400);
      const created = await addWriteup(deps.store, parsed.data, nowOf(deps));
      if (created === 'exists') {
        return c.html(
          <WriteupForm
            caller={callerOf(c)}
            values={{ ...values, id: parsed.data.id }}
            problems={{ id: `"${parsed.data.id}" is taken by another write-up; choose another id` }}
          />,
          409,
        );
      }
      setAuditTarget(c, created.id);
      return c.redirect(`/writeups/${created.id}?added=1#embed`, 303);
    },
    importPage: (c) => c.html(<ImportPage caller={callerOf(c)} csv="" />),
    importSample: (c) => {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="write-ups-sample.csv"');
      return c.body(SAMPLE_IMPORT_CSV);
    },
    importWriteups: async (c) => {
      const body = await c.req.parseBody().catch(() => undefined);
      if (!body)
        return c.html(<ImportPage caller={callerOf(c)} csv="" problems={[{ line: 1, message: 'the form could not be read; choose the file again' }]} />, 400);
      const file = body.file instanceof File && body.file.size > 0 ? await body.file.text() : '';
      const csv = file || (typeof body.csv === 'string' ? body.csv : '');
      const plan = planImport(csv);
      if (!plan.ok || body.confirm !== 'yes') {
        setAuditTarget(c, `${plural(plan.rows.length, 'write-up')} checked, none imported`);
        return c.html(<ImportPage caller={callerOf(c)} csv={csv} rows={plan.rows} problems={plan.ok ? [] : plan.problems} />, plan.ok ? 200 : 400);
      }
      const result = await importWriteups(deps.store, plan.rows, nowOf(deps));
      if (!result.ok) return c.html(<ImportPage caller={callerOf(c)} csv={csv} rows={plan.rows} problems={result.problems} />, 409);
      setAuditTarget(c, plural(result.created, 'write-up'));
      return c.html(<ImportPage caller={callerOf(c)} csv="" created={result.created} />);
    },
    editWriteupPage: async (c) => {
      const writeup = await existing(c);
      if (!writeup) return notFound(c);
      return c.html(<WriteupForm caller={callerOf(c)} writeup={writeup} values={valuesOf(writeup)} problems={{}} />);
    },
    editWriteup: async (c) => {
      const writeup = await existing(c);
      if (!writeup) return notFound(c);
      const values = await formValues(c);
      const parsed = patchWriteupSchema.safeParse({
        title: values.title ?? '',
        url: (values.url ?? '').trim(),
        copies: linesOf(values.copies),
        incidentDate: values.incidentDate || null,
        publishedAt: values.publishedAt || null,
        tags: tagsOf(values.tags),
      });
      if (!parsed.success) return c.html(<WriteupForm caller={callerOf(c)} writeup={writeup} values={values} problems={problemsOf(parsed.error)} />, 400);
      await editWriteup(deps.store, writeup.id, parsed.data, nowOf(deps));
      return c.redirect(`/writeups/${writeup.id}?saved=1`, 303);
    },
    addLink: async (c) => {
      const writeup = await existing(c);
      if (!writeup) return notFound(c);
      const values = await formValues(c);
      const parsed = registerLinkSchema.safeParse({ url: (values.url ?? '').trim(), ...(values.kind ? { kind: values.kind } : {}) });
      const back = (problem: string) =>
        c.html(
          <DashboardPage title="Add a link" caller={callerOf(c)}>
            <h1>{`Add a link to “${writeup.title}”`}</h1>
            <AddLinkForm writeupId={writeup.id} values={values} problems={{ url: problem }} />
          </DashboardPage>,
          400,
        );
      if (!parsed.success) return back(problemsOf(parsed.error).url ?? problemsOf(parsed.error).kind ?? 'is not valid');
      const result = await registerLinkFor(deps.store, writeup.id, parsed.data, linkSettingsOf(deps), nowOf(deps));
      if (!result.ok) return back(result.reason === 'no-writeup' ? 'the write-up is gone' : result.message);
      return c.redirect(`/writeups/${writeup.id}?link=${result.created ? 'added' : 'known'}#links`, 303);
    },
  });
}

/** A place that points at a write-up, added by hand; its kind proposed from the URL unless chosen. */
export function AddLinkForm(props: { writeupId: string; values?: Values; problems?: Problems }) {
  const values = props.values ?? {};
  return (
    <form class="range" method="post" action={`/writeups/${props.writeupId}/links`} aria-label="Add a link">
      <label>
        Address of the place that points here
        <input
          type="url"
          name="url"
          required
          maxlength={2000}
          value={values.url ?? ''}
          aria-invalid={props.problems?.url ? 'true' : undefined}
          aria-describedby={props.problems?.url ? 'link-error' : undefined}
        />
        {props.problems?.url ? (
          <span class="field-error" id="link-error">
            {props.problems.url}
          </span>
        ) : null}
      </label>
      <label>
        Kind
        <select name="kind">
          <option value="">From the address</option>
          {LINK_KINDS.map((kind) => (
            <option value={kind} selected={values.kind === kind}>
              {kind}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Add the link</button>
    </form>
  );
}
