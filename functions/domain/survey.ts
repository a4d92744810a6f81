import * as z from 'zod';

/** Text answers are kept whole, up to this length. */
export const MAX_TEXT_ANSWER = 4_000;
export const MAX_QUESTIONS = 50;

const questionId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'must be 1 to 40 letters, digits, _ or -, starting with a letter')
  .meta({ description: "The answer's name in reports and exports" });
const prompt = z.string().trim().min(1).max(300).meta({ description: 'The question, as participants read it' });
const required = z.boolean().optional().meta({ description: 'An answer is needed to send the survey' });
const option = z.string().trim().min(1).max(100);
const options = z
  .array(option)
  .min(2)
  .max(20)
  .refine((list) => new Set(list).size === list.length, 'options must differ')
  .meta({ description: 'The choices, 2 to 20, each once' });

export const questionSchema = z.discriminatedUnion('type', [
  z.strictObject({ id: questionId, type: z.literal('choice').meta({ description: 'One of the options' }), prompt, required, options }),
  z.strictObject({ id: questionId, type: z.literal('multi').meta({ description: 'Any of the options' }), prompt, required, options }),
  z.strictObject({
    id: questionId,
    type: z.literal('scale').meta({ description: 'A point on a scale' }),
    prompt,
    required,
    min: z.number().int().min(0).max(1).meta({ description: 'The lowest point, 0 or 1' }),
    max: z.number().int().min(2).max(10).meta({ description: 'The highest point, 2 to 10' }),
    minLabel: z.string().trim().max(60).optional().meta({ description: 'What the lowest point means' }),
    maxLabel: z.string().trim().max(60).optional().meta({ description: 'What the highest point means' }),
  }),
  z.strictObject({ id: questionId, type: z.literal('text').meta({ description: 'A line of text' }), prompt, required }),
  z.strictObject({ id: questionId, type: z.literal('longtext').meta({ description: 'Paragraphs of text' }), prompt, required }),
]);

export type Question = z.infer<typeof questionSchema>;

/**
 * Names a form field uses itself, and names every JavaScript object already
 * has (`constructor`, `toString`, `__proto__`, …): a question may not take them.
 */
const RESERVED_IDS = new Set(['submissionId', 'name', 'template', ...Object.getOwnPropertyNames(Object.prototype)]);

export const templateSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be 1 to 64 lowercase letters, digits or dashes')
    .meta({ description: 'The survey’s id: saving under a known id makes its next version' }),
  title: z.string().trim().min(1).max(200).meta({ description: 'The survey’s title, as participants see it' }),
  questions: z
    .array(questionSchema)
    .min(1)
    .max(MAX_QUESTIONS)
    .superRefine((questions, ctx) => {
      const seen = new Set<string>();
      questions.forEach((question, index) => {
        if (seen.has(question.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'question ids must differ' });
        if (RESERVED_IDS.has(question.id)) ctx.addIssue({ code: 'custom', path: [index, 'id'], message: 'this id is reserved' });
        seen.add(question.id);
      });
    })
    .meta({ description: `The questions, in order: 1 to ${MAX_QUESTIONS}, each id once` }),
});

export type TemplateDefinition = z.infer<typeof templateSchema>;

/** A copy of a survey: its own id and title; the questions are the copied survey's. */
export const copyTemplateSchema = z.strictObject({ id: templateSchema.shape.id, title: templateSchema.shape.title });
export type TemplateCopy = z.infer<typeof copyTemplateSchema>;

export interface SurveyTemplate extends TemplateDefinition {
  version: number;
}

