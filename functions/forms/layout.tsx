import { html } from 'hono/html';
import type { Child } from 'hono/jsx';
import { DOCTYPE, PageHead } from '../shared/page-head';

// Plain, large and high-contrast: these pages are filled on phones, in a hurry.
const css = `
:root { color-scheme: light dark; --ink: #1b1f24; --muted: #4b5563; --accent: #0b5cad; --error: #b42318;
  --page: #f6f7f9; --sheet: #fff; --field: #fff; --edge: #8a929c; --choice-edge: #c4c9d0; --notice: #eef4fb; --on-accent: #fff; }
/* A phone in dark mode gets a dark form, with the same contrast. */
@media (prefers-color-scheme: dark) {
  :root { --ink: #e6e8eb; --muted: #aab2bd; --accent: #8cc2ff; --error: #ff9b8f;
    --page: #0d0f12; --sheet: #121417; --field: #1a1e23; --edge: #7d8793; --choice-edge: #4a525c; --notice: #1b2633; --on-accent: #0b1320; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: var(--page); }
main { max-width: 40rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; background: var(--sheet); min-height: 100vh; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 0.25rem; }
.lede { color: var(--muted); margin-top: 0; }
fieldset, .field { border: 0; margin: 0 0 1.5rem; padding: 0; }
legend, .field > label { font-weight: 600; padding: 0; margin-bottom: 0.5rem; display: block; }
.required { font-weight: 400; color: var(--muted); }
.choices { display: grid; gap: 0.5rem; }
.choices.inline { grid-template-columns: repeat(auto-fit, minmax(3.25rem, 1fr)); }
.choices.pairs { grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); }
.choice { display: flex; align-items: center; gap: 0.6rem; min-height: 2.75rem; padding: 0.4rem 0.75rem; border: 1px solid var(--choice-edge); border-radius: 0.5rem; cursor: pointer; }
.choice input { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: var(--accent); }
.scale-labels { display: flex; justify-content: space-between; color: var(--muted); font-size: 0.9rem; margin-top: 0.25rem; }
input[type=text], textarea { width: 100%; font: inherit; padding: 0.6rem 0.7rem; border: 1px solid var(--edge); border-radius: 0.5rem; background: var(--field); color: var(--ink); }
textarea { min-height: 6.5rem; resize: vertical; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
[aria-invalid=true] { border-color: var(--error); border-width: 2px; }
.counter { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0 0; }
.counter.over { color: var(--error); font-weight: 600; }
.error { color: var(--error); font-weight: 600; margin: 0 0 0.4rem; }
.summary { border: 2px solid var(--error); border-radius: 0.5rem; padding: 0.75rem 1rem; margin-bottom: 1.5rem; }
.summary h2 { font-size: 1.1rem; margin: 0 0 0.25rem; color: var(--error); }
.summary a { color: var(--error); }
.notice { border-left: 4px solid var(--accent); background: var(--notice); padding: 0.75rem 1rem; margin-bottom: 1.5rem; }
.button { display: inline-block; font-weight: 600; color: var(--on-accent); background: var(--accent); border-radius: 0.5rem; padding: 0.8rem 1.5rem; text-decoration: none; }
button { font: inherit; font-weight: 600; color: var(--on-accent); background: var(--accent); border: 0; border-radius: 0.5rem; padding: 0.8rem 1.5rem; min-height: 2.75rem; cursor: pointer; width: 100%; }
@media (min-width: 30rem) { button { width: auto; } }
`;

export function Page(props: { title: string; children: Child; script?: string; refreshWithoutScripts?: { seconds: number; to: string } }) {
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <PageHead title={props.title} css={css}>
          {props.script ? <script defer src={props.script}></script> : null}
          {/* Only without scripts (the script does it otherwise): a timed refresh a person cannot stop is what axe's meta-refresh flags. */}
          {props.refreshWithoutScripts ? (
            <noscript>{html`<meta http-equiv="refresh" content="${props.refreshWithoutScripts.seconds};url=${props.refreshWithoutScripts.to}">`}</noscript>
          ) : null}
        </PageHead>
        <body>
          <main>{props.children}</main>
        </body>
      </html>
    </>
  );
}

/** A short page that says one thing: done, used, not found, try again. */
export function MessagePage(props: { title: string; message: Child }) {
  return (
    <Page title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
    </Page>
  );
}

/** The errors at the top, each a link to its field, announced to screen readers. */
export function ErrorSummary(props: { errors: Record<string, string>; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="summary" role="alert" tabindex={-1} id="error-summary">
      <h2>{entries.length === 1 ? 'One answer needs a look' : `${entries.length} answers need a look`}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#field-${field}`}>{`${props.labels[field] ?? field} — ${message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function FieldError(props: { field: string; message?: string }) {
  return props.message ? (
    <p class="error" id={`error-${props.field}`}>
      {`Error: ${props.message}`}
    </p>
  ) : null;
}

export const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * When a form cannot be rebuilt (its template is out of reach), every posted
 * field goes back hidden, and visible, so one press sends it all again.
 */
export function RetryForm(props: { action: string; fields: Record<string, string | number | string[] | undefined>; notice: string }) {
  const entries = Object.entries(props.fields).flatMap(([name, value]) =>
    value === undefined ? [] : (Array.isArray(value) ? value : [String(value)]).map((v) => [name, v] as const),
  );
  return (
    <Page title="Not saved yet">
      <h1>Not saved yet</h1>
      <p class="notice" role="status">
        {props.notice}
      </p>
      <form method="post" action={props.action}>
        {entries.map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <dl>
          {entries
            .filter(([name]) => name !== 'submissionId' && name !== 'template')
            .map(([name, value]) => (
              <>
                <dt>{name}</dt>
                <dd>{value}</dd>
              </>
            ))}
        </dl>
        <button type="submit">Send again</button>
      </form>
    </Page>
  );
}

/** The name field of the check-in and of named surveys. */
export function NameField(props: { value: string; error?: string }) {
  return (
    <div class="field">
      <label for="field-name">
        Your name<span class="required"> (required)</span>
      </label>
      <FieldError field="name" message={props.error} />
      <input
        type="text"
        id="field-name"
        name="name"
        autocomplete="name"
        maxlength={100}
        required
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? 'error-name' : undefined}
      />
    </div>
  );
}
