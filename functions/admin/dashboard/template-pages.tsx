import type { Context } from 'hono';
import { group } from '../../shared/app';
import { templatePages } from './pages.routes';
import { atLeast, type Caller } from '../../domain/people';
import { copyTemplateSchema, DEFAULT_TEMPLATE, MAX_QUESTIONS, templateSchema, type Question, type SurveyTemplate } from '../../domain/survey';
import { issuesOf } from '../../domain/validation';
import { allTemplates, copyTemplate, findTemplate, saveTemplate } from '../../services/templates';
import { nowOf, type AppDeps } from '../../shared/deps';
import { SurveyForm } from '../../forms/survey-form';
import { callerOf, setAuditTarget } from '../authorize';
import { Field, FormProblems, formValues, type Problems, type Values } from './fields';
import { DataTable } from './data-table';
import { DashboardPage, NotFoundPage } from './layout';

const TYPES: Array<[Question['type'], string]> = [
  ['choice', 'One choice'],
  ['multi', 'Several choices'],
  ['scale', 'A scale (1 to 5)'],
  ['text', 'A short answer'],
  ['longtext', 'A long answer, in their own words'],
];
const DEFAULT_ROWS = 8;

/** A template's questions as the form's rows of fields (`q0.id`, `q0.prompt`, …). */
function valuesOfTemplate(template: SurveyTemplate): Values {
  const values: Values = { id: template.id, title: template.title };
  template.questions.forEach((q, i) => {
    values[`q${i}.id`] = q.id;
    values[`q${i}.prompt`] = q.prompt;
    values[`q${i}.type`] = q.type;
    values[`q${i}.required`] = q.required ? 'yes' : '';
    if (q.type === 'choice' || q.type === 'multi') values[`q${i}.options`] = q.options.join('\n');
  });
  return values;
}

/** The rows a person filled in, as the API's template (rows with neither id nor prompt are skipped). */
function definitionOf(values: Values, rows: number) {
  const questions: unknown[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < rows; i++) {
    const id = (values[`q${i}.id`] ?? '').trim();
    const prompt = (values[`q${i}.prompt`] ?? '').trim();
    if (!id && !prompt) continue;
    const type = values[`q${i}.type`] ?? 'longtext';
    const base = { id, prompt, type, ...(values[`q${i}.required`] === 'yes' ? { required: true } : {}) };
    const options = (values[`q${i}.options`] ?? '')
      .split(/\n|,/)
      .map((o) => o.trim())
      .filter(Boolean);
    questions.push(type === 'choice' || type === 'multi' ? { ...base, options } : type === 'scale' ? { ...base, min: 1, max: 5 } : base);
    rowOf.push(i);
  }
  return { definition: { id: (values.id ?? '').trim(), title: values.title ?? '', questions }, rowOf };
}

function TemplateList(props: { caller: Caller; templates: SurveyTemplate[] }) {
  return (
    <DashboardPage title="Surveys" caller={props.caller}>
      <h1>Post-review surveys</h1>
      <p>Each review pins the version of its survey it was scheduled with; saving a template again makes a new version for the reviews to come.</p>
      {atLeast(props.caller.role, 'facilitator') ? (
        <p class="actions">
          <a class="button" href="/templates/new">
            Write a survey
          </a>
        </p>
      ) : null}
      <DataTable
        rows={props.templates}
        columns={[
          {
            head: 'Survey',
            rowHead: true,
            cell: (t) => <a href={atLeast(props.caller.role, 'facilitator') ? `/templates/${t.id}` : `/templates/${t.id}/preview`}>{t.title}</a>,
          },
          { head: 'Id', cell: (t) => t.id },
          { head: 'Version', num: true, cell: (t) => t.version },
          { head: 'Questions', num: true, cell: (t) => t.questions.length },
        ]}
      />
    </DashboardPage>
  );
}

const COPY_LABELS = { copyId: "The new survey's id", copyTitle: 'Its title' };

