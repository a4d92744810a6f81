import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { FormattedItem } from 'dynamodb-toolbox';
import { EntityFormatter } from 'dynamodb-toolbox/entity/actions/format';
import type { Attendee } from '../domain/attendance';
import type { FactChange, ProxiedImage, ReaderDayImage } from '../domain/counts';
import { attendeeOf } from './attendance';
import type { Store } from './client';
import { keys, type Model } from './model';

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

/**
 * A fact that changed, as the domain counts it; an attendance record says its
 * day as stored (records from before days were stored name their review, whose day is asked).
 */
export type FactRecord = Exclude<FactChange, { fact: 'attendee' }> | { fact: 'attendee'; reviewId: string; before?: StoredAttendee; after?: StoredAttendee };

export interface StoredAttendee {
  attendee: Attendee;
  day?: string;
  uncounted?: boolean;
}

/** Which fact an item is, from its key: rollups, markers and the like are not facts. */
function factOf(item: Record<string, unknown>): 'readerDay' | 'proxied' | 'link' | 'writeup' | 'review' | 'attendee' | 'response' | undefined {
  const pk = String(item.pk ?? '');
  const sk = String(item.sk ?? '');
  if (pk.startsWith(`${keys.readersPrefix}#`)) return 'readerDay';
  if (pk.startsWith(`${keys.proxiedPrefix}#`)) return 'proxied';
  if (pk.startsWith(keys.linksPartition('')) && sk.startsWith(keys.linkPrefix)) return 'link';
  if (sk === keys.writeup('').sk) return 'writeup';
  if (sk === keys.review('').sk) return 'review';
  if (sk.startsWith(keys.attendeePrefix)) return 'attendee';
  if (sk.startsWith(keys.response(''))) return 'response';
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
  const keyImage = image(record.dynamodb?.Keys);
  const fact = keyImage && factOf(keyImage);
  if (!fact) return undefined;
  const before = image(record.dynamodb?.OldImage);
  const after = image(record.dynamodb?.NewImage);
  // Each image read with its own item type's formatter: typed, and checked against the model.
  const read = <T>(format: (item: Record<string, unknown>) => T) => {
    try {
      return { before: before && format(before), after: after && format(after) };
    } catch {
      return undefined;
    }
  };
  const { model } = store;
  switch (fact) {
    case 'readerDay': {
      const images = read((item) => readerDayOf(model.readerDay.build(EntityFormatter).format(item)));
      return images && { fact, ...images, at: recordTime(record).toISOString() };
    }
    case 'proxied': {
      const images = read((item) => proxiedOf(model.proxiedFetch.build(EntityFormatter).format(item)));
      return images && { fact, ...images };
    }
    case 'link': {
      const images = read((item) => model.link.build(EntityFormatter).format(item));
      return images && { fact, ...images };
    }
    case 'writeup': {
      const images = read((item) => model.writeup.build(EntityFormatter).format(item));
      return images && { fact, ...images };
    }
    case 'review': {
      const images = read((item) => model.review.build(EntityFormatter).format(item));
      return images && { fact, ...images };
    }
    case 'attendee': {
      const images = read((item) => model.attendee.build(EntityFormatter).format(item));
      if (!images) return undefined;
      const reviewId = (images.after ?? images.before)!.reviewId;
      const stored = (item: FormattedItem<Model['attendee']>): StoredAttendee => ({ attendee: attendeeOf(item), day: item.day, uncounted: item.uncounted });
      return { fact, reviewId, before: images.before && stored(images.before), after: images.after && stored(images.after) };
    }
    case 'response': {
      const images = read((item) => model.response.build(EntityFormatter).format(item));
      return images && { fact, ...images };
    }
  }
}

/** A reader's day keeps its write-up and day in its key: `{writeup}#{day}`. */
function readerDayOf({ writeupDay, hash: _hash, expiresAt: _expiresAt, ...rest }: FormattedItem<Model['readerDay']>): ReaderDayImage {
  const at = writeupDay.lastIndexOf('#');
  return { ...rest, writeupId: writeupDay.slice(0, at), day: writeupDay.slice(at + 1) };
}

function proxiedOf({ writeupDay, proxy, fetches }: FormattedItem<Model['proxiedFetch']>): ProxiedImage {
  const at = writeupDay.lastIndexOf('#');
  return { writeupId: writeupDay.slice(0, at), day: writeupDay.slice(at + 1), proxy, fetches };
}
