import type { Context } from 'hono';
import type { RawAnswers } from '../domain/survey';

export interface Submission {
  json: boolean;
  fields: RawAnswers;
}

/**
 * A form post, form-encoded (browsers, with or without JavaScript) or JSON
 * (scripts). Files and nested objects are not answers and are dropped;
 * undefined when the body cannot be read at all.
 */
export async function readSubmission(c: Context): Promise<Submission | undefined> {
  const json = (c.req.header('content-type') ?? '').includes('application/json');
  const fields: RawAnswers = {};
  if (json) {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return undefined;
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string' || typeof value === 'number') fields[key] = value;
      else if (typeof value === 'boolean') fields[key] = value ? 'yes' : 'no';
      else if (Array.isArray(value)) fields[key] = value.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
    }
    return { json, fields };
  }
  let body: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    // A malformed form body (a broken multipart boundary, say) is the sender's error.
    return undefined;
  }
  for (const [key, value] of Object.entries(body)) {
    const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    if (strings.length) fields[key] = strings.length === 1 ? strings[0]! : strings;
  }
  return { json, fields };
}
