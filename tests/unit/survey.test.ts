import { describe, expect, it } from 'vitest';
import { reviewSections } from '../../functions/domain/report';
import type { Review } from '../../functions/domain/review';
import {
  DEFAULT_TEMPLATE,
  mergeQuestions,
  parseAnswers,
  parseTemplateRef,
  summarizeAnswers,
  templateSchema,
  type Question,
} from '../../functions/domain/survey';
import { invitedByList, nameKey, summarizeAttendance } from '../../functions/domain/attendance';

const questions = DEFAULT_TEMPLATE.questions;

describe('parseAnswers (post-review-v1)', () => {
  it('accepts a full response and leaves out empty optional answers', () => {
    const parsed = parseAnswers(questions, { learned: 'somewhat', understanding: '4', surprise: '  the pool  ', mystery: '', spoke: 'yes' });
    expect(parsed).toEqual({ ok: true, answers: { learned: 'somewhat', understanding: 4, surprise: 'the pool', spoke: 'yes' } });
  });

  it('asks for the required question and names every wrong answer', () => {
    const parsed = parseAnswers(questions, { understanding: '9', spoke: 'maybe', recommend: ['yes', 'no'] });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(Object.keys(parsed.errors).sort()).toEqual(['learned', 'spoke', 'understanding']);
      expect(parsed.errors.learned).toBe('This question needs an answer.');
      expect(parsed.errors.understanding).toBe('Pick a number from 1 to 5.');
    }
  });

  it('keeps text up to 4,000 characters and refuses longer', () => {
    expect(parseAnswers(questions, { learned: 'yes', surprise: 'x'.repeat(4_000) }).ok).toBe(true);
    const long = parseAnswers(questions, { learned: 'yes', surprise: 'x'.repeat(4_001) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.errors.surprise).toMatch(/4,000/);
  });

  it('takes several options for a multi question, only among its options', () => {
    const multi: Question[] = [{ id: 'helped', type: 'multi', prompt: 'What helped?', options: ['logs', 'dashboards', 'people'] }];
    expect(parseAnswers(multi, { helped: ['logs', 'people', 'logs'] })).toEqual({ ok: true, answers: { helped: ['logs', 'people'] } });
    expect(parseAnswers(multi, { helped: ['logs', 'luck'] }).ok).toBe(false);
  });
});

describe('summarizeAnswers', () => {
  it('counts every option, spreads and averages the scale, and keeps text whole', () => {
    const summary = summarizeAnswers(questions, [
      { learned: 'yes', understanding: 4, surprise: 'The pool kept stale connections' },
      { learned: 'yes', understanding: 5 },
      { learned: 'no', understanding: 2, surprise: '<script>alert(1)</script>' },
    ]);
    expect(summary.find((q) => q.id === 'learned')).toMatchObject({ counts: { yes: 2, somewhat: 0, no: 1 }, answered: 3 });
    expect(summary.find((q) => q.id === 'understanding')).toMatchObject({ counts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 }, mean: 3.67 });
    expect(summary.find((q) => q.id === 'surprise')).toMatchObject({ answers: ['The pool kept stale connections', '<script>alert(1)</script>'] });
    expect(summary.find((q) => q.id === 'mystery')).toMatchObject({ answered: 0, answers: [] });
  });
});

describe('survey templates', () => {
  const question = (id: string): Question => ({ id, type: 'text', prompt: `Question ${id}?` });
  it('take at most 50 questions, with distinct, unreserved ids', () => {
    const ok = templateSchema.safeParse({ id: 'retro', title: 'Retro', questions: Array.from({ length: 50 }, (_, i) => question(`q${i}`)) });
    expect(ok.success).toBe(true);
    expect(templateSchema.safeParse({ id: 'retro', title: 'Retro', questions: Array.from({ length: 51 }, (_, i) => question(`q${i}`)) }).success).toBe(false);
    expect(templateSchema.safeParse({ id: 'retro', title: 'Retro', questions: [question('a'), question('a')] }).success).toBe(false);
    expect(templateSchema.safeParse({ id: 'retro', title: 'Retro', questions: [question('submissionId')] }).success).toBe(false);
  });
  it('are referred to by id, or id@version', () => {
    expect(parseTemplateRef('retro')).toEqual({ id: 'retro', version: undefined });
    expect(parseTemplateRef('retro@3')).toEqual({ id: 'retro', version: 3 });
    expect(parseTemplateRef('retro@0')).toBeUndefined();
    expect(parseTemplateRef('Retro')).toBeUndefined();
  });
  it('merge by question id, first definition kept', () => {
    expect(
      mergeQuestions([
        [question('a'), question('b')],
        [question('b'), question('c')],
      ]).map((q) => q.id),
    ).toEqual(['a', 'b', 'c']);
  });
});

describe('attendance', () => {
  it('compares names case-insensitively after trimming', () => {
    expect(nameKey('  Ana   Lima ')).toBe(nameKey('ana lima'));
    expect(invitedByList(' ANA LIMA', ['Ana Lima', 'Bo'])).toBe(true);
    expect(invitedByList('Cy', ['Ana Lima'])).toBe(false);
    expect(invitedByList('Cy', [])).toBeUndefined();
  });
  it('counts voluntary attendees and participants', () => {
    expect(summarizeAttendance([{ name: 'a', invited: false, participated: true }, { name: 'b', invited: true }, { name: 'c' }])).toEqual({
      attendees: 3,
      voluntary: 1,
      participated: 1,
    });
  });
});

describe('reviewSections', () => {
  const review = (id: string, startsAt: string): Review => ({
    id,
    writeupId: 'w',
    startsAt,
    invitees: [],
    anonymous: true,
    template: { id: DEFAULT_TEMPLATE.id, version: 1, title: '', questions },
    checkinToken: 'c',
    surveyToken: 's',
    createdAt: startsAt,
  });
  it('counts reviews that started in the range, and responses submitted in it', () => {
    const sections = reviewSections(
      { from: '2026-02-01', to: '2026-02-28' },
      {
        reviews: [
          { review: review('jan', '2026-01-31T16:00:00Z'), attendees: [{ name: 'a', invited: true }] },
          {
            review: review('feb', '2026-02-10T16:00:00Z'),
            attendees: [
              { name: 'b', invited: false },
              { name: 'c', participated: true },
            ],
          },
        ],
        responses: [
          { reviewId: 'jan', answers: { learned: 'yes' } },
          { reviewId: 'feb', answers: { learned: 'no' } },
        ],
      },
    );
    expect(sections.attendance).toMatchObject({ reviews: 1, attendees: 2, voluntary: 1, participated: 1 });
    expect(sections.surveys).toMatchObject({ responses: 2, responseRate: 1 });
    expect(sections.surveys.questions[0]).toMatchObject({ id: 'learned', counts: { yes: 1, somewhat: 0, no: 1 } });
  });
});
