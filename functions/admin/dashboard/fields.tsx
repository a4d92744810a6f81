import type { Child } from 'hono/jsx';
import type { Context } from 'hono';
import type * as z from 'zod';
import { issuesOf } from '../../domain/validation';
import { readSubmission } from '../../shared/submission';

/** What a person typed, and what is wrong with it, field by field. */
export type Values = Record<string, string>;
export type Problems = Record<string, string>;

/** A form's fields as text, read by the one form reader (`readSubmission`); a field sent more than once is its values, a line each. */
export async function formValues(c: Context): Promise<Values> {
  const fields = (await readSubmission(c))?.fields ?? {};
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, Array.isArray(value) ? value.join('\n') : String(value ?? '')]));
}

/** A schema's issues, the first one per top-level field. */
export function problemsOf(error: z.ZodError): Problems {
  const problems: Problems = {};
  for (const issue of issuesOf(error)) {
    const field = issue.path.split('.')[0] || 'form';
    problems[field] ??= issue.message;
  }
  return problems;
}

/** A labelled field, its hint and its error next to it; the typed value kept. */
export function Field(props: {
  name: string;
  label: string;
  values: Values;
  problems?: Problems;
  type?: string;
  hint?: string;
  required?: boolean;
  multiline?: number;
  placeholder?: string;
  maxlength?: number;
  children?: Child;
}) {
  const id = `field-${props.name}`;
  const error = props.problems?.[props.name];
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: props.name, required: props.required, 'aria-invalid': error ? ('true' as const) : undefined, 'aria-describedby': described };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <span class="muted hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.children ? (
        <select {...common}>{props.children}</select>
      ) : props.multiline ? (
        <textarea {...common} rows={props.multiline} maxlength={props.maxlength}>
          {props.values[props.name] ?? ''}
        </textarea>
      ) : (
        <input {...common} type={props.type ?? 'text'} value={props.values[props.name] ?? ''} placeholder={props.placeholder} maxlength={props.maxlength} />
      )}
      {error ? (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** The errors of a refused form, said at its top too. */
/**
 * What a problem is about, as the form says it: its field's label (`labels`), a survey's row as its
 * legend numbers it ("Question 8" for `q7`), else the field's name.
 */
function problemLabel(field: string, labels: Record<string, string>): string {
  const row = /^q(\d+)$/.exec(field);
  return labels[field] ?? (row ? `Question ${Number(row[1]) + 1}` : field);
}

export function FormProblems(props: { problems: Problems; labels?: Record<string, string> }) {
  const entries = Object.entries(props.problems);
  if (entries.length === 0) return null;
  return (
    <div role="alert" class="problems">
      <p>{entries.length === 1 ? 'One thing needs a look; nothing was saved:' : `${entries.length} things need a look; nothing was saved:`}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#field-${field}`}>{`${problemLabel(field, props.labels ?? {})}: ${message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
