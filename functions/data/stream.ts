import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import type { Attendee, Role } from '../domain/attendance';
import type { FactChange, ReaderDayImage } from '../domain/counts';
import type { Store } from './client';
import type { Model } from './model';

/**
 * A record of the table's stream, as Lambda's event source mapping delivers it
 * and as DynamoDB Streams' GetRecords returns it (images in DynamoDB's JSON).
 */
export interface StreamRecord {
  eventName?: string;
  dynamodb?: {
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber?: string;
    /** Epoch seconds from Lambda, a Date from the Streams API. */
    ApproximateCreationDateTime?: number | Date;
  };
}

/** A fact that changed, as the domain counts it; attendees name their review for the day it is counted on. */
export type FactRecord = Exclude<FactChange, { fact: 'attendee' }> | (Omit<Extract<FactChange, { fact: 'attendee' }>, 'reviewDay'> & { reviewId: string });

/** Which fact an item is, from its key: rollups, markers and the like are not facts. */
function factOf(keys: Record<string, unknown>): keyof Pick<Model, 'readerDay' | 'link' | 'writeup' | 'review' | 'attendee' | 'response'> | undefined {
  const pk = String(keys.pk ?? '');
  const sk = String(keys.sk ?? '');
  if (pk.startsWith('READERS#') && sk.startsWith('R#')) return 'readerDay';
  if (pk.startsWith('WRITEUP#') && sk.startsWith('LINK#')) return 'link';
  if (pk.startsWith('WRITEUP#') && sk === 'WRITEUP') return 'writeup';
  if (pk.startsWith('REVIEW#') && sk === 'REVIEW') return 'review';
  if (pk.startsWith('REVIEW#') && sk.startsWith('ATTENDEE#')) return 'attendee';
  if (pk.startsWith('REVIEW#') && sk.startsWith('RESPONSE#')) return 'response';
  return undefined;
}

const image = (value: Record<string, unknown> | undefined) => (value ? unmarshall(value as Record<string, AttributeValue>) : undefined);

/** The sequence number, written to compare as text: stream sequence numbers are decimal, of varying length. */
export const sortableSeq = (seq: string) => seq.padStart(40, '0');

export function recordTime(record: StreamRecord): Date {
  const at = record.dynamodb?.ApproximateCreationDateTime;
  return at instanceof Date ? at : typeof at === 'number' ? new Date(at * 1000) : new Date();
}

/**
 * The fact a stream record changed, with its images before and after in the
 * model's own types; undefined for items that are not facts, and for images
 * the model cannot read (written by something else), which count nothing.
 */
export function factChange(store: Store, record: StreamRecord): FactRecord | undefined {
  const keys = image(record.dynamodb?.Keys);
  const fact = keys && factOf(keys);
  if (!fact) return undefined;
  const entity = store.model[fact] as Model['writeup'];
  const formatter = entity.build(EntityFormatter);
  const read = (raw: Record<string, unknown> | undefined) => {
    const plain = image(raw);
    if (!plain) return undefined;
    try {
      return formatter.format(plain) as unknown as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  const before = read(record.dynamodb?.OldImage);
  const after = read(record.dynamodb?.NewImage);
  if (before === null || after === null) return undefined;
  switch (fact) {
    case 'readerDay':
      return { fact, before: before && readerDayOf(before), after: after && readerDayOf(after), at: recordTime(record).toISOString() };
    case 'attendee': {
      const reviewId = String((after ?? before)?.reviewId ?? '');
      return { fact, reviewId, before: before && attendeeOf(before), after: after && attendeeOf(after) };
    }
    default:
      return { fact, before: before as never, after: after as never };
  }
}

/** A reader's day keeps its write-up and day in its key: `{writeup}#{day}`. */
function readerDayOf(item: Record<string, unknown>): ReaderDayImage {
  const writeupDay = String(item.writeupDay);
  const at = writeupDay.lastIndexOf('#');
  return { ...(item as Omit<ReaderDayImage, 'writeupId' | 'day'>), writeupId: writeupDay.slice(0, at), day: writeupDay.slice(at + 1) };
}

function attendeeOf(item: Record<string, unknown>): Attendee {
  const { name, invited, role, participated, checkedIn } = item as unknown as Attendee & { role?: string };
  return { name, invited, role: role as Role | undefined, participated, checkedIn };
}
