import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { personName } from './attendance';
import type { Question } from './survey';

export const createReviewSchema = z.strictObject({
  startsAt: z
    .string()
    .max(40)
    .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date and time')
    .transform((value) => new Date(value).toISOString()),
  title: z.string().trim().min(1).max(200).optional(),
  invitees: z.array(personName).max(500).optional(),
  surveyTemplate: z.string().max(80).optional(),
  anonymous: z.boolean().optional(),
});

export type NewReview = z.infer<typeof createReviewSchema>;

export const surveyLinksSchema = z.strictObject({
  count: z.number().int().min(1, 'mint at least 1 link').max(500, 'mint at most 500 links at once'),
});

export interface Review {
  id: string;
  writeupId: string;
  title?: string;
  startsAt: string;
  invitees: string[];
  anonymous: boolean;
  template: { id: string; version: number; title: string; questions: Question[] };
  checkinToken: string;
  surveyToken: string;
  createdAt: string;
}

/** An unguessable token for a link: 128 random bits. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function reviewLinks(publicUrl: string, review: Pick<Review, 'checkinToken' | 'surveyToken'>) {
  return { checkinUrl: `${publicUrl}/c/${review.checkinToken}`, surveyUrl: `${publicUrl}/s/${review.surveyToken}` };
}