/** Copying a survey as a new one: its own id and title, the same questions, to change and save as its own. */
function CopyForm(props: { template: SurveyTemplate; values?: Values; problems?: Problems }) {
  const values = props.values ?? { copyId: `${props.template.id}-copy`.slice(0, 64), copyTitle: `${props.template.title} (copy)`.slice(0, 200) };
  const problems = props.problems ?? {};
  return (
    <section aria-labelledby="copy-heading">
      <h2 id="copy-heading">Copy it as a new survey</h2>
      <p class="muted">The copy starts with these questions; change it and save it as your own. Reviews already scheduled keep theirs.</p>
      <form class="stack" method="post" action={`/templates/${props.template.id}/copy`}>
        <Field
          name="copyId"
          label="The new survey's id"
          values={values}
          problems={problems}
          required
          maxlength={64}
          hint="Lowercase letters, digits and dashes."
        />
        <Field name="copyTitle" label="Its title" values={values} problems={problems} required maxlength={200} />
        <div class="actions">
          <button type="submit">Copy as a new survey</button>
        </div>
      </form>
    </section>
  );
}

function TemplateForm(props: {
  caller: Caller;
  values: Values;
  problems: Problems;
  rows: number;
  existing?: SurveyTemplate;
  copy?: { values: Values; problems: Problems };
  notice?: string;
}) {
  const { values, problems, existing } = props;
  if (existing?.id === DEFAULT_TEMPLATE.id) return <BuiltInPage caller={props.caller} template={existing} copy={props.copy} />;
  const action = existing ? `/templates/${existing.id}` : '/templates';
  return (
    <DashboardPage title={existing ? `${existing.title}: a new version` : 'Write a survey'} caller={props.caller}>
      <p>
        <a href="/templates">← Surveys</a>
      </p>
      <h1>{existing ? `“${existing.title}”: save a new version` : 'Write a survey'}</h1>
      {props.notice ? (
        <p role="status" class="note">
          {props.notice}
        </p>
      ) : null}
      {existing ? (
        <p>
          {`Version ${existing.version} is the latest. `}
          <a href={`/templates/${existing.id}/preview`}>See it as participants do</a>
        </p>
      ) : (
        <p>Keep it to two minutes. Ask what surprised people and what is still a mystery: those answers are why the survey exists.</p>
      )}
      <FormProblems problems={problems} labels={{ id: 'Id', title: 'Title' }} />
      <form class="stack" method="post" action={action}>
        <input type="hidden" name="rows" value={String(props.rows)} />
        {existing ? (
          <input type="hidden" name="id" value={existing.id} />
        ) : (
          <Field
            name="id"
            label="Id"
            values={values}
            problems={problems}
            required
            maxlength={64}
            hint="Lowercase letters, digits and dashes; reviews name the survey by it."
          />
        )}
        <Field name="title" label="Title" values={values} problems={problems} required maxlength={200} />
        {Array.from({ length: props.rows }, (_, i) => (
          <fieldset id={`field-q${i}`} aria-describedby={problems[`q${i}`] ? `q${i}-error` : undefined}>
            <legend>{`Question ${i + 1}`}</legend>
            {problems[`q${i}`] ? (
              <p class="field-error" id={`q${i}-error`}>
                {problems[`q${i}`]}
              </p>
            ) : null}
            <Field name={`q${i}.prompt`} label="What it asks" values={values} maxlength={300} />
            <Field
              name={`q${i}.id`}
              label="Its id"
              values={values}
              maxlength={40}
              hint="Letters, digits, _ or -, starting with a letter; the answers' column in exports."
            />
            <Field name={`q${i}.type`} label="Answered with" values={values}>
              {TYPES.map(([type, label]) => (
                <option value={type} selected={(values[`q${i}.type`] ?? 'longtext') === type}>
                  {label}
                </option>
              ))}
            </Field>
            {/* Read for choice questions only (`definitionOf`); the dashboard's script shows it only for them. */}
            <div data-choices-for={`field-q${i}.type`}>
              <Field
                name={`q${i}.options`}
                label="Choices (for choice questions only)"
                multiline={3}
                values={values}
                maxlength={2_500}
                hint="One a line, at least two. Left out for other kinds of answer."
              />
            </div>
            <div class="field">
              <label>
                <input type="checkbox" name={`q${i}.required`} value="yes" checked={values[`q${i}.required`] === 'yes'} /> An answer is required
              </label>
            </div>
          </fieldset>
        ))}
        <p class="muted">
          {`Leave a question's rows empty to skip it. `}
          <a href={`${existing ? `/templates/${existing.id}` : '/templates/new'}?rows=${Math.min(MAX_QUESTIONS, props.rows + 8)}`}>More question rows</a>{' '}
          (before typing)
        </p>
        <div class="actions">
          <button type="submit">{existing ? 'Save a new version' : 'Save the survey'}</button>
          <a href="/templates">Cancel</a>
        </div>
      </form>
      {existing ? <CopyForm template={existing} values={props.copy?.values} problems={props.copy?.problems} /> : null}
    </DashboardPage>
  );
}

