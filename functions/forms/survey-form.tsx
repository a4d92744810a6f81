import { MAX_TEXT_ANSWER, type Question, type RawAnswers } from '../domain/survey';
import { capitalize, ErrorSummary, FieldError, NameField, Page } from './layout';

export interface SurveyFormProps {
  action: string;
  heading: string;
  questions: Question[];
  templateRef: string;
  askName: boolean;
  values: RawAnswers;
  errors: Record<string, string>;
  submissionId: string;
  notice?: string;
  /** A way back, where the form is shown elsewhere than to participants (the survey editor's preview). */
  back?: { href: string; label: string };
}

const asList = (value: RawAnswers[string]) => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
const asText = (value: RawAnswers[string]) => (Array.isArray(value) ? (value[0] ?? '') : value === undefined ? '' : String(value));

function Required(props: { required?: boolean }) {
  return props.required ? <span class="required"> (required)</span> : null;
}

function ChoiceQuestion(props: { question: Question & { type: 'choice' | 'multi' }; value: RawAnswers[string]; error?: string }) {
  const { question } = props;
  const picked = asList(props.value);
  const type = question.type === 'choice' ? 'radio' : 'checkbox';
  return (
    <fieldset aria-describedby={props.error ? `error-${question.id}` : undefined}>
      <legend>
        {question.prompt}
        <Required required={question.required} />
        {question.type === 'multi' ? <span class="required"> (pick any)</span> : null}
      </legend>
      <FieldError field={question.id} message={props.error} />
      <div class="choices">
        {question.options.map((option, index) => (
          <label class="choice">
            <input
              type={type}
              name={question.id}
              value={option}
              id={index === 0 ? `field-${question.id}` : undefined}
              checked={picked.includes(option)}
              required={question.required && type === 'radio' ? true : undefined}
              aria-invalid={props.error ? 'true' : undefined}
            />
            {capitalize(option)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ScaleQuestion(props: { question: Question & { type: 'scale' }; value: RawAnswers[string]; error?: string }) {
  const { question } = props;
  const picked = asText(props.value);
  const points: number[] = [];
  for (let point = question.min; point <= question.max; point++) points.push(point);
  const hint =
    question.minLabel || question.maxLabel
      ? `${question.min} is ${question.minLabel ?? 'least'}, ${question.max} is ${question.maxLabel ?? 'most'}`
      : undefined;
  return (
    <fieldset aria-describedby={[props.error ? `error-${question.id}` : '', hint ? `hint-${question.id}` : ''].join(' ').trim() || undefined}>
      <legend>
        {question.prompt}
        <Required required={question.required} />
      </legend>
      <FieldError field={question.id} message={props.error} />
      <div class="choices inline">
        {points.map((point, index) => (
          <label class="choice">
            <input
              type="radio"
              name={question.id}
              value={String(point)}
              id={index === 0 ? `field-${question.id}` : undefined}
              checked={picked === String(point)}
              required={question.required ? true : undefined}
              aria-invalid={props.error ? 'true' : undefined}
            />
            {String(point)}
          </label>
        ))}
      </div>
      {hint ? (
        <p class="scale-labels" id={`hint-${question.id}`}>
          <span>{`${question.min}: ${question.minLabel ?? ''}`}</span>
          <span>{`${question.max}: ${question.maxLabel ?? ''}`}</span>
        </p>
      ) : null}
    </fieldset>
  );
}

function TextQuestion(props: { question: Question & { type: 'text' | 'longtext' }; value: RawAnswers[string]; error?: string }) {
  const { question } = props;
  // No maxlength: a browser would cut a long paste without a word. The counter
  // (with JavaScript) warns near the limit; the server says by how much it is over.
  const counter = `count-${question.id}`;
  const common = {
    id: `field-${question.id}`,
    name: question.id,
    required: question.required ? true : undefined,
    'data-limit': String(MAX_TEXT_ANSWER),
    'data-counter': counter,
    'aria-invalid': props.error ? 'true' : undefined,
    'aria-describedby': [props.error ? `error-${question.id}` : '', counter].join(' ').trim(),
  };
  return (
    <div class="field">
      <label for={`field-${question.id}`}>
        {question.prompt}
        <Required required={question.required} />
      </label>
      <FieldError field={question.id} message={props.error} />
      {question.type === 'text' ? (
        <input type="text" value={asText(props.value)} {...common} />
      ) : (
        <textarea rows={4} {...common}>
          {asText(props.value)}
        </textarea>
      )}
      <p class="counter" id={counter} aria-live="polite" hidden></p>
    </div>
  );
}

export const SURVEY_SCRIPT_PATH = '/s/form.js';

/**
 * The forms' one small script, and they work without it: it counts down the characters left in a
 * text answer once it nears the limit, and brings the room's check-in screen back for the next person.
 */
export const SURVEY_SCRIPT = `var reset = document.querySelector('[data-reset-after]');
if (reset) setTimeout(function () { location.replace(reset.getAttribute('href')); }, Number(reset.getAttribute('data-reset-after')) * 1000);
document.querySelectorAll('[data-limit]').forEach(function (field) {
  var limit = Number(field.getAttribute('data-limit'));
  var note = document.getElementById(field.getAttribute('data-counter'));
  var update = function () {
    var left = limit - field.value.length;
    note.hidden = left > 400;
    note.className = left < 0 ? 'counter over' : 'counter';
    note.textContent = left >= 0
      ? left.toLocaleString('en-US') + (left === 1 ? ' character' : ' characters') + ' left'
      : (-left).toLocaleString('en-US') + ' over the limit of ' + limit.toLocaleString('en-US') + ': please shorten it';
  };
  field.addEventListener('input', update);
  update();
});`;

/** The survey, server-rendered; it works without JavaScript and keeps every typed answer. */
export function SurveyForm(props: SurveyFormProps) {
  const labels: Record<string, string> = Object.fromEntries(props.questions.map((q) => [q.id, q.prompt]));
  labels.name = 'Your name';
  return (
    <Page title={props.heading} script={SURVEY_SCRIPT_PATH}>
      {props.back ? (
        <p>
          <a href={props.back.href}>{props.back.label}</a>
        </p>
      ) : null}
      <h1>{props.heading}</h1>
      <p class="lede">
        {props.askName
          ? 'About two minutes. This review asked for names, so your name is kept with your answers.'
          : 'About two minutes. Anonymous: no name, no address, nothing that points back to you is kept.'}
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <ErrorSummary errors={props.errors} labels={labels} />
      <form method="post" action={props.action} novalidate>
        <input type="hidden" name="submissionId" value={props.submissionId} />
        <input type="hidden" name="template" value={props.templateRef} />
        {props.askName ? <NameField value={asText(props.values.name)} error={props.errors.name} /> : null}
        {props.questions.map((question) => {
          const value = props.values[question.id];
          const error = props.errors[question.id];
          switch (question.type) {
            case 'choice':
            case 'multi':
              return <ChoiceQuestion question={question} value={value} error={error} />;
            case 'scale':
              return <ScaleQuestion question={question} value={value} error={error} />;
            default:
              return <TextQuestion question={question} value={value} error={error} />;
          }
        })}
        <button type="submit">Send my answers</button>
      </form>
    </Page>
  );
}