export const DEFAULT_TEMPLATE: SurveyTemplate = {
  id: 'post-review-v1',
  version: 1,
  title: 'After the review',
  questions: [
    {
      id: 'learned',
      type: 'choice',
      prompt: 'Did you learn something new about how our systems or our work really happen?',
      required: true,
      options: ['yes', 'somewhat', 'no'],
    },
    {
      id: 'understanding',
      type: 'scale',
      prompt: 'How much did this review change your understanding of the incident?',
      min: 1,
      max: 5,
      minLabel: 'not at all',
      maxLabel: 'completely',
    },
    { id: 'surprise', type: 'longtext', prompt: 'What surprised you the most?' },
    { id: 'mystery', type: 'longtext', prompt: 'What is still a mystery to you?' },
    { id: 'notWorse', type: 'longtext', prompt: 'What kept this incident from being worse than it was?' },
    { id: 'spoke', type: 'choice', prompt: 'Did you share your own perspective during the review?', options: ['yes', 'no'] },
    { id: 'recommend', type: 'choice', prompt: 'Would you point a new colleague to this write-up?', options: ['yes', 'no', 'unsure'] },
  ],
};

/** `post-review-v1`, `my-template` (its latest version) or `my-template@3`. */
export function parseTemplateRef(ref: string): { id: string; version?: number } | undefined {
  const match = /^([a-z0-9][a-z0-9-]{0,63})(?:@([1-9]\d{0,5}))?$/.exec(ref);
  if (!match) return undefined;
  return { id: match[1]!, version: match[2] ? Number(match[2]) : undefined };
}

export type Answer = string | number | string[];
export type Answers = Record<string, Answer>;

/** What a person typed, as the form sends it back (strings, or lists for checkboxes). */
export type RawAnswers = Record<string, string | string[] | number | undefined>;

export type ParsedAnswers = { ok: true; answers: Answers } | { ok: false; errors: Record<string, string> };

const asList = (value: RawAnswers[string]): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);
const asText = (value: RawAnswers[string]): string => (Array.isArray(value) ? (value[0] ?? '') : value === undefined ? '' : String(value)).trim();

/**
 * Checks answers against a template: one message per question that is wrong,
 * in words a participant understands. Empty optional answers are left out.
 */
export function parseAnswers(questions: Question[], raw: RawAnswers): ParsedAnswers {
  // Maps without a prototype: no question id can reach an inherited property.
  const answers: Answers = Object.create(null);
  const errors: Record<string, string> = Object.create(null);
  for (const question of questions) {
    const value = Object.hasOwn(raw, question.id) ? raw[question.id] : undefined;
    switch (question.type) {
      case 'choice': {
        const text = asText(value);
        if (!text) break;
        if (question.options.includes(text)) answers[question.id] = text;
        else errors[question.id] = 'Pick one of the options.';
        break;
      }
      case 'multi': {
        const picked = [
          ...new Set(
            asList(value)
              .map((v) => v.trim())
              .filter(Boolean),
          ),
        ];
        if (picked.length === 0) break;
        if (picked.every((v) => question.options.includes(v))) answers[question.id] = picked;
        else errors[question.id] = 'Pick among the options only.';
        break;
      }
      case 'scale': {
        const text = asText(value);
        if (!text) break;
        const number = Number(text);
        if (Number.isInteger(number) && number >= question.min && number <= question.max) answers[question.id] = number;
        else errors[question.id] = `Pick a number from ${question.min} to ${question.max}.`;
        break;
      }
      case 'text':
      case 'longtext': {
        const text = asText(value);
        if (!text) break;
        if (text.length <= MAX_TEXT_ANSWER) answers[question.id] = text;
        else errors[question.id] = `Keep it under ${MAX_TEXT_ANSWER.toLocaleString('en-US')} characters (this is ${text.length.toLocaleString('en-US')}).`;
        break;
      }
    }
    if (question.required && answers[question.id] === undefined && !errors[question.id]) {
      errors[question.id] = 'This question needs an answer.';
    }
  }
  return Object.keys(errors).length ? { ok: false, errors: { ...errors } } : { ok: true, answers: { ...answers } };
}