/** The built-in survey cannot change: its page offers a copy to change instead. */
function BuiltInPage(props: { caller: Caller; template: SurveyTemplate; copy?: { values: Values; problems: Problems } }) {
  return (
    <DashboardPage title={props.template.title} caller={props.caller}>
      <p>
        <a href="/templates">← Surveys</a>
      </p>
      <h1>{`“${props.template.title}”`}</h1>
      <p>
        {'The built-in survey stays as it is, so every organization’s answers to it compare. '}
        <a href={`/templates/${props.template.id}/preview`}>See it as participants do</a>
      </p>
      <ol>
        {props.template.questions.map((question) => (
          <li>{question.prompt}</li>
        ))}
      </ol>
      <FormProblems problems={props.copy?.problems ?? {}} labels={COPY_LABELS} />
      <CopyForm template={props.template} values={props.copy?.values} problems={props.copy?.problems} />
    </DashboardPage>
  );
}

/** `/templates`: the surveys, a form to write one or save a new version, and a preview as participants see it. */
export function templatePageHandlers(deps: AppDeps) {
  const rowsOf = (raw: string | undefined, least: number) => Math.min(MAX_QUESTIONS, Math.max(least, Number.parseInt(raw ?? '', 10) || DEFAULT_ROWS));
  const notFound = (c: Context) =>
    c.html(<NotFoundPage caller={callerOf(c)} what="survey with that id" back={{ href: '/templates', label: 'Back to the surveys' }} />, 404);

  const save = async (c: Context, existing?: SurveyTemplate) => {
    const values = await formValues(c);
    const rows = rowsOf(values.rows, DEFAULT_ROWS);
    const { definition, rowOf } = definitionOf(existing ? { ...values, id: existing.id } : values, rows);
    const parsed = templateSchema.safeParse(definition);
    const problems: Problems = {};
    if (!parsed.success) {
      for (const issue of issuesOf(parsed.error)) {
        const [field, index, detail] = issue.path.split('.');
        const key = field === 'questions' && index !== undefined ? `q${rowOf[Number(index)]}` : field || 'form';
        problems[key] ??= field === 'questions' && detail ? `${detail}: ${issue.message}` : issue.message;
      }
      if (definition.questions.length === 0) problems.q0 = 'a survey needs at least one question';
    }
    const again = (status: 400 | 409) =>
      c.html(<TemplateForm caller={callerOf(c)} values={values} problems={problems} rows={rows} existing={existing} />, status);
    if (!parsed.success) return again(400);
    if (!existing && (await findTemplate(deps.store, parsed.data.id))) {
      problems.id = `"${parsed.data.id}" is taken by another survey; open it to save a new version`;
      return again(409);
    }
    const saved = await saveTemplate(deps.store, parsed.data, nowOf(deps));
    if (saved === 'builtin') {
      problems.id = `"${DEFAULT_TEMPLATE.id}" is built in; choose another id`;
      return again(409);
    }
    setAuditTarget(c, `${saved.id} version ${saved.version}`);
    return c.redirect(`/templates/${saved.id}?saved=${saved.version}`, 303);
  };

  const preview = async (c: Context) => {
    const template = await findTemplate(deps.store, c.req.param('id') ?? '');
    if (!template) return notFound(c);
    // Back where the preview was opened from: the editor for those who may change the survey.
    const back = atLeast(callerOf(c).role, 'facilitator')
      ? { href: `/templates/${template.id}`, label: `← Back to ${template.id === DEFAULT_TEMPLATE.id ? '' : 'editing '}“${template.title}”` }
      : { href: '/templates', label: '← Surveys' };
    return c.html(
      <SurveyForm
        back={back}
        action={`/templates/${template.id}/preview`}
        heading={template.title}
        questions={template.questions}
        templateRef={`${template.id}@${template.version}`}
        askName={false}
        values={{}}
        errors={{}}
        submissionId="preview-only"
        notice={`A preview of version ${template.version}, as participants see it: answers here are not sent anywhere.`}
      />,
    );
  };

  return group(templatePages, {
    templatesPage: async (c) => c.html(<TemplateList caller={callerOf(c)} templates={await allTemplates(deps.store)} />),
    newTemplatePage: (c) => c.html(<TemplateForm caller={callerOf(c)} values={{}} problems={{}} rows={rowsOf(c.req.query('rows'), DEFAULT_ROWS)} />),
    saveNewTemplate: (c) => save(c),
    templatePage: async (c) => {
      const template = await findTemplate(deps.store, c.req.param('id') ?? '');
      if (!template) return notFound(c);
      const values = valuesOfTemplate(template);
      const [saved, copied] = [c.req.query('saved'), c.req.query('copied')];
      const notice = copied
        ? `A copy of “${copied.slice(0, 200)}”, saved as version 1: change it and save a new version.`
        : saved
          ? `Saved as version ${template.version}.`
          : undefined;
      const page = (
        <TemplateForm
          caller={callerOf(c)}
          values={values}
          problems={{}}
          rows={rowsOf(c.req.query('rows'), template.questions.length + 2)}
          existing={template}
          notice={notice}
        />
      );
      return c.html(page);
    },
    saveTemplate: async (c) => {
      const template = await findTemplate(deps.store, c.req.param('id') ?? '');
      if (!template) return notFound(c);
      return save(c, template);
    },
    copyTemplate: async (c) => {
      const template = await findTemplate(deps.store, c.req.param('id') ?? '');
      if (!template) return notFound(c);
      const values = await formValues(c);
      const parsed = copyTemplateSchema.safeParse({ id: values.copyId ?? '', title: values.copyTitle ?? '' });
      const problems: Problems = {};
      if (!parsed.success) for (const issue of issuesOf(parsed.error)) problems[issue.path === 'id' ? 'copyId' : 'copyTitle'] ??= issue.message;
      const copy = parsed.success ? await copyTemplate(deps.store, template.id, parsed.data, nowOf(deps)) : undefined;
      if (copy === 'missing') return notFound(c);
      if (copy === 'exists') problems.copyId = `"${values.copyId}" is taken by another survey; choose another id`;
      if (!copy || copy === 'exists') {
        const page = (
          <TemplateForm
            caller={callerOf(c)}
            values={valuesOfTemplate(template)}
            problems={{}}
            rows={template.questions.length + 2}
            existing={template}
            copy={{ values, problems }}
          />
        );
        return c.html(page, copy === 'exists' ? 409 : 400);
      }
      setAuditTarget(c, `${copy.id} version 1, from ${template.id}`);
      return c.redirect(`/templates/${copy.id}?copied=${encodeURIComponent(template.title)}`, 303);
    },
    previewTemplate: preview,
    tryTemplate: preview,
  });
}