export type QuestionSummary =
  | { id: string; type: 'choice' | 'multi'; prompt: string; answered: number; counts: Record<string, number> }
  | {
      id: string;
      type: 'scale';
      prompt: string;
      answered: number;
      counts: Record<string, number>;
      mean: number | null;
    }
  | { id: string; type: 'text' | 'longtext'; prompt: string; answered: number; answers: string[] };

/** Per-question results: counts with every option listed, the scale's spread and mean, text in full. */
export function summarizeAnswers(questions: Question[], responses: Answers[]): QuestionSummary[] {
  return questions.map((question) => {
    const given = responses.map((answers) => (Object.hasOwn(answers, question.id) ? answers[question.id] : undefined)).filter((answer) => answer !== undefined);
    switch (question.type) {
      case 'choice':
      case 'multi': {
        const counts = Object.fromEntries(question.options.map((o) => [o, 0]));
        for (const answer of given)
          for (const picked of Array.isArray(answer) ? answer : [String(answer)]) {
            if (Object.hasOwn(counts, picked)) counts[picked]! += 1;
          }
        return { id: question.id, type: question.type, prompt: question.prompt, answered: given.length, counts };
      }
      case 'scale': {
        const counts: Record<string, number> = {};
        for (let point = question.min; point <= question.max; point++) counts[point] = 0;
        const numbers = given.map(Number).filter((n) => Object.hasOwn(counts, String(n)));
        for (const n of numbers) counts[n]! += 1;
        const mean = numbers.length ? Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 100) / 100 : null;
        return { id: question.id, type: 'scale', prompt: question.prompt, answered: numbers.length, counts, mean };
      }
      case 'text':
      case 'longtext':
        return { id: question.id, type: question.type, prompt: question.prompt, answered: given.length, answers: given.map(String) };
    }
  });
}

/**
 * The questions of several templates in first-seen order; a question id that
 * appears in more than one keeps its first definition.
 */
export function mergeQuestions(templates: Question[][]): Question[] {
  const byId = new Map<string, Question>();
  for (const questions of templates) for (const question of questions) if (!byId.has(question.id)) byId.set(question.id, question);
  return [...byId.values()];
}

// Participants' own words: which answers are theirs to quote, and how they are read.

/**
 * The default survey's open questions about what the review brought up (DESIGN.md, "What participants
 * say"): what surprised people, what is still a mystery to them, what kept the incident from being worse.
 * The organization's page shows all three, each under its own heading.
 */
export const PARTICIPANT_WORDS = ['surprise', 'mystery', 'notWorse'] as const;
export type WordsQuestion = (typeof PARTICIPANT_WORDS)[number];

/**
 * The digest's share, on purpose smaller: "three to five recent surprises and mysteries" (DESIGN.md's
 * digest section), taken in turn. A weekly message has room for a few quotes, and these two are the
 * ones that start a conversation; what kept an incident from being worse stays on the page.
 */
export const DIGEST_WORDS = ['surprise', 'mystery'] as const satisfies readonly WordsQuestion[];

/** One answer in a participant's own words, with its write-up, and never with the participant's name. */
export interface ParticipantWords<Q extends WordsQuestion = WordsQuestion> {
  writeupId: string;
  writeupTitle: string;
  question: Q;
  answer: string;
  submittedAt: string;
}

/** A write-up's responses read for participants' words: each non-empty text answer to one of `questions`, response by response. */
export function participantWords<Q extends WordsQuestion = WordsQuestion>(
  writeup: { id: string; title: string },
  responses: ReadonlyArray<{ answers: Answers; submittedAt: string }>,
  questions: readonly Q[] = PARTICIPANT_WORDS as unknown as readonly Q[],
): Array<ParticipantWords<Q>> {
  return responses.flatMap((r) =>
    questions
      .filter((q) => typeof r.answers[q] === 'string' && (r.answers[q] as string).trim())
      .map((question) => ({ writeupId: writeup.id, writeupTitle: writeup.title, question, answer: r.answers[question] as string, submittedAt: r.submittedAt })),
  );
}
